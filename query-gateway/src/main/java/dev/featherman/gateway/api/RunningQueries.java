package dev.featherman.gateway.api;

import dev.featherman.engine.query.QueryControl;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queries running in this replica, by id, so their owner can cancel them. Deliberately local: a
 * query lives exactly as long as the HTTP exchange that runs it on this replica.
 */
public final class RunningQueries {
  /** One running query. */
  public record Entry(String owner, String catalog, Instant started, QueryControl control) {}

  private final Map<String, Entry> running = new ConcurrentHashMap<>();

  /** Registers a query; false when the id is already in use. */
  boolean register(String id, Entry entry) {
    return running.putIfAbsent(id, entry) == null;
  }

  void remove(String id) {
    running.remove(id);
  }

  /** Cancels the query if {@code owner} started it; false when there is no such query. */
  boolean cancel(String id, String owner) {
    Entry entry = running.get(id);
    if (entry == null || !entry.owner().equals(owner)) {
      return false;
    }
    entry.control().cancel();
    return true;
  }

  int size() {
    return running.size();
  }
}
