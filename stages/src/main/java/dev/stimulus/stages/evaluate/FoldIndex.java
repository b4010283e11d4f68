package dev.stimulus.stages.evaluate;

import dev.stimulus.stages.StageException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The encode stage's {@code index} output: CSV {@code fold,row_id}, row ids per fold in tensor row order. */
final class FoldIndex {

  private final Map<String, List<String>> rowIds;

  private FoldIndex(Map<String, List<String>> rowIds) {
    this.rowIds = rowIds;
  }

  /** @throws StageException naming the line of a malformed row */
  static FoldIndex read(byte[] csv) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    Map<String, List<String>> rowIds = new LinkedHashMap<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(new String(csv, StandardCharsets.UTF_8)), format)) {
      if (!parser.getHeaderNames().equals(List.of("fold", "row_id"))) {
        throw new StageException("index: header must be 'fold,row_id', found '"
            + String.join(",", parser.getHeaderNames()) + "'");
      }
      for (CSVRecord r : parser) {
        if (r.size() != 2) {
          throw new StageException("index line " + parser.getCurrentLineNumber() + ": expected 2 fields (fold,row_id), found " + r.size());
        }
        rowIds.computeIfAbsent(r.get(0), f -> new ArrayList<>()).add(r.get(1));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StageException("index: not valid CSV: " + e.getMessage());
    }
    return new FoldIndex(rowIds);
  }

  /**
   * The row ids of a fold, checked against the tensor's row count.
   *
   * @throws StageException when the counts differ
   */
  List<String> rowIds(String fold, int rows) {
    List<String> ids = rowIds.getOrDefault(fold, List.of());
    if (ids.size() != rows) {
      throw new StageException("index has " + ids.size() + " rows for fold '" + fold + "' but " + fold
          + ".x has " + rows + ": the index and the tensors come from different encodings");
    }
    return ids;
  }

  java.util.Set<String> folds() {
    return rowIds.keySet();
  }
}
