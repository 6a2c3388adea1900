package dev.featherman.cli.query;

import java.net.URI;

/** The version a gateway reports, for {@code featherman version}. */
public final class GatewayVersion {
  private GatewayVersion() {}

  /** The gateway's build version, or null when it does not report one. */
  public static String of(URI gateway) {
    return new GatewayClient(gateway, null).version();
  }
}
