"""A data user's session through Apache Arrow ADBC's Flight SQL driver, reported as JSON.

Usage: adbc_client.py URI TOKEN CATALOG ROWS
"""
import json
import sys
import time

import adbc_driver_flightsql.dbapi as flight_sql
import pyarrow

uri, token, catalog, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
report = {}
with flight_sql.connect(
    uri,
    db_kwargs={
        "adbc.flight.sql.authorization_header": "Bearer " + token,
        "adbc.flight.sql.rpc.call_header.x-featherman-catalog": catalog,
    },
) as conn:
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) AS trips, min(payment_type) AS first_payment FROM trips")
        table = cur.fetch_arrow_table()
        report["columns"] = table.column_names
        report["types"] = [str(t) for t in table.schema.types]
        report["trips"] = table.column("trips")[0].as_py()

        objects = conn.adbc_get_objects(depth="columns").read_all().to_pylist()
        report["catalogs"] = [o["catalog_name"] for o in objects]
        report["tables"] = sorted(
            t["table_name"]
            for o in objects
            for s in (o["catalog_db_schemas"] or [])
            for t in (s["db_schema_tables"] or [])
        )
        report["trip_columns"] = [
            c["column_name"]
            for o in objects
            for s in (o["catalog_db_schemas"] or [])
            for t in (s["db_schema_tables"] or [])
            if t["table_name"] == "trips"
            for c in (t["table_columns"] or [])
        ]

        cur.execute("SELECT count(*) FROM trips WHERE payment_type = ?", parameters=("card",))
        report["bound_cards"] = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM trips WHERE payment_type = ?", parameters=("card' OR 1=1 --",))
        report["bound_injection"] = cur.fetchone()[0]

        started = time.monotonic()
        cur.execute(f"SELECT range AS n, range * 2 AS twice FROM range({rows})")
        reader = cur.fetch_record_batch()
        count, batches, total = 0, 0, 0
        for batch in reader:
            batches += 1
            count += batch.num_rows
            total += pyarrow.compute.sum(batch.column(0)).as_py() or 0
        report["streamed_rows"] = count
        report["streamed_batches"] = batches
        report["streamed_sum"] = total
        report["streamed_seconds"] = round(time.monotonic() - started, 3)

        try:
            cur.execute("SELECT * FROM read_csv('/etc/passwd')")
            cur.fetch_arrow_table()
            report["sandbox"] = "escaped"
        except Exception as e:  # the driver raises its own DB-API error types
            report["sandbox"] = type(e).__name__ + ": " + str(e)[:300]
print(json.dumps(report))
