package dev.featherman.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The real components later modules test against: S3 server via the AWS SDK, PostgreSQL via JDBC, a
 * real kube-apiserver via fabric8 and kubectl.
 */
class RealComponentsIT {
  @TempDir Path dir;

  @Test
  void apiServerValidatesAgainstTheCrdSchemaAndEnforcesRbac() throws Exception {
    try (TestingKubernetes k8s = new TestingKubernetes("lakes")) {
      var catalogs =
          k8s.client
              .genericKubernetesResources("ducklake.featherman.dev/v1alpha1", "DuckLakeCatalog")
              .inNamespace("lakes");
      var bad =
          new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
              .withApiVersion("ducklake.featherman.dev/v1alpha1")
              .withKind("DuckLakeCatalog")
              .withNewMetadata()
              .withName("bad")
              .endMetadata()
              .addToAdditionalProperties("spec", java.util.Map.of("backend", "oracle"))
              .build();
      assertThatThrownBy(() -> catalogs.resource(bad).create())
          .hasMessageContaining("spec.backend")
          .hasMessageContaining("Unsupported value");
      try (var nobody = k8s.clientAs("system:serviceaccount:lakes:nobody")) {
        assertThatThrownBy(() -> nobody.secrets().inNamespace("lakes").list())
            .hasMessageContaining("Forbidden");
      }
      Process kubectl =
          new ProcessBuilder(
                  KubernetesBinaries.require("kubectl").toString(),
                  "--kubeconfig",
                  k8s.apiServer().kubeconfig().toString(),
                  "get",
                  "crd",
                  "-o",
                  "name")
              .redirectErrorStream(true)
              .start();
      String out = new String(kubectl.getInputStream().readAllBytes());
      assertThat(kubectl.waitFor()).as(out).isZero();
      assertThat(out).contains("ducklakecatalogs.ducklake.featherman.dev");
      assertThat(k8s.apiServer().get("/metrics").body()).contains("apiserver_request_total");
    }
  }

  @Test
  void s3ServerSpeaksS3WithSignaturesAndSurvivesAnOutage() throws Exception {
    try (TestingS3Server server = TestingS3Server.start(dir)) {
      server.createBucket("bucket");
      try (S3Client s3 = client(server, server.secretKey())) {
        s3.putObject(b -> b.bucket("bucket").key("a/b.txt"), RequestBody.fromString("hello"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("bucket").key("a/b.txt")).asUtf8String())
            .isEqualTo("hello");
        int port = server.port();
        server.stop();
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("bucket").key("a/b.txt"))).isNotNull();
        server.start();
        assertThat(server.port()).isEqualTo(port);
        assertThat(s3.headObject(b -> b.bucket("bucket").key("a/b.txt")).contentLength())
            .isEqualTo(5);
      }
      try (S3Client wrong = client(server, "wrong-secret")) {
        assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("bucket")))
            .isInstanceOf(S3Exception.class);
      }
    }
  }

  @Test
  void postgresAcceptsTheAwkwardPassword() throws Exception {
    TestingPostgres pg = TestingPostgres.shared();
    pg.createDatabase("probe");
    try (Connection c =
            DriverManager.getConnection(
                pg.jdbcUrl("probe"), TestingPostgres.USER, TestingPostgres.PASSWORD);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT current_user, inet_server_addr()::text")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(TestingPostgres.USER);
      assertThat(rs.getString(2)).startsWith("127.0.0.1");
    }
  }

  static S3Client client(TestingS3Server server, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(server.endpointUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKey(), secret)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }
}
