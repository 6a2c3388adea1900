package dev.featherman.api.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRD schema's field rules, enforced in Java from the same source: the model's generator
 * annotations ({@code @Required}, {@code @Size}, {@code @Pattern}, {@code @Min}, {@code @Max})
 * become the schema by the CRD generator and these checks here, so the webhook and the reconcilers
 * never accept what the API server's schema refuses. A field that already has an error keeps the
 * hand-written message, which says more.
 */
public final class SchemaRules {
  private static final String MODEL = "dev.featherman.api.";
  private static final Map<String, java.util.regex.Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaRules() {}

  /** Adds to {@code v} every schema rule {@code object} (at {@code path}) breaks; returns v. */
  public static Validation check(Object object, String path, Validation v) {
    if (object != null) {
      walk(object, path, v);
    }
    return v;
  }

  private static void walk(Object object, String path, Validation v) {
    for (Class<?> type = object.getClass();
        type != null && type.getName().startsWith(MODEL);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())
            || field.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(object);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        checkField(field, value, path + "." + jsonName(field), v);
      }
    }
  }

  private static void checkField(Field field, Object value, String name, Validation v) {
    if (value == null) {
      if (field.isAnnotationPresent(Required.class)) {
        report(v, name, "is required");
      }
      return;
    }
    Size size = field.getAnnotation(Size.class);
    Pattern pattern = field.getAnnotation(Pattern.class);
    if (value instanceof String s) {
      long length = s.codePointCount(0, s.length());
      if (size != null && (length < size.min() || length > size.max())) {
        report(v, name, "must be " + bounds(size) + " characters long (has " + length + ")");
      } else if (pattern != null && !compiled(pattern.value()).matcher(s).find()) {
        report(
            v,
            name,
            "'"
                + Texts.shortened(s.replaceAll("\\p{Cntrl}", "?"))
                + "' does not match "
                + pattern.value());
      }
    } else if (value instanceof Number n) {
      checkNumber(field, n.doubleValue(), name, v);
    } else if (value instanceof List<?> list) {
      if (size != null && (list.size() < size.min() || list.size() > size.max())) {
        report(v, name, "must have " + bounds(size) + " entries (has " + list.size() + ")");
      }
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (item != null && isModel(item)) {
          walk(item, name + "[" + i + "]", v);
        }
      }
    } else if (isModel(value) && !(value instanceof Enum<?>)) {
      walk(value, name, v);
    }
  }

  private static void checkNumber(Field field, double n, String name, Validation v) {
    Min min = field.getAnnotation(Min.class);
    Max max = field.getAnnotation(Max.class);
    if (min != null && (min.inclusive() ? n < min.value() : n <= min.value())) {
      report(
          v, name, "must be " + (min.inclusive() ? "at least " : "more than ") + num(min.value()));
    } else if (max != null && (max.inclusive() ? n > max.value() : n >= max.value())) {
      report(
          v, name, "must be " + (max.inclusive() ? "at most " : "less than ") + num(max.value()));
    }
  }

  private static void report(Validation v, String name, String message) {
    if (v.errors().stream().noneMatch(f -> f.field().equals(name))) {
      v.error(name, message);
    }
  }

  private static boolean isModel(Object value) {
    return value.getClass().getName().startsWith(MODEL);
  }

  private static String jsonName(Field field) {
    JsonProperty property = field.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : field.getName();
  }

  private static java.util.regex.Pattern compiled(String regex) {
    return PATTERNS.computeIfAbsent(regex, java.util.regex.Pattern::compile);
  }

  private static String bounds(Size size) {
    if (size.max() == Long.MAX_VALUE) {
      return "at least " + size.min();
    }
    return size.min() <= 0 ? "at most " + size.max() : size.min() + " to " + size.max();
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
