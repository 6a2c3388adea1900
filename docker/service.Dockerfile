# One image per Featherman service (Spring Boot). Built by scripts/build-images.sh (`make images`)
# with Docker or buildah, from a context holding only what the image copies: app.jar (the service's
# executable jar from `make build`) and duckdb-extensions/ (filled for the query-gateway, whose
# embedded mode runs DuckDB; empty for the others). By hand:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=query-gateway \
#     -t ghcr.io/featherman/query-gateway:0.1.0 target/images/context/query-gateway
# The chart runs it as user 10001 with a read-only root filesystem; /tmp is an emptyDir.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
ARG SERVICE
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED
LABEL org.opencontainers.image.title="featherman-${SERVICE}" \
      org.opencontainers.image.description="Featherman ${SERVICE}: DuckLake on Kubernetes" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="https://github.com/featherman/featherman"
RUN groupadd --gid 10001 featherman \
 && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin featherman
COPY app.jar /opt/featherman/app.jar
COPY duckdb-extensions/ /opt/featherman/duckdb-extensions/
ENV FEATHERMAN_DUCKDB_EXTENSION_DIR=/opt/featherman/duckdb-extensions
USER 10001:10001
WORKDIR /tmp
EXPOSE 8080
# Arrow (the gateway's Arrow results and Flight SQL) reads direct buffers through java.nio. An
# idle service hands heap back (docs/benchmarks.md, section k); the chart's JAVA_TOOL_OPTIONS size it.
ENTRYPOINT ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:G1PeriodicGCInterval=10000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-jar", "/opt/featherman/app.jar"]
