# One image per Featherman service (Spring Boot), built from this repository:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=controller-service \
#     -t ghcr.io/featherman/controller-service:0.1.0 .
# SERVICE is one of controller-service, backup-service, pool-service, query-gateway,
# webhook-service. The chart runs it as user 10001 with a read-only root filesystem; /tmp is an
# emptyDir.
ARG JAVA_VERSION=17

FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl "${SERVICE}" -am -DskipTests -Dspotless.check.skip=true package \
 && cp "${SERVICE}"/target/*-exec.jar /app.jar

FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG SERVICE
LABEL org.opencontainers.image.title="featherman-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/featherman/featherman"
RUN groupadd --system --gid 10001 featherman \
 && useradd --system --uid 10001 --gid 10001 --home /nonexistent --shell /usr/sbin/nologin featherman
COPY --from=build /app.jar /opt/featherman/app.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/featherman/app.jar"]
