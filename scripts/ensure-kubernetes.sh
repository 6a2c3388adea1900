#!/usr/bin/env bash
# Makes sure the real Kubernetes control-plane binaries the integration tests start on loopback are
# present, all built from the Go module proxy: kube-apiserver and kubectl (k8s.io/kubernetes with its
# staging modules taken at their published versions), etcd and helm.
# Cached per version under ~/.cache/featherman/kubernetes/<version>/bin; a second run only checks.
set -euo pipefail

K8S_VERSION="${FEATHERMAN_K8S_VERSION:-v1.34.2}"
HELM_VERSION="${FEATHERMAN_HELM_VERSION:-v3.22.0}"
# Kubernetes 1.34 needs etcd 3.5 or later (Debian's 3.4 lacks the watch-progress feature informers use).
ETCD_VERSION="${FEATHERMAN_ETCD_VERSION:-v3.6.16}"
CACHE="${FEATHERMAN_CACHE:-$HOME/.cache/featherman}/kubernetes/$K8S_VERSION"
BIN="$CACHE/bin"
mkdir -p "$BIN"

fail() {
  echo "ensure-kubernetes: $*" >&2
  echo "ensure-kubernetes: the real-API-server tests need these binaries; fix the cause above and run scripts/ensure-kubernetes.sh again" >&2
  exit 1
}

ensure_etcd() {
  if [ -x "$BIN/etcd" ] && "$BIN/etcd" --version 2>/dev/null | grep -q "Version: ${ETCD_VERSION#v}"; then
    echo "ok      etcd ($BIN/etcd)"; return
  fi
  echo "build   etcd $ETCD_VERSION"
  command -v go >/dev/null 2>&1 || fail "go is not installed"
  local dir src="$CACHE/etcd-src"
  dir="$(go mod download -json "go.etcd.io/etcd/server/v3@$ETCD_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [ -d "$dir" ] || fail "go mod download go.etcd.io/etcd/server/v3@$ETCD_VERSION gave no module directory"
  rm -rf "$src" && cp -r "$dir" "$src" && chmod -R u+w "$src"
  # Its go.mod points the sibling modules at ../; the published modules of the same version are the same code.
  sed -i -E '/=> \.\.\//d; /FORBIDDEN_DEPENDENCY/d' "$src/go.mod"
  rm -f "$BIN/etcd"
  (cd "$src" && GOFLAGS=-mod=mod go build -ldflags "-s -w" -o "$BIN/etcd.tmp" .) || fail "go build of etcd failed"
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  rm -rf "$src"
  echo "ok      etcd ($BIN/etcd)"
}

kubernetes_source() {
  local src="$CACHE/src"
  if [ -f "$src/.prepared" ]; then echo "$src"; return; fi
  command -v go >/dev/null 2>&1 || fail "go is not installed"
  local dir
  dir="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [ -d "$dir" ] || fail "go mod download k8s.io/kubernetes@$K8S_VERSION gave no module directory"
  rm -rf "$src"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  rm -rf "$src/vendor" "$src"/go.work*
  # The module's go.mod points its staging modules at ./staging; the published modules are the same code.
  local staging="${K8S_VERSION/v1./v0.}"
  sed -i -E "s#^(\s*)(k8s\.io/[a-z0-9-]+) => \./staging/src/k8s\.io/[a-z0-9-]+#\1\2 => \2 $staging#" "$src/go.mod"
  touch "$src/.prepared"
  echo "$src"
}

build_kube() {
  local name="$1"
  if [ -x "$BIN/$name" ]; then echo "ok      $name ($BIN/$name)"; return; fi
  echo "build   $name $K8S_VERSION (first time on this machine: a few minutes)"
  local src minor
  src="$(kubernetes_source)"
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  (cd "$src" && GOFLAGS=-mod=mod go build -o "$BIN/$name.tmp" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION" \
    "./cmd/$name") || fail "go build of $name failed"
  mv "$BIN/$name.tmp" "$BIN/$name"
  echo "ok      $name ($BIN/$name)"
}

ensure_helm() {
  if [ -x "$BIN/helm" ]; then echo "ok      helm ($BIN/helm)"; return; fi
  echo "build   helm $HELM_VERSION"
  # Helm's own release build stamps the Kubernetes version it assumes offline (helm template, lint).
  local minor
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  GOBIN="$BIN" go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" || fail "go install helm failed"
  echo "ok      helm ($BIN/helm)"
}

ensure_etcd
build_kube kube-apiserver
build_kube kubectl
ensure_helm
rm -rf "$CACHE/src"
echo "$K8S_VERSION" > "$BIN/VERSION"
