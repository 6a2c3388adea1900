#!/usr/bin/env bash
# Builds Featherman's six images (five services and the worker) from docker/*.Dockerfile, with a
# Docker engine when one answers, else with buildah (no daemon), and saves each as an archive under
# target/images. The images copy the jars `make build` made, so building needs no network.
#
#   scripts/build-images.sh [--list] [image...]     images: controller-service backup-service
#                                                   pool-service query-gateway webhook-service worker
#
#   --list        print the image references and stop (the chart's defaults must be these)
#   REGISTRY      image registry and path prefix (default ghcr.io/featherman, as the chart)
#   TAG           image tag (default: the chart's appVersion, as the chart)
#   BASE_IMAGE    the JRE base: "auto" (default: eclipse-temurin:17-jre when its registry answers,
#                 else "local"), "local" (Debian bookworm + OpenJDK 17 made by
#                 scripts/build-base-image.sh), or any image reference
#   ENGINE        auto (default), docker or buildah
#   OUT           where archives go (default target/images)
#
# Each image is saved as <OUT>/<name>-<TAG>.tar: an OCI archive (buildah), or `docker save`'s
# archive (an OCI layout from Docker 25 on). <OUT>/images.txt lists reference, archive and size.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
all=(controller-service backup-service pool-service query-gateway webhook-service worker)
registry="${REGISTRY:-ghcr.io/featherman}"
tag="${TAG:-$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/charts/featherman/Chart.yaml")}"
out="${OUT:-$root/target/images}"
local_base="localhost/featherman/base-jre:17-bookworm"
public_base="eclipse-temurin:17-jre"

list=false
names=()
for arg in "$@"; do
  case "$arg" in
    --list) list=true ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)
      [[ " ${all[*]} " == *" $arg "* ]] || { echo "unknown image '$arg': one of ${all[*]}" >&2; exit 2; }
      names+=("$arg") ;;
  esac
done
[ "${#names[@]}" -gt 0 ] || names=("${all[@]}")

if $list; then
  for name in "${names[@]}"; do echo "$registry/$name:$tag"; done
  exit 0
fi

# ---- engine and base ---------------------------------------------------------------------------
engine="${ENGINE:-auto}"
if [ "$engine" = auto ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    engine=docker
  elif command -v buildah >/dev/null; then
    engine=buildah
  else
    echo "no Docker engine answers and buildah is missing: start Docker, or apt-get install buildah" >&2
    exit 1
  fi
fi

base="${BASE_IMAGE:-auto}"
if [ "$base" = auto ]; then
  # Docker Hub answers 401 to an anonymous /v2/ when it is reachable.
  hub="$(curl -s -o /dev/null -w '%{http_code}' -m 5 https://registry-1.docker.io/v2/ || true)"
  if [ "$hub" = 401 ] || [ "$hub" = 200 ]; then base="$public_base"; else base=local; fi
fi

storage=()
if [ "$engine" = buildah ]; then
  # A storage of this build's own (vfs: no kernel overlay needed), removed at the end: nothing is
  # left in the machine's container storage, and parallel clones do not share tags.
  storage=(--storage-driver "${STORAGE_DRIVER:-vfs}" --root "$out/storage" --runroot "$out/run")
fi
bah() { buildah "${storage[@]}" "$@"; }

import_local_base() {
  local tarball
  tarball="$("$root/scripts/build-base-image.sh" | tail -n1 | sed 's/.*(\(.*\))$/\1/')"
  local env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture 2>/dev/null || echo amd64)")
  if [ "$engine" = docker ]; then
    local changes=()
    for e in "${env[@]}"; do changes+=(--change "ENV $e"); done
    docker import "${changes[@]}" "$tarball" "$local_base" >/dev/null
  else
    bah inspect --type image "$local_base" >/dev/null 2>&1 && return 0
    local c m
    c="$(bah from scratch)"
    m="$(bah mount "$c")"
    tar --numeric-owner -C "$m" -xzf "$tarball"
    for e in "${env[@]}"; do bah config --env "$e" "$c"; done
    bah commit -q "$c" "$local_base" >/dev/null
    bah rm "$c" >/dev/null
  fi
}

pull=()
if [ "$base" = local ]; then
  import_local_base
  base="$local_base"
  pull=(--pull=never)
fi

# ---- build contexts: only what each image copies -------------------------------------------------
version_of_duckdb="$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$root/pom.xml" | head -n1)"
extensions="${FEATHERMAN_DUCKDB_EXTENSION_DIR:-$HOME/.cache/featherman/duckdb-extensions}"

need() {
  [ -e "$1" ] || { echo "$1 is missing: run 'make build' first" >&2; exit 1; }
}

link_tree() { # copies $1 into $2, by hard links where the file system allows
  mkdir -p "$2"
  cp -rl "$1"/. "$2"/ 2>/dev/null || cp -r "$1"/. "$2"/
}

stage() {
  local name="$1" ctx="$out/context/$1"
  rm -rf "$ctx"
  mkdir -p "$ctx/duckdb-extensions"
  if [ "$name" = worker ] || [ "$name" = query-gateway ]; then
    # The engine runs in workers, and in the gateway's embedded mode.
    "$root/scripts/install-duckdb-extensions.sh" "$extensions" >/dev/null
    link_tree "$extensions/v$version_of_duckdb" "$ctx/duckdb-extensions/v$version_of_duckdb"
  fi
  if [ "$name" = worker ]; then
    need "$root/worker/target/lib"
    local jar
    jar="$(ls "$root"/worker/target/featherman-worker-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n1 || true)"
    need "${jar:-$root/worker/target/featherman-worker.jar}"
    link_tree "$root/worker/target/lib" "$ctx/lib"
    cp -l "$jar" "$ctx/lib/" 2>/dev/null || cp "$jar" "$ctx/lib/"
  else
    local jar
    jar="$(ls "$root/$name"/target/featherman-"$name"-*-exec.jar 2>/dev/null | head -n1 || true)"
    need "${jar:-$root/$name/target/featherman-$name-exec.jar}"
    cp -l "$jar" "$ctx/app.jar" 2>/dev/null || cp "$jar" "$ctx/app.jar"
  fi
}

# ---- build and save ------------------------------------------------------------------------------
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
if [ "$revision" != unknown ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  revision="$revision-dirty"
fi
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

build() {
  local name="$1" ref="$registry/$1:$tag" file="$out/$1-$tag.tar" dockerfile
  dockerfile="$root/docker/service.Dockerfile"
  [ "$name" = worker ] && dockerfile="$root/docker/worker.Dockerfile"
  local args=(--build-arg "BASE_IMAGE=$base" --build-arg "SERVICE=$name" --build-arg "VERSION=$tag"
    --build-arg "REVISION=$revision" --build-arg "CREATED=$created"
    -f "$dockerfile" -t "$ref" "$out/context/$name")
  rm -f "$file"
  if [ "$engine" = docker ]; then
    docker build -q "${args[@]}" >/dev/null
    docker save -o "$file" "$ref"
  else
    bah bud --quiet --isolation chroot "${pull[@]}" "${args[@]}" >/dev/null
    bah push --quiet "$ref" "oci-archive:$file:$ref"
  fi
}

size_mb() { du -m "$1" | cut -f1; }

mkdir -p "$out"
echo "engine  $engine, base $base, tag $tag, revision $revision"
: >"$out/images.txt.tmp"
for name in "${names[@]}"; do
  started=$SECONDS
  stage "$name"
  build "$name"
  line="$registry/$name:$tag $out/$name-$tag.tar $(size_mb "$out/$name-$tag.tar") MB"
  echo "$line" >>"$out/images.txt.tmp"
  echo "built   $line ($((SECONDS - started)) s)"
done
mv "$out/images.txt.tmp" "$out/images.txt"
if [ "$engine" = buildah ]; then
  bah rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$out/storage" "$out/run" "$out/context"
fi
