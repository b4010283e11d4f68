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

  /**
   * The alternatives of one parameter: its path and the candidate values, in file order, or a range
   * (then {@code values} holds its low end, so that a grid point can stand for the entry).
   */
  record Axis(String name, String path, List<JsonNode> values, Range range) {
    boolean varies() {
      return range != null || values.size() > 1;
    }
  }

  /** {@code {uniform: [lo, hi]}}, {@code {loguniform: [lo, hi]}} or {@code {int: [lo, hi]}}. */
  record Range(String kind, JsonNode lo, JsonNode hi) {
    static final List<String> KINDS = List.of("uniform", "loguniform", "int");

    @Override
    public String toString() {
      return "{" + kind + ": [" + lo + ", " + hi + "]}";
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
      if (p != null && isRange(e.getValue())) {
        Range r = range(doc, p, (ObjectNode) e.getValue(), at);
        out.add(new Axis(e.getKey(), at, List.of(r.lo()), r));
        continue;
      }
      out.add(new Axis(e.getKey(), at, p == null ? List.of(e.getValue()) : alternatives(doc, p, e.getValue(), at), null));
    }
    return out;
  }

  private static List<JsonNode> alternatives(YamlDocument doc, Param p, JsonNode v, String at) {
    if (p.type() == Param.Type.JSON) {
      return List.of(v);
    }
    if (v.isObject()) {
      throw doc.error(at, "expected a value, a list of alternatives or a range ({uniform: [lo, hi]},"
          + " {loguniform: [lo, hi]}, {int: [lo, hi]}), found a mapping " + Describe.brief(v));
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

  /** A mapping with one key naming a range kind: the user means a range, right or wrong. */
  static boolean isRange(JsonNode v) {
    if (!v.isObject() || v.size() != 1) {
      return false;
    }
    return Range.KINDS.contains(v.fieldNames().next());
  }

  /** Checks a range against the parameter it is given to. */
  private static Range range(YamlDocument doc, Param p, ObjectNode v, String at) {
    String kind = v.fieldNames().next();
    String where = YamlDocument.child(at, kind);
    JsonNode ends = v.get(kind);
    boolean numeric = p.type() == Param.Type.NUMBER || p.type() == Param.Type.INT;
    if (!numeric) {
      throw doc.error(at, "'" + p.name() + "' is a " + p.type().name().toLowerCase(java.util.Locale.ROOT)
          + " parameter: a range {" + kind + ": [lo, hi]} is for number parameters; list the alternatives instead");
    }
    if (!ends.isArray() || ends.size() != 2 || !ends.get(0).isNumber() || !ends.get(1).isNumber()) {
      throw doc.error(where, "expected two numbers [lo, hi], found " + Describe.found(ends));
    }
    JsonNode lo = ends.get(0);
    JsonNode hi = ends.get(1);
    if (!(lo.doubleValue() < hi.doubleValue())) {
      throw doc.error(where, "expected lo < hi, found [" + Describe.label(lo) + ", " + Describe.label(hi) + "]");
    }
    if (kind.equals("int") && !(lo.isIntegralNumber() && hi.isIntegralNumber())) {
      throw doc.error(where, "expected two whole numbers [lo, hi], found " + Describe.brief(ends));
    }
    if (!kind.equals("int") && p.type() == Param.Type.INT) {
      throw doc.error(at, "'" + p.name() + "' takes whole numbers: use {int: [lo, hi]}, found a " + kind + " range");
    }
    if (kind.equals("loguniform") && lo.doubleValue() <= 0) {
      throw doc.error(where, "a loguniform range needs lo > 0, found " + Describe.label(lo));
    }
    return new Range(kind, lo, hi);
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
