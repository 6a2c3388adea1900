package dev.featherman.cli;

import picocli.CommandLine.IVersionProvider;

/** The client's version, from the jar's manifest (the build's project version). */
public final class CliVersion implements IVersionProvider {
  /** The version this CLI was built as, or "development" when run from classes. */
  public static String current() {
    String version = CliVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"featherman " + current()};
  }
}
