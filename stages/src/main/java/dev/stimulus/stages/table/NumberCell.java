package dev.stimulus.stages.table;

import dev.stimulus.stages.StageException;
import java.util.Locale;
import java.util.Set;

/**
 * A cell read as a number the way tables written by pandas and polars are read back by their own
 * type inference (and so by stimulus-py): a decimal number ({@code +1}, {@code -2.5}, {@code .5},
 * {@code 1e-3}), a boolean ({@code True}/{@code False} in any case, as 1 and 0), or a missing
 * value: an empty cell or one of {@link #MISSING}. Anything else is refused, naming the cell.
 *
 * <p>Missing is a value of its own, not an error here: what it becomes is the encoder's declared
 * policy. {@link Table#parseNumber} stays strict for the stages that must not guess.
 */
public final class NumberCell {

  /** Markers of a missing value besides the empty cell: pandas' and polars' defaults that are not numbers. */
  public static final Set<String> MISSING = Set.of("NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "None", "<NA>");

  private NumberCell() {}

  /** Whether the cell (stripped) is empty or a missing-value marker. */
  public static boolean missing(String cell) {
    String v = cell.strip();
    return v.isEmpty() || MISSING.contains(v);
  }

  /**
   * The cell's number, or null when it is {@linkplain #missing missing}.
   *
   * @param column and {@code rowName} only for the message
   * @throws StageException naming column, row and value when the cell is neither
   */
  public static Double read(String cell, String column, String rowName) {
    if (missing(cell)) {
      return null;
    }
    String v = cell.strip();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> {
        return 1.0;
      }
      case "false" -> {
        return 0.0;
      }
      default -> {
        return Table.parseNumber(v, column, rowName);
      }
    }
  }

  /** How messages describe a missing cell: {@code an empty cell} or {@code 'NaN' (a missing value)}. */
  public static String describeMissing(String cell) {
    String v = cell.strip();
    return v.isEmpty() ? "an empty cell" : "'" + v + "' (a missing value)";
  }
}
