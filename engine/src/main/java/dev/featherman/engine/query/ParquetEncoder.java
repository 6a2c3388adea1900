package dev.featherman.engine.query;

import dev.featherman.engine.PrivateDuckDb;
import dev.featherman.engine.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * Turns Arrow batches into a Parquet byte stream with DuckDB's Parquet writer. A private in-memory
 * DuckDB (no lake, no user SQL, file access only to its own directory) runs {@code COPY ... TO} a
 * named pipe that a pump drains into the caller's stream, so each row group leaves as soon as it is
 * written and a slow reader slows the writer instead of filling memory or disk.
 */
final class ParquetEncoder {
  private static volatile ParquetEncoder shared;

  private final DuckDBConnection database;
  private final Path pipes;
  private final AtomicLong sequence = new AtomicLong();
  private final ExecutorService pumps =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "parquet-pump");
            t.setDaemon(true);
            return t;
          });

  private ParquetEncoder(DuckDBConnection database, Path pipes) {
    this.database = database;
    this.pipes = pipes;
  }

  /** The process's encoder, started on first use. */
  static ParquetEncoder shared() throws SQLException, IOException {
    ParquetEncoder encoder = shared;
    if (encoder == null) {
      synchronized (ParquetEncoder.class) {
        if (shared == null) {
          shared = start();
        }
        encoder = shared;
      }
    }
    return encoder;
  }

  private static ParquetEncoder start() throws SQLException, IOException {
    PrivateDuckDb duck = PrivateDuckDb.start("featherman-parquet-");
    return new ParquetEncoder(duck.database(), duck.directory());
  }

  /**
   * Writes {@code batches} to {@code out} as one Parquet file; {@code out} is not closed, {@code
   * batches} is once DuckDB has read them.
   */
  void encode(ArrowReader batches, BufferAllocator allocator, OutputStream out)
      throws SQLException, IOException {
    long n = sequence.incrementAndGet();
    Path pipe = pipes.resolve("result-" + n + ".parquet");
    makePipe(pipe);
    Pump pump = new Pump(pipe, out);
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        DuckDBConnection connection = database.duplicate().unwrap(DuckDBConnection.class)) {
      String view = "result_" + n;
      Data.exportArrayStream(allocator, batches, stream);
      connection.registerArrowStream(view, stream);
      pumps.execute(pump);
      SQLException copyFailure = null;
      try (Statement copy = connection.createStatement()) {
        copy.execute(
            "COPY (SELECT * FROM "
                + Sql.identifier(view)
                + ") TO "
                + Sql.literal(pipe.toString())
                + " (FORMAT parquet, COMPRESSION zstd, USE_TMP_FILE false)");
      } catch (SQLException e) {
        copyFailure = e;
      } finally {
        pump.finish();
      }
      pump.rethrow();
      if (copyFailure != null) {
        throw copyFailure;
      }
    } finally {
      Files.deleteIfExists(pipe);
    }
  }

  private static void makePipe(Path pipe) throws IOException {
    Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).start();
    try {
      if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
        throw new IOException(
            "could not create the named pipe "
                + pipe
                + " for a Parquet result: "
                + new String(mkfifo.getErrorStream().readAllBytes()).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating a named pipe", e);
    }
  }

  /** Copies the pipe into the caller's stream until the writer closes it. */
  private static final class Pump implements Runnable {
    private final Path pipe;
    private final OutputStream out;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Exception failure;

    Pump(Path pipe, OutputStream out) {
      this.pipe = pipe;
      this.out = out;
    }

    @Override
    public void run() {
      // Opening blocks until a writer opens the other end; closing it early (the caller's stream
      // failed) makes DuckDB's next write fail, which ends the COPY.
      try (InputStream in = Files.newInputStream(pipe)) {
        opened.countDown();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = in.read(buffer)) > 0) {
          out.write(buffer, 0, read);
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
      } finally {
        opened.countDown();
        done.countDown();
      }
    }

    /**
     * Ends the pump once the COPY returned. If DuckDB failed before opening the pipe, the pump
     * still waits in open: holding a read-write end (an open that never blocks) lets it through to
     * an immediate end of file.
     */
    void finish() throws IOException {
      try (RandomAccessFile unblock = new RandomAccessFile(pipe.toFile(), "rw")) {
        opened.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while finishing a Parquet result", e);
      }
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while finishing a Parquet result", e);
      }
    }

    void rethrow() throws IOException {
      Exception e = failure;
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
    }
  }
}
