package dev.stimulus.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * One declared parameter of a stage: name, type, default (null means required), inclusive numeric
 * range (for lists: of every element), allowed values for strings, a description for docs, and
 * whether resolved params leave it out while it holds its default ({@link #omitAtDefault()}).
 */
public record Param(
    String name,
    Type type,
    JsonNode defaultValue,
    Double min,
    Double max,
    List<String> choices,
    String description,
    boolean omittedAtDefault) {

  public Param(String name, Type type, JsonNode defaultValue, Double min, Double max, List<String> choices,
      String description) {
    this(name, type, defaultValue, min, max, choices, description, false);
  }

  /**
   * This parameter, left out of the resolved params while it holds its default. For a parameter
   * added to an implementation that already has recorded results: every configuration that does not
   * use it keeps its action key and the bytes of outputs that list the params, so nothing recorded
   * before is recomputed, and {@code {}} and the explicit default still agree.
   */
  public Param omitAtDefault() {
    return new Param(name, type, defaultValue, min, max, choices, description, true);
  }

  /** JSON shapes a parameter may take. */
  public enum Type {
    INT,
    NUMBER,
    STRING,
    BOOLEAN,
    INT_LIST,
    NUMBER_LIST,
    STRING_LIST,
    /** Any JSON value, validated by the stage itself (e.g. a list of column specs). */
    JSON
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  public static Param number(String name, double dflt, double min, double max, String description) {
    return new Param(name, Type.NUMBER, F.numberNode(dflt), min, max, null, description);
  }

  public static Param integer(String name, long dflt, long min, long max, String description) {
    return new Param(name, Type.INT, F.numberNode(dflt), (double) min, (double) max, null, description);
  }

  public static Param string(String name, String dflt, String description) {
    return new Param(name, Type.STRING, dflt == null ? null : F.textNode(dflt), null, null, null, description);
  }

  public static Param choice(String name, String dflt, List<String> choices, String description) {
    return new Param(name, Type.STRING, F.textNode(dflt), null, null, List.copyOf(choices), description);
  }

  public static Param bool(String name, boolean dflt, String description) {
    return new Param(name, Type.BOOLEAN, F.booleanNode(dflt), null, null, null, description);
  }

  /** A list of strings; {@code dflt} null makes it required, an empty array is a valid default. */
  public static Param strings(String name, List<String> dflt, String description) {
    JsonNode d = null;
    if (dflt != null) {
      var a = F.arrayNode();
      dflt.forEach(a::add);
      d = a;
    }
    return new Param(name, Type.STRING_LIST, d, null, null, null, description);
  }

  public static Param integers(String name, List<Long> dflt, long min, long max, String description) {
    var a = F.arrayNode();
    dflt.forEach(a::add);
    return new Param(name, Type.INT_LIST, a, (double) min, (double) max, null, description);
  }

  public static Param numbers(String name, List<Double> dflt, double min, double max, String description) {
    var a = F.arrayNode();
    dflt.forEach(a::add);
    return new Param(name, Type.NUMBER_LIST, a, min, max, null, description);
  }

  public static Param json(String name, JsonNode dflt, String description) {
    return new Param(name, Type.JSON, dflt, null, null, null, description);
  }

  public boolean required() {
    return defaultValue == null;
  }
}
