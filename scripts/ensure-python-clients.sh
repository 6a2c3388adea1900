#!/usr/bin/env bash
# Makes sure the Python clients the client tests drive exist: a virtualenv with Apache Arrow ADBC's
# Flight SQL driver, pyarrow and requests (pinned), cached per machine. Prints the interpreter's path last.
set -euo pipefail

ADBC_VERSION=1.13.0
PYARROW_VERSION=26.0.1
REQUESTS_VERSION=2.32.5
venv="${FEATHERMAN_CACHE:-$HOME/.cache/featherman}/python-clients/adbc-$ADBC_VERSION-pyarrow-$PYARROW_VERSION-requests-$REQUESTS_VERSION"
python="$venv/bin/python"

if [ -x "$python" ] && "$python" -c "import adbc_driver_flightsql.dbapi, pyarrow.parquet, requests" 2>/dev/null; then
  echo "ok      python clients ($python)"
  exit 0
fi

echo "install python clients (adbc-driver-flightsql $ADBC_VERSION, pyarrow $PYARROW_VERSION, requests $REQUESTS_VERSION)"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check \
  "adbc-driver-flightsql==$ADBC_VERSION" "adbc-driver-manager==$ADBC_VERSION" "pyarrow==$PYARROW_VERSION" \
  "requests==$REQUESTS_VERSION"
"$python" -c "import adbc_driver_flightsql.dbapi, pyarrow.parquet, requests"
echo "ok      python clients ($python)"
