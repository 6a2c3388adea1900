"""Appends rows through the REST API with pyarrow and requests, as docs/clients.md shows."""
import io
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import requests

base, token, catalog = sys.argv[1], sys.argv[2], sys.argv[3]
rows_url = f"{base}/v1/catalogs/{catalog}/tables/readings/rows"
auth = {"Authorization": f"Bearer {token}"}

table = pa.table({
    "sensor": pa.array(["a", "b", "c"], pa.string()),
    "reading": pa.array([1.5, 2.5, None], pa.float64()),
    "read_at": pa.array([1_700_000_000_000_000, 1_700_000_001_000_000, 1_700_000_002_000_000],
                   pa.timestamp("us")),
})

sink = io.BytesIO()
with pa.ipc.new_stream(sink, table.schema) as writer:
    writer.write_table(table)
arrow = requests.post(rows_url, data=sink.getvalue(), headers={
    **auth, "Content-Type": "application/vnd.apache.arrow.stream", "Idempotency-Key": "py-1"})

parquet_sink = io.BytesIO()
pq.write_table(table, parquet_sink)
parquet = requests.post(rows_url, data=parquet_sink.getvalue(), headers={
    **auth, "Content-Type": "application/vnd.apache.parquet"})

replay = requests.post(rows_url, data=sink.getvalue(), headers={
    **auth, "Content-Type": "application/vnd.apache.arrow.stream", "Idempotency-Key": "py-1"})

# A generator body is sent chunked: streamed, never whole in memory on either side.
def csv_lines():
    yield b"sensor,reading,read_at\n"
    for i in range(10_000):
        yield f"s{i},{i / 10},2024-01-01 00:00:{i % 60:02d}\n".encode()
csv = requests.post(rows_url, data=csv_lines(), headers={**auth, "Content-Type": "text/csv"})

count = requests.post(f"{base}/v1/queries", headers=auth, json={
    "catalog": catalog, "format": "arrow",
    "sql": "SELECT count(*) AS n, count(reading) AS with_reading FROM readings"})
counted = pa.ipc.open_stream(count.content).read_all().to_pylist()[0]

print(json.dumps({
    "arrow": [arrow.status_code, arrow.json()],
    "parquet": [parquet.status_code, parquet.json()],
    "replay": [replay.status_code, replay.headers.get("Idempotent-Replayed"), replay.json()],
    "csv": [csv.status_code, csv.json()],
    "count": counted,
}))
