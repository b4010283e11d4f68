package dev.stimulus.workflows.experiment;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.NumberCell;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What load-time validation needs to know about a local data file, from one pass over it: per
 * column, the first cell that is not a number and the first missing one (read as the numeric
 * encoders read them, {@link NumberCell}), whether the numbers are whole, up to two distinct values,
 * the characters used and the text lengths. The data itself is not kept.
 */
final class DataProfile {

  /** Distinct characters counted per column; free-text columns stop counting past this. */
  private static final int MAX_DISTINCT_CHARS = 10_000;

  private final String file;
  private final List<String> header;
  private final Map<String, Column> columns = new LinkedHashMap<>();
  private int rows;

  private DataProfile(String file, List<String> header) {
    this.file = file;
    this.header = header;
    header.forEach(h -> columns.put(h, new Column()));
  }

  /** One column's summary. */
  static final class Column {
    /** "row 17 (line 19): 'abc' is not a number", the first such cell, or null. */
    String notANumber;
    /** "row 17 (line 19) holds an empty cell", the first missing cell, or null. */
    String firstMissing;
    int missing;
    boolean allWhole = true;
    /** Up to two distinct raw values (stripped) and parsed numbers, enough to see a single class. */
    final Set<String> distinct = new LinkedHashSet<>();
    final Set<Double> distinctNumbers = new LinkedHashSet<>();
    /** Example cell that is not whole, for messages. */
    String firstFraction;
    final Map<Integer, Long> chars = new HashMap<>();
    int minLength = Integer.MAX_VALUE;
    int maxLength;

    /** Number of cells whose code points were all counted (every cell unless the alphabet is huge). */
    long characters;
  }

  /**
   * Reads {@code path} (header already checked by the caller).
   *
   * @throws ExperimentException for a malformed CSV (row with the wrong number of cells)
   */
  static DataProfile read(Path path, List<String> header) {
    DataProfile p = new DataProfile(path.toString(), header);
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.RFC4180.parse(r)) {
      Iterator<CSVRecord> it = parser.iterator();
      it.next();
      boolean multiLine = false;
      while (it.hasNext()) {
        CSVRecord rec = it.next();
        int row = p.rows++;
        String rowName = "row " + row + (multiLine ? "" : " (line " + (row + 2) + ")");
        if (rec.size() != header.size()) {
          throw new ExperimentException(p.file + ": " + rowName + ": expected " + header.size()
              + " cells (as many as header names), found " + rec.size());
        }
        for (int c = 0; c < header.size(); c++) {
          String v = rec.get(c);
          multiLine |= v.indexOf('\n') >= 0;
          addTo(p.columns.get(header.get(c)), v, header.get(c), rowName);
        }
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new ExperimentException(path + ": cannot read the CSV: " + e.getMessage(), e);
    }
    return p;
  }

  int rows() {
    return rows;
  }

  String file() {
    return file;
  }

  List<String> header() {
    return header;
  }

  Column column(String name) {
    return columns.get(name);
  }

  // ---- per cell ---------------------------------------------------------------------------------

  private static void addTo(Column col, String value, String column, String rowName) {
    String v = value.strip();
    if (col.distinct.size() < 2) {
      col.distinct.add(v);
    }
    if (NumberCell.missing(value)) {
      col.missing++;
      if (col.firstMissing == null) {
        col.firstMissing = rowName + " holds " + NumberCell.describeMissing(value);
      }
    } else if (col.notANumber == null) {
      try {
        // The reading of the numeric encoders, so that load-time and run-time messages say the same.
        double d = NumberCell.read(value, column, rowName);
        if (col.distinctNumbers.size() < 2) {
          col.distinctNumbers.add(d);
        }
        if (col.allWhole && d != Math.rint(d)) {
          col.allWhole = false;
          col.firstFraction = rowName + " holds " + v;
        }
      } catch (StageException e) {
        col.notANumber = e.getMessage();
      }
    }
    int length = value.codePointCount(0, value.length());
    col.minLength = Math.min(col.minLength, length);
    col.maxLength = Math.max(col.maxLength, length);
    if (col.chars.size() < MAX_DISTINCT_CHARS) {
      value.codePoints().forEach(cp -> col.chars.merge(cp, 1L, Long::sum));
      col.characters += length;
    }
  }

  /** Column names of the header not in {@code used}, in header order. */
  List<String> unused(Set<String> used) {
    List<String> out = new ArrayList<>();
    header.stream().filter(h -> !used.contains(h)).forEach(out::add);
    return out;
  }
}
