# The worker image: warm pool pods (`serve`) and one-shot Jobs (`oneshot`) run it. The DuckDB
# extensions Featherman loads (ducklake, httpfs, postgres_scanner, sqlite_scanner) are baked in,
# matching the pinned DuckDB JDBC version exactly, so workers never download anything. Built by
# scripts/build-images.sh (`make images`) from a context holding lib/ (the worker jar and its
# runtime dependencies from `make build`) and duckdb-extensions/.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED
LABEL org.opencontainers.image.title="featherman-worker" \
      org.opencontainers.image.description="Featherman worker: DuckDB with the DuckLake extensions" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://github.com/featherman/featherman"
RUN groupadd --gid 10001 featherman \
 && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin featherman
COPY lib/ /opt/featherman/lib/
COPY duckdb-extensions/ /opt/featherman/duckdb-extensions/
ENV FEATHERMAN_DUCKDB_EXTENSION_DIR=/opt/featherman/duckdb-extensions
USER 10001:10001
WORKDIR /tmp
EXPOSE 8090
# An idle warm worker hands heap back, as the services do (docs/benchmarks.md, section k).
ENTRYPOINT ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-XX:G1PeriodicGCInterval=10000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-cp", "/opt/featherman/lib/*", "dev.featherman.worker.WorkerMain"]
CMD ["serve"]
