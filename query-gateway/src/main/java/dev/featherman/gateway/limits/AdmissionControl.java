package dev.featherman.gateway.limits;

import dev.featherman.gateway.api.GatewayException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;

/**
 * Bounds concurrent queries: at most {@code maxConcurrent} run, at most {@code maxQueued} wait
 * (more get 429), none waits longer than {@code maxWait} (then 503), and one principal holds at
 * most {@code maxPerPrincipal} of the running and waiting places (more get 429), so a single caller
 * cannot fill the whole queue.
 */
public final class AdmissionControl {
  private final Semaphore slots;
  private final int maxQueued;
  private final Duration maxWait;
  private final AtomicInteger queued = new AtomicInteger();
  private final int maxPerPrincipal;
  private final ConcurrentHashMap<String, AtomicInteger> perPrincipal = new ConcurrentHashMap<>();

  public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait) {
    this(maxConcurrent, maxQueued, maxWait, maxConcurrent + maxQueued);
  }

  /**
   * @param maxPerPrincipal running plus waiting queries one principal may have; 0 for half of
   *     {@code maxConcurrent + maxQueued}, rounded up
   */
  public AdmissionControl(int maxConcurrent, int maxQueued, Duration maxWait, int maxPerPrincipal) {
    this.slots = new Semaphore(maxConcurrent, true);
    this.maxQueued = maxQueued;
    this.maxWait = maxWait;
    this.maxPerPrincipal =
        maxPerPrincipal > 0 ? maxPerPrincipal : (maxConcurrent + maxQueued + 1) / 2;
  }

  /** Waits for a slot for {@code principal}; the returned handle releases it. */
  public AutoCloseable admit(String principal) {
    // Counters stay once created (one per principal seen), so no update can miss a removal.
    AtomicInteger mine = perPrincipal.computeIfAbsent(principal, p -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerPrincipal) {
      mine.decrementAndGet();
      throw new GatewayException(
          HttpStatus.TOO_MANY_REQUESTS,
          "this token already has "
              + maxPerPrincipal
              + " queries running or waiting (featherman.gateway.limits.max-per-principal);"
              + " retry when one has finished");
    }
    try {
      AutoCloseable slot = admit();
      return () -> {
        try {
          slot.close();
        } finally {
          mine.decrementAndGet();
        }
      };
    } catch (RuntimeException e) {
      mine.decrementAndGet();
      throw e;
    }
  }

  /** Waits for a slot; the returned handle releases it. */
  public AutoCloseable admit() {
    if (slots.tryAcquire()) {
      return slots::release;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      throw new GatewayException(
          HttpStatus.TOO_MANY_REQUESTS, "too many queries are waiting; retry later");
    }
    try {
      if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new GatewayException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "no capacity to run the query within " + maxWait.toMillis() + " ms; retry later");
      }
      return slots::release;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(
          HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting for capacity");
    } finally {
      queued.decrementAndGet();
    }
  }

  /** Queries waiting for a slot. */
  public int queued() {
    return queued.get();
  }

  /** Queries running. */
  public int active(int maxConcurrent) {
    return maxConcurrent - slots.availablePermits();
  }
}
