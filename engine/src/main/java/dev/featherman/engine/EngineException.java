package dev.featherman.engine;

/** Base of the engine's errors; messages are meant for users and never contain secrets. */
public class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
