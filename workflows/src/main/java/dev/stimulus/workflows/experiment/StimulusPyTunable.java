package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One tunable parameter of a stimulus-py model config ({@code {mode, params}} or a
 * {@code variable_list}) as the value an experiment's model section gives a trainer parameter: a
 * range ({@code {int: [lo, hi]}}, {@code {uniform: ...}}, {@code {loguniform: ...}}), a list of
 * alternatives, or one value. Alternatives of a list-typed parameter are lists ({@code [[32], [64, 32]]}).
 */
final class StimulusPyTunable {

  /** Enumerated alternatives (a variable list, an integer range for a list parameter) stop here. */
  static final int MAX_ALTERNATIVES = 1000;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> MODES = List.of("categorical", "int", "float", "uniform", "loguniform",
      "discrete_uniform", "variable_list");

  private final YamlDocument doc;
  private final ShapeChecks shapes;

  StimulusPyTunable(YamlDocument doc) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
  }

  /**
   * @param node the tunable as written
   * @param at its field path in the stimulus-py file
   * @param target the trainer parameter it becomes
   * @throws ExperimentException for a mode or a shape this trainer parameter cannot take, at {@code at}
   */
  JsonNode translate(JsonNode node, String at, Param target) {
    ObjectNode t = shapes.mapping(node, at);
    String mode = mode(t, at);
    boolean listTarget = target.type() == Param.Type.INT_LIST || target.type() == Param.Type.NUMBER_LIST
        || target.type() == Param.Type.STRING_LIST;
    if (mode.equals("variable_list")) {
      if (!listTarget) {
        throw doc.error(YamlDocument.child(at, "mode"), "a variable_list gives a list, but '" + target.name()
            + "' takes " + kind(target) + "; map it to a list parameter (hidden, filters, kernel_sizes)");
      }
      return oneOrList(variableList(t, at));
    }
    shapes.checkKeys(t, at, List.of("mode", "params"), List.of("mode", "params"));
    String pAt = YamlDocument.child(at, "params");
    ObjectNode p = shapes.mapping(t.get("params"), pAt);
    switch (mode) {
      case "float", "uniform", "loguniform" -> {
        List<String> keys = mode.equals("float") ? List.of("low", "high", "log", "step") : List.of("low", "high");
        shapes.checkKeys(p, pAt, keys, List.of("low", "high"));
        if (p.has("step") && !p.get("step").isNull()) {
          throw doc.error(YamlDocument.child(pAt, "step"), "a float range with a step is not supported; list the"
              + " values as mode: categorical, or use mode: discrete_uniform");
        }
        double lo = number(p, "low", pAt);
        double hi = number(p, "high", pAt);
        if (lo > hi) {
          throw doc.error(pAt, "low must be <= high, found low " + p.get("low") + ", high " + p.get("high"));
        }
        if (target.type() != Param.Type.NUMBER) {
          throw doc.error(YamlDocument.child(at, "mode"), "a float range gives a number, but '" + target.name()
              + "' takes " + kind(target));
        }
        boolean log = mode.equals("loguniform") || p.path("log").asBoolean(false);
        return range(log ? "loguniform" : "uniform", p.get("low"), p.get("high"));
      }
      case "int" -> {
        long[] r = intRange(p, pAt);
        if (r[2] == 1 && (target.type() == Param.Type.INT || target.type() == Param.Type.NUMBER)) {
          return range("int", F.numberNode(r[0]), F.numberNode(r[1]));
        }
      }
      default -> { }
    }
    List<JsonNode> values = countable(t, at);
    if (listTarget) {
      List<JsonNode> wrapped = new ArrayList<>();
      for (JsonNode v : values) {
        wrapped.add(v.isArray() ? v : F.arrayNode().add(v));
      }
      values = wrapped;
    }
    return oneOrList(values);
  }

  /** The alternatives of a countable tunable (categorical, int, discrete_uniform), in order. */
  private List<JsonNode> countable(ObjectNode t, String at) {
    String mode = mode(t, at);
    shapes.checkKeys(t, at, List.of("mode", "params"), List.of("mode", "params"));
    String pAt = YamlDocument.child(at, "params");
    ObjectNode p = shapes.mapping(t.get("params"), pAt);
    List<JsonNode> values = new ArrayList<>();
    switch (mode) {
      case "categorical" -> {
        shapes.checkKeys(p, pAt, List.of("choices"), List.of("choices"));
        shapes.list(p.get("choices"), YamlDocument.child(pAt, "choices")).forEach(values::add);
      }
      case "int" -> {
        long[] r = intRange(p, pAt);
        for (long v = r[0]; v <= r[1]; v += r[2]) {
          values.add(F.numberNode(v));
          limit(values.size(), at);
        }
      }
      case "discrete_uniform" -> {
        shapes.checkKeys(p, pAt, List.of("low", "high", "q"), List.of("low", "high", "q"));
        values = discrete(p, pAt, at);
      }
      default -> throw doc.error(YamlDocument.child(at, "mode"), "mode " + mode + " gives no list of alternatives"
          + " here (a variable_list's length and values take int, categorical or discrete_uniform)");
    }
    return values;
  }

  private String mode(ObjectNode t, String at) {
    String mode = shapes.text(t.get("mode"), YamlDocument.child(at, "mode"));
    if (!MODES.contains(mode)) {
      throw doc.error(YamlDocument.child(at, "mode"), "unknown mode '" + mode + "' (known: " + String.join(", ", MODES)
          + ")");
    }
    return mode;
  }

  /** {@code [low, high, step]} of an int tunable's params. */
  private long[] intRange(ObjectNode p, String pAt) {
    shapes.checkKeys(p, pAt, List.of("low", "high", "step", "log"), List.of("low", "high"));
    if (p.path("log").asBoolean(false)) {
      throw doc.error(YamlDocument.child(pAt, "log"), "an integer range on a log scale is not supported (this"
          + " project's integer ranges are uniform); use mode: float with log: true, or list the values as"
          + " mode: categorical");
    }
    long lo = whole(p, "low", pAt);
    long hi = whole(p, "high", pAt);
    long step = p.has("step") ? whole(p, "step", pAt) : 1;
    if (lo > hi) {
      throw doc.error(pAt, "low must be <= high, found low " + lo + ", high " + hi);
    }
    if (step < 1) {
      throw doc.error(YamlDocument.child(pAt, "step"), "expected a whole number >= 1, found " + step);
    }
    return new long[] {lo, hi, step};
  }

  /** Every list of an allowed length with elements from the values' alternatives, shortest first. */
  private List<JsonNode> variableList(ObjectNode t, String at) {
    shapes.checkKeys(t, at, List.of("mode", "length", "values"), List.of("length", "values"));
    String lAt = YamlDocument.child(at, "length");
    ObjectNode length = shapes.mapping(t.get("length"), lAt);
    if (!"int".equals(length.path("mode").asText())) {
      throw doc.error(YamlDocument.child(lAt, "mode"), "the length of a variable_list has mode int, found "
          + Describe.found(length.get("mode")));
    }
    List<JsonNode> sizes = countable(length, lAt);
    List<JsonNode> choices = countable(shapes.mapping(t.get("values"), YamlDocument.child(at, "values")),
        YamlDocument.child(at, "values"));
    double count = 0;
    for (JsonNode n : sizes) {
      if (n.asLong() < 1) {
        throw doc.error(YamlDocument.child(lAt, "params"), "the length of a variable_list must be >= 1, found " + n);
      }
      count += Math.pow(choices.size(), n.asLong());
      if (count > MAX_ALTERNATIVES) {
        throw doc.error(at, "this gives more than " + MAX_ALTERNATIVES + " lists (" + choices.size()
            + " values per element, lengths " + sizes + "), which this project would list one by one (its search"
            + " space has no variable-length dimension); narrow the values or the lengths");
      }
    }
    ArrayNode out = F.arrayNode();
    for (JsonNode n : sizes) {
      product(choices, n.asInt(), F.arrayNode(), out);
    }
    List<JsonNode> lists = new ArrayList<>();
    out.forEach(lists::add);
    return lists;
  }

  private static JsonNode oneOrList(List<JsonNode> values) {
    return values.size() == 1 ? values.get(0) : F.arrayNode().addAll(values);
  }

  private static void product(List<JsonNode> choices, int n, ArrayNode prefix, ArrayNode out) {
    if (prefix.size() == n) {
      out.add(prefix.deepCopy());
      return;
    }
    for (JsonNode c : choices) {
      prefix.add(c);
      product(choices, n, prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  private List<JsonNode> discrete(ObjectNode p, String pAt, String at) {
    BigDecimal lo = decimal(p, "low", pAt);
    BigDecimal hi = decimal(p, "high", pAt);
    BigDecimal q = decimal(p, "q", pAt);
    if (q.signum() <= 0) {
      throw doc.error(YamlDocument.child(pAt, "q"), "expected a step > 0, found " + q.toPlainString());
    }
    if (lo.compareTo(hi) > 0) {
      throw doc.error(pAt, "low must be <= high, found low " + lo.toPlainString() + ", high " + hi.toPlainString());
    }
    List<JsonNode> out = new ArrayList<>();
    // decimal steps, so 0.1 + 0.1 + 0.1 is 0.3 and the last value is not lost to rounding
    for (BigDecimal v = lo; v.compareTo(hi) <= 0; v = v.add(q)) {
      out.add(F.numberNode(v.doubleValue()));
      limit(out.size(), at);
    }
    return out;
  }

  private void limit(long count, String at) {
    if (count > MAX_ALTERNATIVES) {
      throw doc.error(at, "this gives more than " + MAX_ALTERNATIVES + " alternatives, which this project would list"
          + " one by one; narrow the range");
    }
  }

  private long whole(ObjectNode p, String key, String pAt) {
    JsonNode v = p.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw doc.error(YamlDocument.child(pAt, key), "expected a whole number, found " + Describe.found(v));
    }
    return v.asLong();
  }

  private double number(ObjectNode p, String key, String pAt) {
    JsonNode v = p.get(key);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw doc.error(YamlDocument.child(pAt, key), "expected a number, found " + Describe.found(v));
    }
    return v.asDouble();
  }

  private BigDecimal decimal(ObjectNode p, String key, String pAt) {
    number(p, key, pAt);
    return p.get(key).decimalValue();
  }

  private static ObjectNode range(String kind, JsonNode lo, JsonNode hi) {
    ObjectNode r = F.objectNode();
    r.putArray(kind).add(lo).add(hi);
    return r;
  }

  private static String kind(Param p) {
    return switch (p.type()) {
      case INT -> "a whole number";
      case NUMBER -> "a number";
      case STRING -> "a name";
      case BOOLEAN -> "true or false";
      default -> "a list";
    };
  }
}
