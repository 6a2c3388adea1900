package dev.featherman.testkit;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for HTTPS tests, written as {@code tls.crt} / {@code tls.key} PEM files
 * the way a Kubernetes TLS Secret is mounted. Made with the JDK's keytool, so no extra library.
 */
public final class TestingTls {
  private final Path directory;
  private X509Certificate certificate;

  private TestingTls(Path directory) {
    this.directory = directory;
  }

  /** Creates a certificate for localhost and 127.0.0.1 in {@code directory}. */
  public static TestingTls create(Path directory) throws Exception {
    TestingTls tls = new TestingTls(directory);
    tls.rotate();
    return tls;
  }

  /** Replaces the key pair and certificate on disk (a certificate rotation). */
  public synchronized void rotate() throws Exception {
    Files.createDirectories(directory);
    Path store = Files.createTempFile(directory, "keystore", ".p12");
    Files.delete(store);
    String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "tls",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    "changeit",
                    "-keypass",
                    "changeit"))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Files.delete(store);
    PrivateKey key = (PrivateKey) ks.getKey("tls", "changeit".toCharArray());
    X509Certificate cert = (X509Certificate) ks.getCertificate("tls");
    // Write to temporary names and move, so a watcher never reads half a file.
    write("tls.key", pem("PRIVATE KEY", key.getEncoded()));
    write("tls.crt", pem("CERTIFICATE", cert.getEncoded()));
    certificate = cert;
  }

  /** Directory holding tls.crt and tls.key. */
  public Path directory() {
    return directory;
  }

  /** Serial number of the current certificate. */
  public synchronized BigInteger serial() {
    return certificate.getSerialNumber();
  }

  /** PEM of the current certificate (what a webhook configuration's caBundle holds). */
  public synchronized String certificatePem() throws Exception {
    return Files.readString(directory.resolve("tls.crt"));
  }

  /** An SSL context that trusts exactly the given certificates. */
  public static SSLContext trusting(X509Certificate... certificates) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    for (int i = 0; i < certificates.length; i++) {
      trust.setCertificateEntry("ca" + i, certificates[i]);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** An SSL context trusting the current certificate. */
  public synchronized SSLContext sslContext() throws Exception {
    return trusting(certificate);
  }

  /** The current certificate. */
  public synchronized X509Certificate certificate() {
    return certificate;
  }

  private void write(String name, String content) throws Exception {
    Path tmp = directory.resolve(name + ".tmp");
    Files.writeString(tmp, content);
    Files.move(
        tmp,
        directory.resolve(name),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
