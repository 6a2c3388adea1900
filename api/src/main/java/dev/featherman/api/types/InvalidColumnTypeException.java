package dev.featherman.api.types;

/** A column type string that is not in the grammar DuckLake accepts. */
public class InvalidColumnTypeException extends IllegalArgumentException {
  public InvalidColumnTypeException(String message) {
    super(message);
  }
}
