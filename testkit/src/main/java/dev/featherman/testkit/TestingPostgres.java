package dev.featherman.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on loopback for tests, started once per JVM in a temporary directory and
 * stopped at exit. Runs as the {@code postgres} OS user when the JVM runs as root (PostgreSQL
 * refuses root). The password deliberately contains quotes, a backslash and a space so every test
 * that connects also proves the connection string is quoted correctly.
 */
public final class TestingPostgres {
  /** User created by initdb. */
  public static final String USER = "featherman";

  /** Password of {@link #USER}; awkward on purpose. */
  public static final String PASSWORD = "pa ss'w\\ord \"x";

  private static TestingPostgres shared;

  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final boolean asPostgresUser;

  private TestingPostgres(Path binDir, Path dataDir, int port, boolean asPostgresUser) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The JVM-wide server, started on first use. */
  public static synchronized TestingPostgres shared() throws Exception {
    if (shared == null) {
      shared = start();
      TestingPostgres server = shared;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(server::stopQuietly, "testing-postgres-stop"));
    }
    return shared;
  }

  private static TestingPostgres start() throws Exception {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Paths.get("/tmp"), "featherman-pg-");
    Path data = dir.resolve("data");
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n");
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    int port = LoopbackPorts.free();
    TestingPostgres pg = new TestingPostgres(bin, data, port, root);
    pg.exec(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        USER,
        "--pwfile=" + pwfile,
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "-E",
        "UTF8",
        "--locale=C");
    pg.exec(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-c listen_addresses=127.0.0.1 -p "
            + port
            + " -k "
            + dir
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        "start");
    return pg;
  }

  /** Creates a database owned by {@link #USER} (idempotent). */
  public void createDatabase(String name) throws SQLException {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("test database names are lowercase identifiers: " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    }
  }

  /** JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  private void stopQuietly() {
    try {
      exec(
          binDir.resolve("pg_ctl").toString(),
          "-D",
          dataDir.toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    } catch (Exception ignored) {
      // The JVM is exiting; a leftover server dies with the machine's temp directory.
    }
  }

  private void exec(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full, true);
  }

  private static void run(List<String> command, boolean check) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    if (check && p.exitValue() != 0) {
      throw new IllegalStateException(command + " failed (" + p.exitValue() + "):\n" + output);
    }
  }

  /** initdb's directory: on PATH, else the newest /usr/lib/postgresql/N/bin; installs if absent. */
  static Path findBinaries() throws Exception {
    Path found = locate();
    if (found == null) {
      Path script = findScript();
      if (script != null) {
        run(List.of("bash", script.toString()), true);
        found = locate();
      }
    }
    if (found == null) {
      throw new IllegalStateException(
          "PostgreSQL server binaries (initdb, pg_ctl) not found: run scripts/ensure-postgres.sh"
              + " or apt-get install postgresql");
    }
    return found;
  }

  private static Path locate() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path initdb = Paths.get(dir, "initdb");
      if (Files.isExecutable(initdb)) {
        return initdb.toRealPath().getParent();
      }
    }
    Path lib = Paths.get("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(
              Comparator.comparing(
                  b ->
                      Integer.parseInt(
                          b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(null);
    }
  }

  private static Path findScript() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path script = dir.resolve("scripts/ensure-postgres.sh");
      if (Files.isRegularFile(script)) {
        return script;
      }
      dir = dir.getParent();
    }
    return null;
  }
}
