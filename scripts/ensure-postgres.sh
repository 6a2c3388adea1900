#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed, for the tests that
# start their own throw-away PostgreSQL on loopback. Installs Debian's postgresql package if absent.
set -euo pipefail

find_bin() {
  command -v initdb 2>/dev/null && return 0
  ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 | grep . && return 0
  return 1
}

if bin="$(find_bin)"; then
  echo "ok      postgresql ($bin)"
  exit 0
fi

echo "install postgresql (apt-get)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
find_bin >/dev/null || { echo "postgresql installed but initdb not found" >&2; exit 1; }
echo "ok      postgresql ($(find_bin))"
