package dev.featherman.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featherman.api.v1alpha1.DuckLakeCatalogSpec;
import dev.featherman.api.worker.WorkerEnv;
import dev.featherman.engine.EngineSettings;
import dev.featherman.engine.connect.CatalogSecrets;
import dev.featherman.engine.connect.LakeConfig;
import dev.featherman.engine.connect.LakeConfigs;
import dev.featherman.engine.connect.S3Credentials;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * A worker's catalog and engine settings, read from its environment. Errors name the variable and
 * what it must hold; secret values never appear in them.
 */
public record WorkerConfig(LakeConfig lake, EngineSettings engine) {
  /** A configuration the worker cannot start with. */
  public static class InvalidConfigException extends IllegalArgumentException {
    InvalidConfigException(String message) {
      super(message);
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Reads the configuration from environment variables (see {@link WorkerEnv}). */
  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    String catalog = required(env, WorkerEnv.CATALOG);
    DuckLakeCatalogSpec spec;
    try {
      spec = JSON.readValue(required(env, WorkerEnv.CATALOG_SPEC), DuckLakeCatalogSpec.class);
    } catch (InvalidConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidConfigException(
          WorkerEnv.CATALOG_SPEC
              + " must hold the DuckLakeCatalog spec as JSON: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    S3Credentials s3 = null;
    String keyId = env.get(WorkerEnv.S3_ACCESS_KEY_ID);
    String secret = env.get(WorkerEnv.S3_SECRET_ACCESS_KEY);
    if (keyId != null || secret != null) {
      if (blank(keyId) || blank(secret)) {
        throw new InvalidConfigException(
            "set both "
                + WorkerEnv.S3_ACCESS_KEY_ID
                + " and "
                + WorkerEnv.S3_SECRET_ACCESS_KEY
                + ", or neither to use the default credential chain");
      }
      s3 = new S3Credentials(keyId, secret, env.get(WorkerEnv.S3_SESSION_TOKEN));
    }
    CatalogSecrets secrets =
        new CatalogSecrets(s3, env.get(WorkerEnv.PG_USER), env.get(WorkerEnv.PG_PASSWORD));
    Path file =
        env.containsKey(WorkerEnv.CATALOG_FILE) ? Paths.get(env.get(WorkerEnv.CATALOG_FILE)) : null;
    LakeConfig lake;
    try {
      lake = LakeConfigs.fromSpec(catalog, spec, secrets, file);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    if (Boolean.parseBoolean(env.getOrDefault(WorkerEnv.READ_ONLY, "false"))) {
      lake = lake.asReadOnly();
    }
    EngineSettings engine = EngineSettings.defaults();
    if (!blank(env.get(WorkerEnv.MEMORY_LIMIT))) {
      engine = engine.withMemoryLimit(env.get(WorkerEnv.MEMORY_LIMIT));
    }
    if (!blank(env.get(WorkerEnv.TEMP_DIRECTORY))) {
      engine = engine.withTempDirectory(Paths.get(env.get(WorkerEnv.TEMP_DIRECTORY)));
    }
    if (!blank(env.get(WorkerEnv.MAX_TEMP_DIRECTORY_SIZE))) {
      engine = engine.withMaxTempDirectorySize(env.get(WorkerEnv.MAX_TEMP_DIRECTORY_SIZE));
    }
    if (!blank(env.get(WorkerEnv.THREADS))) {
      try {
        engine = engine.withThreads(Integer.parseInt(env.get(WorkerEnv.THREADS).strip()));
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(
            WorkerEnv.THREADS
                + " must be a whole number, not '"
                + env.get(WorkerEnv.THREADS)
                + "'");
      }
    }
    return new WorkerConfig(lake, engine);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (blank(value)) {
      throw new InvalidConfigException("environment variable " + name + " is required");
    }
    return value;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
