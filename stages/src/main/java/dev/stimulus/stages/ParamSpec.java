package dev.stimulus.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage's declared parameters. {@link #resolve} folds defaults in and validates, so that {@code {}}
 * and {@code {"std": 1.0}} give the same resolved params (and so the same action key) when 1.0 is
 * the default.
 */
public final class ParamSpec {

  private final Map<String, Param> params = new LinkedHashMap<>();

  private ParamSpec(List<Param> list) {
    for (Param p : list) {
      if (params.put(p.name(), p) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + p.name());
      }
    }
  }

  public static ParamSpec of(Param... params) {
    return new ParamSpec(List.of(params));
  }

  public List<Param> list() {
    return List.copyOf(params.values());
  }

  /**
   * Validates {@code given} and returns a new object with every declared parameter present, except
   * those {@linkplain Param#omittedAtDefault() omitted at their default}.
   *
   * @param owner who the params are for, e.g. {@code transform GaussianNoise}, used in messages
   * @throws StageException naming the parameter, what was expected and what was found
   */
  public ObjectNode resolve(JsonNode given, String owner) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (given != null && !given.isNull() && !given.isObject()) {
      throw new StageException(owner + ": parameters must be a mapping, found " + describe(given));
    }
    if (given != null && given.isObject()) {
      List<String> unknown = new ArrayList<>();
      given.fieldNames().forEachRemaining(n -> {
        if (!params.containsKey(n)) {
          unknown.add(n);
        }
      });
      if (!unknown.isEmpty()) {
        throw new StageException(owner + ": unknown parameter" + (unknown.size() > 1 ? "s " : " ")
            + String.join(", ", unknown) + " (known: " + String.join(", ", params.keySet()) + ")");
      }
    }
    for (Param p : params.values()) {
      JsonNode v = given == null ? null : given.get(p.name());
      if (v == null || v.isNull()) {
        if (p.required()) {
          throw new StageException(owner + ": parameter '" + p.name() + "' is required (" + p.description() + ")");
        }
        v = p.defaultValue();
      }
      JsonNode checked = check(p, v, owner);
      // Compared in canonical form, so that 0, 0.0 and the default's own number type all agree.
      if (!(p.omittedAtDefault() && CanonicalJson.write(checked).equals(CanonicalJson.write(p.defaultValue())))) {
        out.set(p.name(), checked);
      }
    }
    return out;
  }

  private static JsonNode check(Param p, JsonNode v, String owner) {
    String where = owner + ": parameter '" + p.name() + "'";
    switch (p.type()) {
      case INT -> checkNumber(p, v, true, where);
      case NUMBER -> checkNumber(p, v, false, where);
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw new StageException(where + " must be true or false, found " + describe(v));
        }
      }
      case STRING -> {
        if (!v.isTextual()) {
          throw new StageException(where + " must be a string, found " + describe(v));
        }
        if (p.choices() != null && !p.choices().contains(v.textValue())) {
          throw new StageException(where + " must be one of " + p.choices() + ", found '" + v.textValue() + "'");
        }
      }
      case INT_LIST, NUMBER_LIST, STRING_LIST -> {
        if (!v.isArray()) {
          throw new StageException(where + " must be a list, found " + describe(v));
        }
        for (int i = 0; i < v.size(); i++) {
          JsonNode e = v.get(i);
          String at = where + " element " + (i + 1);
          if (p.type() == Param.Type.STRING_LIST) {
            if (!e.isTextual()) {
              throw new StageException(at + " must be a string, found " + describe(e));
            }
          } else {
            checkNumber(p, e, p.type() == Param.Type.INT_LIST, at);
          }
        }
      }
      case JSON -> {}
    }
    return v;
  }

  private static void checkNumber(Param p, JsonNode v, boolean integral, String where) {
    if (!v.isNumber()) {
      throw new StageException(where + " must be a number, found " + describe(v));
    }
    double d = v.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new StageException(where + " must be finite, found " + v);
    }
    if (integral && (v.isFloatingPointNumber() && d != Math.rint(d))) {
      throw new StageException(where + " must be a whole number, found " + v);
    }
    if (p.min() != null && d < p.min()) {
      throw new StageException(where + " must be >= " + fmt(p.min()) + ", found " + v);
    }
    if (p.max() != null && d > p.max()) {
      throw new StageException(where + " must be <= " + fmt(p.max()) + ", found " + v);
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  static String describe(JsonNode v) {
    String kind = switch (v.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case STRING -> "the string";
      case NUMBER -> "the number";
      case BOOLEAN -> "the boolean";
      default -> "null";
    };
    String text = v.toString();
    return kind + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
  }
}
