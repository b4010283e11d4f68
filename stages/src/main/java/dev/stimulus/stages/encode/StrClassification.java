package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A categorical cell as its class index: the distinct values of the train fold, sorted, numbered
 * from 0. A value the train fold does not have is an error, or -1 with {@code unknown: ignore}.
 */
public final class StrClassification implements ColumnEncoder {

  static final String IGNORE = "ignore";

  @Override
  public String name() {
    return "StrClassification";
  }

  @Override
  public String description() {
    return "a category as its index among the train fold's sorted distinct values";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.choice("unknown", "error", List.of("error", IGNORE),
            "a value not seen in the train fold: error, or ignore (encoded as -1; not allowed for a label)"),
        Param.choice("dtype", "int64", Numeric.DTYPES.subList(3, Numeric.DTYPES.size()),
            "accepted for stimulus compatibility; indices are stored as F32"));
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    boolean ignoreUnknown = params.get("unknown").asText().equals(IGNORE);
    List<String> classes = List.copyOf(new TreeSet<>(train.cells()));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    return new OneNumberPerCell() {
      @Override
      double number(String value, String rowName) {
        Integer code = index.get(value);
        if (code == null && !ignoreUnknown) {
          throw new StageException("column '" + train.column() + "', " + rowName + ": value '" + value
              + "' does not occur in the train fold (train values: " + preview(classes)
              + "); set the encoder's unknown: ignore to encode it as -1");
        }
        return code == null ? -1 : code;
      }

      @Override
      public int classes() {
        return classes.size();
      }

      @Override
      public ObjectNode state() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        classes.forEach(s.putArray("classes")::add);
        return s;
      }
    };
  }

  private static String preview(List<String> classes) {
    return classes.size() <= 20 ? String.join(", ", classes)
        : String.join(", ", classes.subList(0, 20)) + ", ... (" + classes.size() + " in all)";
  }
}
