"""What Apache Superset does with a Flight SQL database, through the SQLAlchemy dialect it uses
(flightsql-dbapi), reported as JSON.

Usage: superset_client.py HOST PORT TOKEN CATALOG
"""
import json
import sys

import flightsql.sqlalchemy  # noqa: F401 (registers the datafusion+flightsql dialect)
from sqlalchemy import create_engine, inspect, text

host, port, token, catalog = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
engine = create_engine(
    f"datafusion+flightsql://{host}:{port}?insecure=true&token={token}"
    f"&x-featherman-catalog={catalog}"
)
report = {}
with engine.connect() as conn:
    report["probe"] = conn.execute(text("SELECT 1")).scalar()
    inspector = inspect(conn)
    report["schemas"] = inspector.get_schema_names()
    report["tables"] = inspector.get_table_names(schema="main")
    report["trip_columns"] = [c["name"] for c in inspector.get_columns("trips", schema="main")]
    rows = conn.execute(
        text(
            "SELECT payment_type, count(*) AS trips FROM trips GROUP BY payment_type"
            " ORDER BY payment_type"
        )
    ).fetchall()
    report["by_payment"] = {r[0]: r[1] for r in rows}
print(json.dumps(report))
