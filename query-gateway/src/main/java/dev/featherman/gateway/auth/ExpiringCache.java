package dev.featherman.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A small, bounded, time-limited cache for authentication and authorization decisions. */
final class ExpiringCache<K, V> {
  private record Entry<V>(V value, long expiresAt) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<K, Entry<V>> entries;

  ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The cached value, or the loaded one (cached unless ttl is zero). */
  V get(K key, Supplier<V> loader) {
    long now = clock.millis();
    synchronized (entries) {
      Entry<V> e = entries.get(key);
      if (e != null && e.expiresAt() > now) {
        return e.value();
      }
    }
    V value = loader.get();
    if (!ttl.isZero()) {
      synchronized (entries) {
        entries.put(key, new Entry<>(value, now + ttl.toMillis()));
      }
    }
    return value;
  }
}
