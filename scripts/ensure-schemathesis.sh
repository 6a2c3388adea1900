#!/usr/bin/env bash
# Makes sure Schemathesis (the OpenAPI contract tester the gateway's contract test runs) exists in
# a virtualenv of its own, pinned, cached per machine. Prints the st command's path last.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
venv="${FEATHERMAN_CACHE:-$HOME/.cache/featherman}/schemathesis-$SCHEMATHESIS_VERSION"
st="$venv/bin/st"

if [ -x "$st" ] && "$st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "ok      schemathesis ($st)"
  exit 0
fi

echo "install schemathesis $SCHEMATHESIS_VERSION"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
"$st" --version >/dev/null
echo "ok      schemathesis ($st)"
