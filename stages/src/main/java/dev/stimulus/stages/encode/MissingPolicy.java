package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import java.util.List;
import java.util.Locale;

/**
 * What a numeric encoder does with a missing cell (empty, {@code NA}, {@code NaN}, ...), as its
 * {@code missing} parameter says. The fill happens before the encoder fits, as an imputer placed in
 * front of it would: the encoder learns from the completed train column.
 */
enum MissingPolicy {
  /** The default: a missing cell is an error naming its row and column. */
  ERROR,
  /** Filled with the mean of the column's present train values. */
  MEAN,
  /** Filled with 0. */
  ZERO,
  /** The row is left out of every fold's tensors (and of the row index). */
  DROP;

  static final String PARAM = "missing";

  /**
   * Omitted from the resolved params at its default, so that configurations written before it
   * existed keep their action keys and fitted-state bytes.
   */
  static Param param() {
    return Param.choice(PARAM, "error", List.of("error", "mean", "zero", "drop"),
        "a missing cell (empty, NA, NaN, null, None): error, mean (of the train values), zero, or drop the row")
        .omitAtDefault();
  }

  /** The policy of resolved params; absent means the default. */
  static MissingPolicy of(ObjectNode params) {
    JsonNode v = params.get(PARAM);
    return v == null ? ERROR : valueOf(v.asText().toUpperCase(Locale.ROOT));
  }

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
