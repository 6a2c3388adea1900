#!/usr/bin/env bash
# Makes sure the Python clients the client tests drive exist: a virtualenv with Apache Arrow ADBC's
# Flight SQL driver, pyarrow, requests, and flightsql-dbapi with SQLAlchemy 1.4 (the SQLAlchemy
# dialect Apache Superset connects to Flight SQL with, and the pandas it reads results into), pinned, cached per machine. Prints the interpreter's path last.
set -euo pipefail

ADBC_VERSION=1.13.0
PYARROW_VERSION=26.0.1
REQUESTS_VERSION=2.32.5
FLIGHTSQL_DBAPI_VERSION=0.2.2
SQLALCHEMY_VERSION=1.4.54
PANDAS_VERSION=2.2.3
venv="${FEATHERMAN_CACHE:-$HOME/.cache/featherman}/python-clients/adbc-$ADBC_VERSION-pyarrow-$PYARROW_VERSION-requests-$REQUESTS_VERSION-flightsql-dbapi-$FLIGHTSQL_DBAPI_VERSION-pandas-$PANDAS_VERSION"
python="$venv/bin/python"

if [ -x "$python" ] && "$python" -c "import adbc_driver_flightsql.dbapi, pyarrow.parquet, requests, flightsql.sqlalchemy, pandas" 2>/dev/null; then
  echo "ok      python clients ($python)"
  exit 0
fi

echo "install python clients (adbc-driver-flightsql $ADBC_VERSION, pyarrow $PYARROW_VERSION, requests $REQUESTS_VERSION, flightsql-dbapi $FLIGHTSQL_DBAPI_VERSION)"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check \
  "adbc-driver-flightsql==$ADBC_VERSION" "adbc-driver-manager==$ADBC_VERSION" "pyarrow==$PYARROW_VERSION" \
  "requests==$REQUESTS_VERSION" "flightsql-dbapi==$FLIGHTSQL_DBAPI_VERSION" \
  "sqlalchemy==$SQLALCHEMY_VERSION" "pandas==$PANDAS_VERSION"
"$python" -c "import adbc_driver_flightsql.dbapi, pyarrow.parquet, requests, flightsql.sqlalchemy, pandas"
echo "ok      python clients ($python)"
