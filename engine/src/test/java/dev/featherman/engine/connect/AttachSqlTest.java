package dev.featherman.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.api.v1alpha1.ObjectStoreSpec;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Rendering of ATTACH and CREATE SECRET: every spec or secret value is quoted or rejected. */
class AttachSqlTest {

  static ObjectStoreSpec store(String endpoint) {
    ObjectStoreSpec spec = new ObjectStoreSpec();
    spec.setEndpoint(endpoint);
    spec.setBucket("lake");
    return spec;
  }

  @Test
  void endpointWithoutSchemeMeansHttpsAndVhostForAws() {
    S3Access aws = S3Access.of(store("s3.amazonaws.com"), null, null);
    assertThat(aws.endpoint()).isEqualTo("s3.amazonaws.com");
    assertThat(aws.useSsl()).isTrue();
    assertThat(aws.pathStyle()).isFalse();
    assertThat(aws.region()).isEqualTo("us-east-1");
    S3Access minio = S3Access.of(store("http://MinIO.local:9000/"), null, null);
    assertThat(minio.endpoint()).isEqualTo("minio.local:9000");
    assertThat(minio.useSsl()).isFalse();
    assertThat(minio.pathStyle()).isTrue();
    assertThat(minio.endpointUrl()).isEqualTo("http://minio.local:9000");
  }

  @Test
  void endpointsThatAreNotHostPortAreRejected() {
    for (String bad :
        new String[] {
          "http://u:p@host", "host/path", "host', KEY_ID 'x", "ftp://host", "host:99999x"
        }) {
      assertThatThrownBy(() -> S3Access.of(store(bad), null, null))
          .as(bad)
          .hasMessageContaining("spec.objectStore.endpoint");
    }
  }

  @Test
  void credentialChainWhenNoSecret() {
    String sql = AttachSql.createSecret("s3_lake", S3Access.of(store(null), null, null), "lake");
    assertThat(sql)
        .contains("PROVIDER credential_chain")
        .doesNotContain("KEY_ID")
        .contains("SCOPE 's3://lake'");
  }

  @Test
  void secretValuesAreQuoted() {
    S3Credentials creds = new S3Credentials("AKIA'x", "se'cret\\'; DROP", null);
    String sql =
        AttachSql.createSecret(
            "s3_lake", S3Access.of(store("minio:9000"), creds, "arn:'kms"), "lake");
    assertThat(sql)
        .contains("KEY_ID 'AKIA''x'")
        .contains("SECRET 'se''cret\\''; DROP'")
        .contains("KMS_KEY_ID 'arn:''kms'");
    assertThat(creds.toString()).doesNotContain("se'cret");
  }

  @Test
  void attachQuotesAliasPathsAndOptions() {
    LakeConfig config =
        LakeConfig.of(
                "la\"ke",
                new CatalogStore.DuckDbFile(Paths.get("/cat/it's.ducklake")),
                "s3://lake/p'x/",
                null)
            .withOptions(true, 10);
    assertThat(AttachSql.attach(config))
        .isEqualTo(
            "ATTACH 'ducklake:/cat/it''s.ducklake' AS \"la\"\"ke\" (DATA_PATH 's3://lake/p''x/', ENCRYPTED, DATA_INLINING_ROW_LIMIT 10)");
  }

  @Test
  void postgresConnInfoQuotesEveryValue() {
    var pg = new CatalogStore.Postgres("db", 5432, "lake", "meta", "u", "p' host=evil \\", null);
    assertThat(pg.conninfo())
        .isEqualTo("dbname='lake' host='db' port='5432' user='u' password='p\\' host=evil \\\\'");
    assertThat(pg.toString()).doesNotContain("evil");
  }

  @Test
  void postgresCredentialsTravelInASecretNotTheAttachString() {
    var pg = new CatalogStore.Postgres("db", 5432, "lake", "meta", "u", "s3cr'et", "require");
    String attach = AttachSql.attach(LakeConfig.of("l", pg, "s3://b/", null));
    assertThat(attach)
        .doesNotContain("s3cr")
        .doesNotContain("user")
        .startsWith("ATTACH 'ducklake:postgres:sslmode=''require''' AS \"l\"")
        .contains("METADATA_SCHEMA 'meta'")
        .contains("METADATA_PARAMETERS MAP {'SECRET': 'pg_l'}");
    assertThat(AttachSql.postgresSecret("l", pg))
        .isEqualTo(
            "CREATE OR REPLACE TEMPORARY SECRET \"pg_l\" (TYPE postgres, HOST 'db', PORT 5432,"
                + " DATABASE 'lake', USER 'u', PASSWORD 's3cr''et')");
  }

  @Test
  void dataPathsRejectTraversal() {
    assertThat(DataPaths.s3("lake", "a/b")).isEqualTo("s3://lake/a/b/");
    assertThat(DataPaths.s3("lake", null)).isEqualTo("s3://lake/");
    for (String bad : new String[] {"../other", "a/../../b", "a//b", "/abs", "a/b c", "x/./y"}) {
      assertThatThrownBy(() -> DataPaths.s3("lake", bad)).as(bad).hasMessageContaining("prefix");
    }
    assertThatThrownBy(() -> DataPaths.s3("Bad_Bucket", "x")).hasMessageContaining("bucket");
  }
}
