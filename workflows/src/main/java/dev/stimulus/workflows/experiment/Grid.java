package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid semantics of one stage entry: which YAML values are alternatives.
 *
 * <p>The parameter's declared type decides. For a scalar parameter (number, string, boolean) a
 * YAML list is a list of alternatives: {@code std: [0.1, 0.3]} is two values. For a list-typed
 * parameter ({@code ratios}, {@code columns}, {@code hidden}) a flat list is ONE value and a list of
 * lists is the alternatives: {@code hidden: [[32], [64, 32]]}. A JSON-typed parameter is always one
 * value. Alternatives of different parameters (and, in a transform block, of different steps) are
 * crossed: the grid is their Cartesian product.
 */
final class Grid {

  private Grid() {}

  /** The alternatives of one parameter: its path and the candidate values, in file order. */
  record Axis(String name, String path, List<JsonNode> values) {
    boolean varies() {
      return values.size() > 1;
    }
  }

  /**
   * Splits an entry's parameters into axes.
   *
   * @param given the entry's parameters (no {@code name} or {@code label} keys)
   * @param path the entry's field path, for messages
   */
  static List<Axis> axes(YamlDocument doc, Stage stage, ObjectNode given, String path) {
    Map<String, Param> declared = new LinkedHashMap<>();
    stage.params().list().forEach(p -> declared.put(p.name(), p));
    List<Axis> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      var e = it.next();
      String at = YamlDocument.child(path, e.getKey());
      Param p = declared.get(e.getKey());
      // Unknown names are kept as one value: ParamSpec.resolve reports them with the known list.
      out.add(new Axis(e.getKey(), at, p == null ? List.of(e.getValue()) : alternatives(doc, p, e.getValue(), at)));
    }
    return out;
  }

  private static List<JsonNode> alternatives(YamlDocument doc, Param p, JsonNode v, String at) {
    if (p.type() == Param.Type.JSON) {
      return List.of(v);
    }
    if (v.isObject()) {
      throw doc.error(at, "expected a value or a list of alternatives, found a mapping " + Describe.brief(v)
          + " (ranges such as {uniform: [a, b]} need a sampling search strategy; search.strategy"
          + " grid takes explicit values)");
    }
    boolean listTyped = switch (p.type()) {
      case INT_LIST, NUMBER_LIST, STRING_LIST -> true;
      default -> false;
    };
    if (!v.isArray()) {
      return List.of(v);
    }
    if (!listTyped) {
      if (v.isEmpty()) {
        throw doc.error(at, "expected a value or a non-empty list of alternatives, found an empty list");
      }
      List<JsonNode> alts = new ArrayList<>();
      v.forEach(alts::add);
      return alts;
    }
    int lists = 0;
    for (JsonNode e : v) {
      if (e.isArray()) {
        lists++;
      }
    }
    if (lists == 0) {
      return List.of(v);
    }
    if (lists != v.size()) {
      throw doc.error(at, "'" + p.name() + "' takes a list: write one value as a flat list [a, b]"
          + " or alternatives as a list of lists [[a], [a, b]], found a mix: " + Describe.brief(v));
    }
    List<JsonNode> alts = new ArrayList<>();
    ((ArrayNode) v).forEach(alts::add);
    return alts;
  }

  /** The Cartesian product of the axes' values, first axis varying slowest. */
  static List<List<JsonNode>> product(List<Axis> axes) {
    List<List<JsonNode>> out = new ArrayList<>();
    out.add(List.of());
    for (Axis a : axes) {
      List<List<JsonNode>> next = new ArrayList<>();
      for (List<JsonNode> prefix : out) {
        for (JsonNode v : a.values()) {
          List<JsonNode> row = new ArrayList<>(prefix);
          row.add(v);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }
}
