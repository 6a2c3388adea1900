package dev.featherman.engine.connect;

import dev.featherman.engine.EngineException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Warm connections to one lake session's database, each with the catalog selected. A new DuckDB
 * connection makes DuckLake load the catalog's state again (several milliseconds), so connections
 * are reused. Safe only for sandboxed use: user statements cannot change connection state (no SET,
 * USE, PREPARE, temporary objects or open transactions), so a returned connection is as it was
 * lent.
 */
public final class ConnectionPool implements AutoCloseable {
  private final LakeSession session;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  /**
   * @param maxIdle connections kept for reuse; more are closed when returned
   */
  public ConnectionPool(LakeSession session, int maxIdle) {
    this.session = session;
    this.maxIdle = maxIdle;
  }

  /** A warm connection, or a new one when none is idle. */
  public Connection borrow() {
    Connection c = idle.pollFirst();
    if (c != null) {
      return c;
    }
    try {
      return session.newConnection();
    } catch (SQLException e) {
      throw new EngineException(
          "could not open a connection to catalog '" + session.alias() + "': " + e.getMessage(), e);
    }
  }

  /** Returns a connection for reuse (closed instead when the pool is full or it is broken). */
  public void giveBack(Connection c) {
    try {
      if (!c.isClosed() && c.getAutoCommit() && idle.size() < maxIdle) {
        idle.offerFirst(c);
        return;
      }
    } catch (SQLException ignored) {
      // A connection that cannot answer is broken: close it below.
    }
    closeQuietly(c);
  }

  /** Closes a connection that must not be reused (e.g. after an unexpected failure). */
  public void discard(Connection c) {
    closeQuietly(c);
  }

  @Override
  public void close() {
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing useful to do: the database is shared and stays open.
    }
  }
}
