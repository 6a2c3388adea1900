#!/usr/bin/env bash
# Starts the query gateway in embedded mode on :8080 with the local "example" DuckLake under ./data.
# Extra arguments are passed to Spring Boot, e.g. --server.port=9090.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$(ls "$root"/query-gateway/target/featherman-query-gateway-*-exec.jar 2>/dev/null | head -n1 || true)"
[ -n "$jar" ] || { echo "gateway jar not built: run 'make build' first" >&2; exit 1; }
cd "$root"
# Arrow's memory module needs java.nio opened on Java 17. The heap hands memory back when the
# gateway is idle (a G1 collection every 10 s without other collections, at most 30 % kept free):
# docs/benchmarks.md, section k. JAVA_OPTS adds to these.
exec java --add-opens=java.base/java.nio=ALL-UNNAMED \
  -XX:G1PeriodicGCInterval=10000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
  ${JAVA_OPTS:-} -jar "$jar" "$@"
