package dev.stimulus.workflows.analysis;

import java.util.List;

/**
 * One hyper-parameter column of a {@link TrialTable} and the domain the importance analyses integrate
 * over: {@code [lower, upper]} for numbers (uniform measure; on the log scale when {@code log}), the
 * finite {@code levels} for categories (uniform over the levels). A categorical value is encoded in the
 * table as its level's index.
 */
public record Parameter(String name, Kind kind, double lower, double upper, boolean log, List<String> levels) {

  public enum Kind {
    /** Real-valued; every value a double. */
    NUMERIC,
    /** Whole numbers; analysed like NUMERIC over the same interval, kept apart for reports. */
    INTEGER,
    /** A finite set of levels without order (strings, booleans, lists, conditional parameters). */
    CATEGORICAL
  }

  public Parameter {
    levels = List.copyOf(levels);
  }

  static Parameter numeric(String name, Kind kind, double lower, double upper) {
    return new Parameter(name, kind, lower, upper, false, List.of());
  }

  static Parameter categorical(String name, List<String> levels) {
    return new Parameter(name, Kind.CATEGORICAL, 0, levels.size() - 1, false, levels);
  }

  public boolean categorical() {
    return kind == Kind.CATEGORICAL;
  }

  /** The number of levels of a categorical parameter; 0 for a numeric one. */
  public int levelCount() {
    return categorical() ? levels.size() : 0;
  }

  /** The encoded value's text: a level's name, or the number (back on the linear scale when log). */
  public String describe(double encoded) {
    if (categorical()) {
      return levels.get((int) encoded);
    }
    double v = log ? Math.exp(encoded) : encoded;
    return kind == Kind.INTEGER ? Long.toString(Math.round(v)) : Double.toString(v);
  }
}
