package dev.stimulus.stages.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code table} format between stages: a CSV whose first two columns are {@code row_id} and
 * {@code fold} (train|validation|test), then the data columns in their original order.
 */
public final class Partitions {

  public static final String ROW_ID = "row_id";
  public static final String FOLD = "fold";
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";
  /** The folds in their canonical order (tensor files and indexes list them in this order). */
  public static final List<String> FOLDS = List.of(TRAIN, VALIDATION, TEST);

  private Partitions() {}

  /**
   * A partitioned table from raw data: row ids are the 0-based row positions.
   *
   * @param folds the fold of each data row
   */
  public static Table partition(Table data, String[] folds) {
    for (String reserved : List.of(ROW_ID, FOLD)) {
      if (data.has(reserved)) {
        throw new StageException("the data already has a column named '" + reserved
            + "', which a split adds; rename that column in the data");
      }
    }
    if (folds.length != data.size()) {
      throw new IllegalArgumentException(folds.length + " folds for " + data.size() + " rows");
    }
    List<String> header = new ArrayList<>();
    header.add(ROW_ID);
    header.add(FOLD);
    header.addAll(data.header());
    List<String[]> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      String[] r = new String[data.width() + 2];
      r[0] = Integer.toString(i);
      r[1] = folds[i];
      System.arraycopy(data.rowsView().get(i), 0, r, 2, data.width());
      rows.add(r);
    }
    return new Table(header, rows);
  }

  /**
   * Reads and checks a {@code table}: the two leading columns, known fold names, unique row ids.
   *
   * @throws StageException naming the line of the first problem
   */
  public static Table read(byte[] bytes) {
    Table t = Csv.read(bytes, "table");
    if (t.width() < 2 || !t.header().get(0).equals(ROW_ID) || !t.header().get(1).equals(FOLD)) {
      throw new StageException("table: line 1: expected the first two columns to be 'row_id,fold' (the output"
          + " of a split), found '" + Table.abbreviate(String.join(",", t.header())) + "'");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < t.size(); i++) {
      String id = t.cell(i, 0);
      String fold = t.cell(i, 1);
      if (id.isBlank()) {
        throw new StageException("table: " + t.where(i) + ": blank row_id");
      }
      Integer before = seen.putIfAbsent(id, i);
      if (before != null) {
        throw new StageException("table: " + t.where(i) + ": row_id '" + id + "' appears twice (also on "
            + t.where(before) + ")");
      }
      if (!FOLDS.contains(fold)) {
        throw new StageException("table: " + t.where(i) + ": fold '" + Table.abbreviate(fold)
            + "' is not one of " + String.join(", ", FOLDS));
      }
    }
    return t;
  }

  /**
   * The folds named by a {@code folds} parameter, checked.
   *
   * @throws StageException for an unknown fold name or an empty list
   */
  public static Set<String> folds(JsonNode param, String owner) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode f : param) {
      if (!FOLDS.contains(f.asText())) {
        throw new StageException(owner + ": parameter 'folds' has unknown fold '" + f.asText()
            + "' (known: " + String.join(", ", FOLDS) + ")");
      }
      out.add(f.asText());
    }
    if (out.isEmpty()) {
      throw new StageException(owner + ": parameter 'folds' is empty; name at least one of " + String.join(", ", FOLDS));
    }
    return out;
  }

  /** Columns a transform may change: data columns named in {@code param}, checked, in the given order. */
  public static int[] dataColumns(Table t, JsonNode param, String owner) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode c : param) {
      String name = c.asText();
      if (name.equals(ROW_ID) || name.equals(FOLD)) {
        throw new StageException(owner + ": column '" + name + "' is bookkeeping and cannot be transformed");
      }
      if (!names.add(name)) {
        throw new StageException(owner + ": column '" + name + "' is listed twice in 'columns'");
      }
    }
    if (names.isEmpty()) {
      throw new StageException(owner + ": parameter 'columns' is empty; name at least one column");
    }
    int[] out = new int[names.size()];
    int k = 0;
    for (String name : names) {
      try {
        out[k++] = t.column(name);
      } catch (StageException e) {
        throw new StageException(owner + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The same header with these rows, e.g. after a transform replaced or appended some. */
  public static Table withRows(Table t, List<String[]> rows) {
    return new Table(t.header(), rows);
  }

  /** The fold of row {@code i} of a partitioned table. */
  public static String fold(Table t, int i) {
    return t.cell(i, 1);
  }
}
