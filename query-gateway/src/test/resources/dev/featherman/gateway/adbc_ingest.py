"""Bulk ingest through ADBC's Flight SQL driver (adbc_ingest), reported as JSON.

Usage: adbc_ingest.py URI TOKEN CATALOG
"""
import json
import sys

import adbc_driver_flightsql.dbapi as flight_sql
import pyarrow as pa

uri, token, catalog = sys.argv[1], sys.argv[2], sys.argv[3]
report = {}
n = 200_000
data = pa.table({
    "id": pa.array(range(n), pa.int64()),
    "city": pa.array([["Amsterdam", "Berlin", "Lisbon"][i % 3] for i in range(n)]),
    "temp": pa.array([i / 1000 for i in range(n)], pa.float64()),
})
with flight_sql.connect(uri, db_kwargs={
    "adbc.flight.sql.authorization_header": "Bearer " + token,
    "adbc.flight.sql.rpc.call_header.x-featherman-catalog": catalog,
}) as conn:
    with conn.cursor() as cur:
        # mode create: a new table from the batches' columns, in one snapshot
        report["created"] = cur.adbc_ingest("weather", data, mode="create")
        # append: more batches to the same table, streamed in record batches
        report["appended"] = cur.adbc_ingest(
            "weather", data.slice(0, 1000).to_batches(max_chunksize=100), mode="append")
        try:
            cur.adbc_ingest("weather", data.slice(0, 10), mode="create")
            report["create_again"] = "accepted"
        except Exception as e:  # the table exists: refused
            report["create_again"] = type(e).__name__ + ": " + str(e).splitlines()[0]
        try:
            cur.adbc_ingest("weather", pa.table({"id": [1], "wind": [3.0]}), mode="append")
            report["bad_column"] = "accepted"
        except Exception as e:
            report["bad_column"] = str(e).splitlines()[0]
        cur.execute("SELECT count(*) AS n, count(DISTINCT city) AS cities FROM weather")
        report["count"] = cur.fetch_arrow_table().to_pylist()[0]
print(json.dumps(report))
