package dev.featherman.cli.cluster;

import dev.featherman.api.types.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as kubectl writes them: 90s, 5m, 1h30m. */
public final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return GoDuration.parse(value);
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: write it like 30s, 5m or 1h30m");
    }
  }
}
