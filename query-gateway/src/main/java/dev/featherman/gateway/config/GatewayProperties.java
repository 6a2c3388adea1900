package dev.featherman.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the gateway, under {@code featherman.gateway}; defaults suit a laptop.
 *
 * @param embedded the local DuckLake served in embedded mode
 * @param tokens static bearer tokens, stored as SHA-256 hex digests
 * @param limits per-query caps and admission control
 * @param kubernetesAuth Kubernetes TokenReview + SubjectAccessReview for bearer tokens
 * @param mode "embedded" (one local DuckLake in this process) or "cluster" (route to pool workers)
 * @param cluster routing to warm workers and one-shot Jobs in cluster mode
 * @param flightSql the Arrow Flight SQL endpoint (gRPC) for BI tools and ADBC/JDBC clients
 */
@Validated
@ConfigurationProperties("featherman.gateway")
public record GatewayProperties(
    @Valid @NotNull @DefaultValue Embedded embedded,
    @NotNull @DefaultValue List<@Valid StaticToken> tokens,
    @Valid @NotNull @DefaultValue Limits limits,
    @Valid @NotNull @DefaultValue KubernetesAuth kubernetesAuth,
    @DefaultValue("embedded") @Pattern(regexp = "embedded|cluster") String mode,
    @Valid @NotNull @DefaultValue Cluster cluster,
    @Valid @NotNull @DefaultValue FlightSql flightSql) {

  /**
   * Arrow Flight SQL beside the REST API: same tokens, sandbox, limits and admission slots.
   *
   * @param enabled serve it
   * @param host address to bind (all interfaces by default)
   * @param port gRPC port (0: any free port, for tests)
   * @param tlsCertificate PEM certificate chain file; with tlsPrivateKey, serve TLS only
   * @param tlsPrivateKey PEM private key file
   */
  public record FlightSql(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("0.0.0.0") String host,
      @DefaultValue("8815") @Min(0) @Max(65535) int port,
      @DefaultValue("") String tlsCertificate,
      @DefaultValue("") String tlsPrivateKey) {}

  /**
   * Cluster mode: queries go to the warm workers of the catalog's DuckLakePool, or to a one-shot
   * Job when no pool is Ready.
   *
   * @param namespace namespace of the catalogs, pools and workers; a catalog named without a
   *     namespace lives here
   * @param namespaces more namespaces whose catalogs are served, named {@code namespace/name}
   * @param replicaId this replica's name in the queue reports it keeps on pools; $HOSTNAME (the pod
   *     name) when empty
   * @param workerToken token workers accept (shared with the pool-service); prefer the file
   * @param workerTokenFile file holding it (a mounted Secret), read when workerToken is empty
   * @param connectTimeout time allowed to connect to a worker
   * @param queueReportInterval how often changed queue lengths are written to pools
   * @param jobFallback run a one-shot Job when the catalog has no Ready pool
   * @param jobImage worker image of fallback Jobs
   * @param jobImagePullPolicy its pull policy
   * @param jobServiceAccount service account of fallback Jobs
   * @param jobStartTimeout longest wait for a fallback Job's worker to become Ready
   * @param workerPort the worker API's port
   * @param unreachableBackoff how long a worker that could not be reached (or died during a query)
   *     is passed over, so waiting queries do not spend their retries on it again while its pod
   *     still looks Ready
   */
  public record Cluster(
      @DefaultValue("default") String namespace,
      @DefaultValue List<String> namespaces,
      @DefaultValue("") String replicaId,
      @DefaultValue("") String workerToken,
      @DefaultValue("/etc/featherman/worker-token/token") String workerTokenFile,
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("2s") Duration queueReportInterval,
      @DefaultValue("true") boolean jobFallback,
      @DefaultValue("ghcr.io/featherman/worker:latest") String jobImage,
      @DefaultValue("IfNotPresent") String jobImagePullPolicy,
      @DefaultValue("featherman-worker") String jobServiceAccount,
      @DefaultValue("120s") Duration jobStartTimeout,
      @DefaultValue("8090") int workerPort,
      @DefaultValue("5s") Duration unreachableBackoff) {}

  /**
   * Kubernetes as identity and policy source for tokens that are not static tokens.
   *
   * @param enabled ask the API server (TokenReview) who a token belongs to
   * @param namespace namespace of the DuckLakeCatalogs; SubjectAccessReviews ask whether the user
   *     may {@code query} or {@code write} {@code ducklakecatalogs/<catalog>} there
   * @param audiences audiences tokens must carry; by default {@code featherman-gateway}, so a token
   *     made for the API server itself (which the gateway could replay there) is refused
   * @param cacheTtl how long identities and decisions are reused
   */
  public record KubernetesAuth(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("default") String namespace,
      @DefaultValue("featherman-gateway") List<String> audiences,
      @DefaultValue("30s") Duration cacheTtl) {}

  /**
   * Embedded mode: one local catalog, data on disk, no cluster.
   *
   * @param dataDirectory where the catalog file, its Parquet files and the generated token live
   * @param catalog name of the local catalog
   * @param demoRows synthetic taxi trips seeded into {@code trips} on first start (0 for none)
   * @param memoryLimit DuckDB memory_limit, e.g. 2GB; empty for DuckDB's default (80% of RAM)
   * @param maxTempDirectorySize DuckDB max_temp_directory_size (spill cap), e.g. 20GB; empty for
   *     DuckDB's default (90% of the free disk)
   * @param threads DuckDB threads; 0 for DuckDB's default (the CPU count)
   * @param ownerToken accept the owner token (FEATHERMAN_TOKEN, or generated into the data
   *     directory) with full access to the local catalog
   */
  public record Embedded(
      @DefaultValue("data") @NotBlank String dataDirectory,
      @DefaultValue("example") @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?") String catalog,
      @DefaultValue("1000000") @Min(0) long demoRows,
      @DefaultValue("") String memoryLimit,
      @DefaultValue("") String maxTempDirectorySize,
      @DefaultValue("0") @Min(0) int threads,
      @DefaultValue("true") boolean ownerToken) {}

  /**
   * A static token: who it is, what it may reach.
   *
   * @param name principal name, used in logs and metrics (never the token)
   * @param sha256 hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum})
   * @param catalogs catalogs it may query; "*" for all; none when absent
   * @param write whether it may change data and schemas
   * @param maxRows rows per result for this token, when tighter than limits.max-rows (0 = that)
   * @param maxBytes encoded bytes per result for this token, when tighter than limits.max-bytes
   */
  public record StaticToken(
      @NotBlank String name,
      @NotBlank @Pattern(regexp = "[0-9a-f]{64}") String sha256,
      List<String> catalogs,
      @DefaultValue("false") boolean write,
      @DefaultValue("0") @Min(0) long maxRows,
      @DefaultValue("0") @Min(0) long maxBytes) {}

  /**
   * @param timeout wall-clock time per query
   * @param maxRows rows per result (0 = no cap)
   * @param maxBytes encoded bytes per result (0 = no cap)
   * @param maxConcurrent queries running at once
   * @param maxQueued queries waiting for a slot; more are refused with 429
   * @param maxWait longest wait for a slot before 503
   * @param commitThreshold result bytes held back before the 200 is sent: failures within them
   *     still become problem responses
   * @param maxIngestBytes body bytes of one append to a table (rows endpoint)
   * @param maxIngestRows rows of one append to a table
   * @param maxIngestBytesPerSecond body bytes per second one principal's appends may send together
   *     (0 = no cap); faster senders are slowed down, not refused
   */
  public record Limits(
      @DefaultValue("60s") Duration timeout,
      @DefaultValue("10000000") @Min(0) long maxRows,
      @DefaultValue("2147483648") @Min(0) long maxBytes,
      @DefaultValue("4") @Min(1) int maxConcurrent,
      @DefaultValue("64") @Min(0) int maxQueued,
      @DefaultValue("10s") Duration maxWait,
      @DefaultValue("1048576") @Min(0) int commitThreshold,
      @DefaultValue("1048576") @Min(1) long maxBodyBytes,
      @DefaultValue("0") @Min(0) int maxPerPrincipal,
      @DefaultValue("1073741824") @Min(1) long maxIngestBytes,
      @DefaultValue("10000000") @Min(1) long maxIngestRows,
      @DefaultValue("0") @Min(0) long maxIngestBytesPerSecond) {}
}
