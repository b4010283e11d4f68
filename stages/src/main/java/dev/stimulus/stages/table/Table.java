package dev.stimulus.stages.table;

import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CSV table in memory: a header of unique column names and rows of string cells, each row as wide
 * as the header. Cells stay strings so that untouched values are written back byte for byte.
 *
 * <p>Rows are named in messages by their {@code row_id} cell when the table has one (a partitioned
 * table), otherwise by their 0-based position, which is the row id a split will give them.
 */
public final class Table {

  /**
   * A plain decimal number; stricter than {@link Double#parseDouble}, which also takes "1f", "0x1p3",
   * "NaN". Possessive quantifiers: a long run of digits that fails to match is rejected in linear time
   * (the greedy form backtracks quadratically, minutes on a 100 kB hostile cell).
   */
  private static final Pattern NUMBER = Pattern.compile("[+-]?+(\\d++\\.?+\\d*+|\\.\\d++)([eE][+-]?+\\d++)?+");

  private final List<String> header;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String[]> rows;
  /** 1-based line of each row in the file it was read from, or null when built in memory. */
  private final int[] lines;

  /**
   * @throws IllegalArgumentException for duplicate names or rows of the wrong width (a bug: readers
   *     check user input with line numbers before building a table)
   */
  public Table(List<String> header, List<String[]> rows) {
    this(header, rows, null);
  }

  Table(List<String> header, List<String[]> rows, int[] lines) {
    this.lines = lines;
    this.header = List.copyOf(header);
    for (int i = 0; i < this.header.size(); i++) {
      if (index.put(this.header.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate column " + this.header.get(i));
      }
    }
    this.rows = new ArrayList<>(rows.size());
    for (String[] r : rows) {
      if (r.length != this.header.size()) {
        throw new IllegalArgumentException("row of " + r.length + " cells for " + this.header.size() + " columns");
      }
      this.rows.add(r.clone());
    }
  }

  public List<String> header() {
    return header;
  }

  public int width() {
    return header.size();
  }

  public int size() {
    return rows.size();
  }

  /** The cells of row {@code i}: a copy, so a table never changes once built. */
  public String[] row(int i) {
    return rows.get(i).clone();
  }

  public String cell(int row, int column) {
    return rows.get(row)[column];
  }

  /** The rows, read-only; the arrays must not be modified (use {@link #row} for a copy). */
  List<String[]> rowsView() {
    return Collections.unmodifiableList(rows);
  }

  public boolean has(String column) {
    return index.containsKey(column);
  }

  /**
   * The position of a column.
   *
   * @throws StageException naming the column and listing the available ones
   */
  public int column(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new StageException("unknown column '" + name + "' (available: " + String.join(", ", header) + ")");
    }
    return i;
  }

  /** Where row {@code i} came from, for messages about the file: {@code line 17}, or its name. */
  public String where(int i) {
    return lines == null ? rowName(i) : "line " + lines[i];
  }

  /** How messages name row {@code i}: its row id, which is the 0-based data row before a split. */
  public String rowName(int i) {
    Integer id = index.get(Partitions.ROW_ID);
    return "row " + (id == null ? Integer.toString(i) : rows.get(i)[id]);
  }

  /**
   * The cell parsed as a finite decimal number.
   *
   * @throws StageException naming column, row and value when it is not one
   */
  public double number(int row, int column) {
    return parseNumber(cell(row, column), header.get(column), rowName(row));
  }

  /** Parses a finite decimal number; {@code column} and {@code rowName} are only for the message. */
  public static double parseNumber(String value, String column, String rowName) {
    String v = value.strip();
    if (!NUMBER.matcher(v).matches()) {
      String why = v.isEmpty() ? "an empty cell is not a number" : "'" + abbreviate(value) + "' is not a number";
      throw new StageException("column '" + column + "', " + rowName + ": " + why);
    }
    double d = Double.parseDouble(v);
    if (Double.isInfinite(d)) {
      throw new StageException("column '" + column + "', " + rowName + ": '" + abbreviate(value) + "' is too large for a double");
    }
    return d;
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
