package dev.featherman.cli.init;

import dev.featherman.api.validation.K8sNames;
import dev.featherman.api.validation.Validation;
import dev.featherman.cli.CliException;
import dev.featherman.cli.ExitCodes;
import dev.featherman.cli.FeathermanCli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code featherman init KIND NAME}: prints a commented, valid object to start from. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Print a commented DuckLakeCatalog, DuckLakeTable, DuckLakePool or DuckLakeBackup.",
      "Example: featherman init catalog sales --bucket sales-lake > sales.yaml"
    })
public final class InitCommand implements Callable<Integer> {
  /** The kinds init writes. */
  public enum Kind {
    catalog,
    table,
    pool,
    backup
  }

  /** Where the catalog's database lives. */
  public enum Backend {
    duckdb,
    sqlite,
    postgres
  }

  @ParentCommand FeathermanCli cli;

  @Parameters(index = "0", paramLabel = "KIND", description = "catalog, table, pool or backup.")
  Kind kind;

  @Parameters(index = "1", paramLabel = "NAME", description = "metadata.name of the object.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Write metadata.namespace (default: left out, so the apply decides).")
  String namespace;

  @Option(
      names = "--catalog",
      paramLabel = "CATALOG",
      defaultValue = "example",
      description = "Table, pool, backup: the catalog it belongs to (default: ${DEFAULT-VALUE}).")
  String catalog;

  @Option(
      names = "--backend",
      paramLabel = "BACKEND",
      defaultValue = "duckdb",
      description = "Catalog: duckdb, sqlite or postgres (default: ${DEFAULT-VALUE}).")
  Backend backend;

  @Option(
      names = "--bucket",
      paramLabel = "BUCKET",
      description = "Catalog: the bucket (default: NAME-lake).")
  String bucket;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      defaultValue = "lake",
      description = "Catalog: the key prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = "--endpoint",
      paramLabel = "HOST[:PORT]",
      description = "Catalog: the S3-compatible endpoint (default: AWS S3).")
  String endpoint;

  @Option(
      names = "--credentials-secret",
      paramLabel = "SECRET",
      defaultValue = "s3-credentials",
      description = "Catalog: Secret with the S3 keys (default: ${DEFAULT-VALUE}).")
  String credentialsSecret;

  @Option(
      names = "--storage-class",
      paramLabel = "CLASS",
      defaultValue = "standard",
      description =
          "Catalog (duckdb, sqlite): the volume's StorageClass (default: ${DEFAULT-VALUE}).")
  String storageClass;

  @Option(
      names = "--postgres-host",
      paramLabel = "HOST",
      defaultValue = "postgres",
      description = "Catalog (postgres): the server (default: ${DEFAULT-VALUE}).")
  String postgresHost;

  @Option(
      names = "--postgres-secret",
      paramLabel = "SECRET",
      defaultValue = "pg-credentials",
      description =
          "Catalog (postgres): Secret with username and password (default: ${DEFAULT-VALUE}).")
  String postgresSecret;

  @Option(
      names = "--min-size",
      paramLabel = "N",
      defaultValue = "2",
      description = "Pool: warm workers (default: ${DEFAULT-VALUE}).")
  int minSize;

  @Option(
      names = "--max-size",
      paramLabel = "N",
      defaultValue = "10",
      description = "Pool: most workers (default: ${DEFAULT-VALUE}).")
  int maxSize;

  @Override
  public Integer call() throws IOException {
    requireName("NAME", name);
    requireName("--catalog", catalog);
    if (namespace != null) {
      requireName("--namespace", namespace);
    }
    if (minSize < 0 || maxSize < Math.max(1, minSize)) {
      throw new CliException(
          ExitCodes.USAGE, "--max-size must be at least 1 and not below --min-size");
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("namespaceLine", namespace == null ? "" : "\n  namespace: " + namespace);
    values.put("catalog", catalog);
    values.put("tableName", name.replace('-', '_').replace('.', '_'));
    values.put("backend", backend.name());
    values.put(
        "backendBlock",
        template(backend == Backend.postgres ? "catalog-postgres.block" : "catalog-volume.block")
            .stripTrailing());
    values.put("bucket", quoted(bucket != null ? bucket : name + "-lake"));
    values.put("prefix", quoted(prefix));
    values.put(
        "endpointLine",
        endpoint == null
            ? "    # endpoint: minio.storage:9000"
            : "    endpoint: " + quoted(endpoint));
    values.put("credentialsSecret", credentialsSecret);
    values.put("storageClass", storageClass);
    values.put("postgresHost", quoted(postgresHost));
    values.put("postgresSecret", postgresSecret);
    values.put("minSize", Integer.toString(minSize));
    values.put("maxSize", Integer.toString(maxSize));
    cli.console().out().print(fill(template(kind.name() + ".yaml"), values));
    cli.console().out().flush();
    return ExitCodes.OK;
  }

  /** Replaces each {{key}} (block templates first, so their own keys are filled too). */
  static String fill(String template, Map<String, String> values) {
    String text = template;
    for (int pass = 0; pass < 2; pass++) {
      for (var e : values.entrySet()) {
        text = text.replace("{{" + e.getKey() + "}}", e.getValue());
      }
    }
    return text;
  }

  private static void requireName(String what, String value) {
    Validation v = new Validation();
    K8sNames.checkObjectName(value, what, v);
    if (!v.isValid()) {
      throw new CliException(ExitCodes.USAGE, v.errorMessage());
    }
  }

  /** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
  static String quoted(String value) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(value);
  }

  private static String template(String file) throws IOException {
    try (InputStream in = InitCommand.class.getResourceAsStream("/templates/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
