package dev.featherman.api.validation;

import java.util.ArrayList;
import java.util.List;

/** Errors (the object is refused) and warnings (admitted, but risky), each naming its field. */
public final class Validation {
  /** One finding: the JSON path of the field and what to change. */
  public record Finding(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final List<Finding> errors = new ArrayList<>();
  private final List<Finding> warnings = new ArrayList<>();

  public Validation error(String field, String message) {
    errors.add(new Finding(field, message));
    return this;
  }

  public Validation warn(String field, String message) {
    warnings.add(new Finding(field, message));
    return this;
  }

  /** An error when a field that cannot change after creation did change. */
  public <T> Validation immutable(String field, T before, T after) {
    if (!java.util.Objects.equals(before, after)) {
      error(
          field,
          "cannot change from '" + before + "' to '" + after + "'; create a new object instead");
    }
    return this;
  }

  public List<Finding> errors() {
    return List.copyOf(errors);
  }

  public List<Finding> warnings() {
    return List.copyOf(warnings);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** All errors as one message, e.g. for a rejection or a condition. */
  public String errorMessage() {
    return String.join("; ", errors.stream().map(Finding::toString).toList());
  }
}
