package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/**
 * What makes one trial better than another: a metric path into the evaluate stage's metrics JSON
 * ({@code <fold>.<metric>}, e.g. {@code validation.roc_auc}) and a direction.
 */
public record Objective(String metric, Direction direction) {

  /** Whether larger or smaller values are better. */
  public enum Direction {
    MAXIMIZE,
    MINIMIZE
  }

  /** The objective's value in a metrics document, if present and a finite number. */
  public OptionalDouble valueIn(JsonNode metrics) {
    JsonNode v = metrics;
    for (String part : metric.split("\\.")) {
      if (v == null) {
        return OptionalDouble.empty();
      }
      v = v.get(part);
    }
    if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(v.doubleValue());
  }

  /** Whether {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return direction == Direction.MAXIMIZE ? a > b : a < b;
  }
}
