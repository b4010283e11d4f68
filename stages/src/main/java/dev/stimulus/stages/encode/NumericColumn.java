package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.NumberCell;

/**
 * One column's cells as numbers ({@link NumberCell}: decimals, booleans as 1/0), with missing
 * cells handled by a {@link MissingPolicy} whose fill is learned from the train fold.
 */
final class NumericColumn {

  private final String column;
  private final String encoder;
  private final MissingPolicy policy;
  private final double fill;
  /** The train cells, completed. */
  private final double[] train;

  private NumericColumn(String column, String encoder, MissingPolicy policy, double fill, ColumnEncoder.Values values,
      Double[] read) {
    this.column = column;
    this.encoder = encoder;
    this.policy = policy;
    this.fill = fill;
    this.train = new double[read.length];
    for (int i = 0; i < read.length; i++) {
      train[i] = read[i] != null ? read[i] : completed(values.cells().get(i), values.rowNames().get(i));
    }
  }

  /**
   * @throws StageException for a cell that is not a number, a missing cell under {@code error},
   *     or a train column with no present value under {@code mean}
   */
  static NumericColumn fit(ColumnEncoder.Values values, MissingPolicy policy, String encoder) {
    int n = values.cells().size();
    Double[] read = new Double[n];
    double sum = 0;
    int present = 0;
    for (int i = 0; i < n; i++) {
      read[i] = NumberCell.read(values.cells().get(i), values.column(), values.rowNames().get(i));
      if (read[i] != null) {
        sum += read[i];
        present++;
      } else if (policy == MissingPolicy.ERROR) {
        // the first missing train cell, before the mean of the others is taken
        throw missingError(values.column(), values.rowNames().get(i), values.cells().get(i), encoder);
      }
    }
    double fill = 0;
    if (policy == MissingPolicy.MEAN) {
      if (present == 0) {
        throw new StageException("column '" + values.column() + "': every train cell is missing, so missing: mean"
            + " has no value to fill with; use missing: zero or drop, or leave the column out");
      }
      fill = sum / present;
    }
    return new NumericColumn(values.column(), encoder, policy, fill, values, read);
  }

  /** The completed train values, in row order. */
  double[] train() {
    return train.clone();
  }

  /** A cell of any fold as a number; a missing cell becomes the fill. */
  double number(String cell, String rowName) {
    Double d = NumberCell.read(cell, column, rowName);
    return d != null ? d : completed(cell, rowName);
  }

  private double completed(String cell, String rowName) {
    return switch (policy) {
      case ERROR -> throw missingError(column, rowName, cell, encoder);
      case DROP -> throw new IllegalStateException("column '" + column + "', " + rowName
          + ": a missing cell under missing: drop reached the encoder; its row should have been left out");
      case MEAN, ZERO -> fill;
    };
  }

  /**
   * Adds the learned fill to a fitted state when there is one (the params already say the policy);
   * without a fill the state keeps the bytes it had before missing cells were handled.
   */
  ObjectNode describeIn(ObjectNode state) {
    if (policy == MissingPolicy.MEAN || policy == MissingPolicy.ZERO) {
      state.put("missing_fill", fill);
    }
    return state;
  }

  private static StageException missingError(String column, String rowName, String cell, String encoder) {
    return new StageException("column '" + column + "', " + rowName + ": " + NumberCell.describeMissing(cell)
        + " is missing, but the " + encoder + " encoder needs a number in every cell; declare what a missing cell"
        + " becomes with the encoder's missing parameter: mean, zero or drop");
  }
}
