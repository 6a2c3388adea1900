# The worker image: warm pool pods (`serve`) and one-shot Jobs (`oneshot`) run it. The DuckDB
# extensions Featherman loads (ducklake, httpfs, postgres_scanner, sqlite_scanner) are baked in,
# matching the pinned DuckDB JDBC version exactly, so workers never download anything.
#   docker build -f docker/worker.Dockerfile -t ghcr.io/featherman/worker:0.1.0 .
ARG JAVA_VERSION=17

FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl worker -am -DskipTests -Dspotless.check.skip=true install \
 && mvn -B -ntp -pl worker dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory=/app/lib \
 && cp worker/target/featherman-worker-*.jar /app/lib/

FROM python:3.12-slim AS extensions
WORKDIR /src
COPY pom.xml ./
COPY scripts/install-duckdb-extensions.sh scripts/
RUN scripts/install-duckdb-extensions.sh /opt/featherman/duckdb-extensions \
 && rm -rf /opt/featherman/duckdb-extensions/.wheels

FROM eclipse-temurin:${JAVA_VERSION}-jre
LABEL org.opencontainers.image.title="featherman-worker" \
      org.opencontainers.image.source="https://github.com/featherman/featherman"
RUN groupadd --system --gid 10001 featherman \
 && useradd --system --uid 10001 --gid 10001 --home /nonexistent --shell /usr/sbin/nologin featherman
COPY --from=build /app/lib /opt/featherman/lib
COPY --from=extensions /opt/featherman/duckdb-extensions /opt/featherman/duckdb-extensions
ENV FEATHERMAN_DUCKDB_EXTENSION_DIR=/opt/featherman/duckdb-extensions
USER 10001:10001
EXPOSE 8090
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/opt/featherman/lib/*", "dev.featherman.worker.WorkerMain"]
CMD ["serve"]
