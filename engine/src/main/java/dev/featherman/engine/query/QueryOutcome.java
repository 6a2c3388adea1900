package dev.featherman.engine.query;

import java.time.Duration;

/** What a finished query produced. */
public record QueryOutcome(long rows, long bytes, Duration elapsed) {}
