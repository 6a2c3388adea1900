package dev.featherman.gateway.flightsql;

import dev.featherman.gateway.api.LakeBrowser;
import dev.featherman.gateway.api.QueryService;
import dev.featherman.gateway.auth.TokenAuthenticator;
import dev.featherman.gateway.config.GatewayProperties;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Arrow Flight SQL server (gRPC) beside the REST API, started and stopped with the gateway. */
public final class FlightSqlEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlightSqlEndpoint.class);

  private final BufferAllocator allocator = new RootAllocator();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "flight-sql-statement");
            t.setDaemon(true);
            return t;
          });
  private final FlightServer server;

  FlightSqlEndpoint(
      GatewayProperties.FlightSql settings,
      QueryService queries,
      LakeBrowser browser,
      TokenAuthenticator tokens) {
    boolean tls = !settings.tlsCertificate().isBlank();
    Location location =
        tls
            ? Location.forGrpcTls(settings.host(), settings.port())
            : Location.forGrpcInsecure(settings.host(), settings.port());
    String version = FlightSqlEndpoint.class.getPackage().getImplementationVersion();
    FlightServer.Builder builder =
        FlightServer.builder(
                allocator,
                location,
                new LakeFlightSqlProducer(
                    queries, browser, allocator, threads, version == null ? "dev" : version))
            .middleware(CallerMiddleware.KEY, new CallerMiddleware.Factory(tokens));
    try {
      if (tls) {
        builder.useTls(new File(settings.tlsCertificate()), new File(settings.tlsPrivateKey()));
      }
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve Flight SQL on "
              + settings.host()
              + ":"
              + settings.port()
              + " (featherman.gateway.flight-sql.port)",
          e);
    }
    log.info(
        "Flight SQL on {}://{}:{}", tls ? "grpc+tls" : "grpc", settings.host(), server.getPort());
  }

  /** The port it listens on (the configured one, or the one chosen for port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() throws Exception {
    server.shutdown();
    if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
      server.close();
    }
    threads.shutdownNow();
    allocator.close();
  }
}
