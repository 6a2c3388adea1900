package dev.featherman.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for child processes (etcd, kube-apiserver, PostgreSQL) that bind them later.
 *
 * <p>Ports are taken below Linux's ephemeral range (32768 and up): a port the kernel hands out with
 * {@code bind(0)} can be taken again by any outgoing connection in the gap before the child binds
 * it, which once failed the API server with "address already in use".
 */
public final class LoopbackPorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private LoopbackPorts() {}

  /** A loopback port that is free now, never handed out before by this JVM. */
  public static synchronized int free() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port between " + FIRST + " and " + LAST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
