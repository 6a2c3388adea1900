package dev.featherman.engine;

import java.nio.file.Path;

/** A DuckDB extension Featherman needs is not in the extension directory. */
public class MissingExtensionException extends EngineException {
  public MissingExtensionException(String extension, Path expectedFile, Path directory) {
    super(
        "DuckDB extension '"
            + extension
            + "' is missing: expected "
            + expectedFile
            + ". Run scripts/install-duckdb-extensions.sh "
            + directory
            + " (or point "
            + EngineSettings.EXTENSION_DIR_ENV
            + " at a directory that has it).");
  }
}
