#!/usr/bin/env bash
# Installs the DuckDB extensions Featherman loads (ducklake, httpfs, postgres_scanner,
# sqlite_scanner) into a local extension directory, from the PyPI wheels that carry them.
#
#   scripts/install-duckdb-extensions.sh [extension-dir]
#
# The directory defaults to $FEATHERMAN_DUCKDB_EXTENSION_DIR, else
# ~/.cache/featherman/duckdb-extensions, and is laid out as DuckDB expects:
#   <dir>/v<duckdb-version>/<platform>/<name>.duckdb_extension
# Idempotent: extensions already in place are left alone; wheels are cached in <dir>/.wheels.
# The DuckDB version is the one pinned in pom.xml (<duckdb.version>), so driver and extensions
# always match exactly. Nothing here is committed to git.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-${FEATHERMAN_DUCKDB_EXTENSION_DIR:-$HOME/.cache/featherman/duckdb-extensions}}"
version="${DUCKDB_VERSION:-$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' "$root/pom.xml" | head -n1)}"
extensions=(ducklake httpfs postgres_scanner sqlite_scanner)

case "$(uname -m)" in
  x86_64 | amd64) platform=linux_amd64; wheel_platform=manylinux2014_x86_64 ;;
  aarch64 | arm64) platform=linux_arm64; wheel_platform=manylinux2014_aarch64 ;;
  *) echo "unsupported machine $(uname -m): DuckDB extensions exist for x86_64 and aarch64" >&2; exit 1 ;;
esac

[ -n "$version" ] || { echo "could not read <duckdb.version> from $root/pom.xml" >&2; exit 1; }
target="$dest/v$version/$platform"
wheels="$dest/.wheels"
mkdir -p "$target" "$wheels"

for ext in "${extensions[@]}"; do
  file="$target/$ext.duckdb_extension"
  if [ -s "$file" ]; then
    echo "ok      $ext ($file)"
    continue
  fi
  package="duckdb-extension-${ext//_/-}"
  echo "fetch   $package==$version"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform "$wheel_platform" --dest "$wheels" "$package==$version"
  wheel="$(ls "$wheels"/"${package//-/_}"-"$version"-*.whl | head -n1)"
  # Unpack only the extension binary, via a temporary file so a crash never leaves half a file.
  python3 - "$wheel" "$ext" "$version" "$file" <<'PY'
import os, sys, zipfile
wheel, ext, version, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith(f"/v{version}/{ext}.duckdb_extension")]
    if not names:
        sys.exit(f"{wheel} holds no {ext}.duckdb_extension for v{version}: {z.namelist()}")
    tmp = out + ".tmp"
    with z.open(names[0]) as src, open(tmp, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    os.replace(tmp, out)
PY
  echo "install $ext -> $file"
done
