package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One table of the report; written as {@code <name>.csv} next to the HTML and included in
 * report.json. Cells are numbers (Double, Long, Integer), strings or null.
 *
 * @param name file name without extension, [a-z0-9_]
 */
public record Table(String name, String title, List<String> columns, List<List<Object>> rows) {

  public Table {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("table " + name + ": row of " + r.size() + " cells for "
            + columns.size() + " columns");
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }

  /** A cell as text: numbers in Java's shortest exact form, null as empty. */
  static String text(Object cell) {
    if (cell == null) {
      return "";
    }
    if (cell instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 && !d.equals(-0.0) ? Long.toString(d.longValue()) : d.toString();
    }
    return cell.toString();
  }

  public String toCsv() {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
      p.printRecord(columns);
      for (List<Object> r : rows) {
        p.printRecord(r.stream().map(Table::text).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", name);
    o.put("title", title);
    ArrayNode cols = o.putArray("columns");
    columns.forEach(cols::add);
    ArrayNode rs = o.putArray("rows");
    for (List<Object> r : rows) {
      ArrayNode a = rs.addArray();
      for (Object c : r) {
        if (c == null) {
          a.addNull();
        } else if (c instanceof Double d) {
          if (Double.isFinite(d)) {
            a.add(d);
          } else {
            a.addNull();
          }
        } else if (c instanceof Number n) {
          a.add(n.longValue());
        } else {
          a.add(c.toString());
        }
      }
    }
    return o;
  }

  /** The column's position, or an exception naming the columns. */
  public int column(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("table " + name + " has no column " + column + ": " + columns);
    }
    return i;
  }
}
