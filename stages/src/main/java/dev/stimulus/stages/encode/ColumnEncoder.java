package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import java.util.List;

/**
 * Turns one table column into numbers. Registered through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.stimulus.stages.encode.ColumnEncoder}) and named in the {@code columns}
 * encode stage's configuration. An encoder is FITTED ON THE TRAIN FOLD ONLY ({@link #fit}); the fitted
 * form then encodes every fold, so a test row's code never depends on which other rows are present.
 */
public interface ColumnEncoder {

  /** The name users write, e.g. {@code Numeric}. */
  String name();

  /** One line for catalogues and messages. */
  String description();

  /**
   * Bumped whenever the encoding of the same train and test values changes. Folded into the encode
   * stage's resolved params, so it reaches the action key even for encoders from other jars.
   */
  default int version() {
    return 1;
  }

  /** Declared parameters; the stage resolves them (defaults folded in) before {@link #fit}. */
  ParamSpec params();

  /**
   * Learns what the encoding needs from the train fold (vocabulary, label set, length).
   *
   * @param train the column's values in the train fold
   * @param params resolved parameters
   * @throws dev.stimulus.stages.StageException when the train values cannot be encoded
   */
  Fitted fit(Values train, ObjectNode params);

  /**
   * Whether a row is left out of every fold because of this column's cell (a missing number under
   * {@code missing: drop}). Asked for every row before any encoder fits, so that the train fold
   * they fit on holds only the rows that are encoded.
   *
   * @param params resolved parameters
   */
  default boolean dropsRow(String cell, ObjectNode params) {
    return false;
  }

  /** A column's cells with how messages name their rows. */
  record Values(String column, List<String> cells, List<String> rowNames) {
    public Values {
      cells = List.copyOf(cells);
      rowNames = List.copyOf(rowNames);
      if (cells.size() != rowNames.size()) {
        throw new IllegalArgumentException(cells.size() + " cells for " + rowNames.size() + " row names");
      }
    }
  }

  /** A fitted encoder: fixed, so any row encodes the same whatever else is encoded with it. */
  interface Fitted {

    /** Shape of one row's encoding: {@code [1]} for a number, {@code [length, alphabet]} for one-hot. */
    long[] shape();

    /** Numbers per row: the product of {@link #shape}. */
    default int width() {
      long n = 1;
      for (long d : shape()) {
        n *= d;
      }
      return Math.toIntExact(n);
    }

    /**
     * Writes the encoding of one cell to {@code out[offset, offset + width())}.
     *
     * @param rowName how messages name the row, e.g. {@code row 17}
     * @throws dev.stimulus.stages.StageException naming column, row and value when it cannot be encoded
     */
    void encode(String value, String rowName, float[] out, int offset);

    /**
     * The number of classes when the encoding is a class index (2 means binary), 0 when it is a
     * quantity. Decides the task when the column is the label.
     */
    int classes();

    /** What was learned, for the {@code state} output (JSON, written canonically). */
    ObjectNode state();
  }
}
