package dev.featherman.engine.ddl;

import dev.featherman.engine.EngineException;
import java.util.List;

/** A table spec that cannot be turned into DDL; each problem names its field. */
public class InvalidTableSpecException extends EngineException {
  private final List<String> problems;

  public InvalidTableSpecException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
