package dev.featherman.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featherman.gateway.flightsql.FlightSqlEndpoint;
import dev.featherman.testkit.TestingTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Flight SQL over TLS when a certificate is configured, and only over TLS then. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlightSqlTlsIT extends GatewayTestBase {
  static final TestingTls TLS = tls();

  @Autowired FlightSqlEndpoint endpoint;

  static TestingTls tls() {
    try {
      return TestingTls.create(Files.createTempDirectory("featherman-flight-tls-"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    common(registry, newDataDirectory());
    Path dir = TLS.directory();
    registry.add(
        "featherman.gateway.flight-sql.tls-certificate", () -> dir.resolve("tls.crt").toString());
    registry.add(
        "featherman.gateway.flight-sql.tls-private-key", () -> dir.resolve("tls.key").toString());
  }

  long count(String options) throws Exception {
    Properties p = new Properties();
    p.setProperty("token", READER);
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:arrow-flight-sql://localhost:" + endpoint.port() + "/?" + options, p);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM trips")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void servesTlsAndRefusesPlainText() throws Exception {
    assertThat(count("useEncryption=true&disableCertificateVerification=true"))
        .isEqualTo(DEMO_ROWS);
    assertThatThrownBy(() -> count("useEncryption=false"))
        .isInstanceOf(java.sql.SQLException.class);
  }
}
