"""A data user's session through the REST API with requests and pyarrow, reported as JSON.

Usage: rest_client.py BASE_URL READER_TOKEN WRITER_TOKEN CATALOG
"""
import io
import json
import sys

import pyarrow.ipc
import pyarrow.parquet
import requests

base, reader, writer, catalog = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
report = {}


def query(token, sql, fmt="csv", params=None):
    body = {"catalog": catalog, "sql": sql, "format": fmt}
    if params is not None:
        body["params"] = params
    r = requests.post(
        base + "/v1/queries",
        headers={"Authorization": "Bearer " + token},
        json=body,
        stream=True,
    )
    if r.status_code != 200:
        raise SystemExit(f"{sql}: HTTP {r.status_code}: {r.text}")
    return r


def scalar(token, sql):
    return pyarrow.ipc.open_stream(query(token, sql, "arrow").raw).read_all().column(0)[0].as_py()


# The documented snippets: an Arrow stream and a Parquet file.
arrow = pyarrow.ipc.open_stream(query(reader, "SELECT * FROM trips", "arrow").raw).read_all()
report["arrow_rows"] = arrow.num_rows
r = query(reader, "SELECT trip_id, pickup_zone, fare_amount FROM trips ORDER BY trip_id", "parquet")
report["parquet_content_type"] = r.headers["Content-Type"]
parquet = pyarrow.parquet.ParquetFile(io.BytesIO(r.content))
table = parquet.read()
report["parquet_rows"] = table.num_rows
report["parquet_row_groups"] = parquet.metadata.num_row_groups
report["parquet_columns"] = table.column_names
report["parquet_types"] = [str(t) for t in table.schema.types]
report["parquet_first_ids"] = table.column("trip_id").slice(0, 3).to_pylist()
report["parquet_equals_arrow"] = table.equals(
    arrow.select(["trip_id", "pickup_zone", "fare_amount"]).sort_by("trip_id")
)

# Time travel: a table as it was at an earlier snapshot, by version and by time.
query(writer, "CREATE TABLE travel (id INTEGER)")
query(writer, "INSERT INTO travel VALUES (1)")
snapshots = requests.get(
    f"{base}/v1/catalogs/{catalog}/snapshots", headers={"Authorization": "Bearer " + reader}
).json()["snapshots"]
then = snapshots[-1]
query(writer, "INSERT INTO travel VALUES (2), (3)")
report["travel_now"] = scalar(reader, "SELECT count(*) FROM travel")
report["travel_at_version"] = scalar(
    reader, f"SELECT count(*) FROM travel AT (VERSION => {int(then['snapshot_id'])})"
)
report["travel_at_timestamp"] = scalar(
    reader,
    "SELECT count(*) FROM travel AT (TIMESTAMP => CAST('%s' AS TIMESTAMPTZ))"
    % then["snapshot_time"].replace("'", ""),
)
print(json.dumps(report))
