#!/usr/bin/env bash
# Starts the query gateway in embedded mode on :8080 with the local "example" DuckLake under ./data.
# Extra arguments are passed to Spring Boot, e.g. --server.port=9090.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$(ls "$root"/query-gateway/target/featherman-query-gateway-*-exec.jar 2>/dev/null | head -n1 || true)"
[ -n "$jar" ] || { echo "gateway jar not built: run 'make build' first" >&2; exit 1; }
cd "$root"
# Arrow's memory module needs java.nio opened on Java 17.
exec java --add-opens=java.base/java.nio=ALL-UNNAMED ${JAVA_OPTS:-} -jar "$jar" "$@"
