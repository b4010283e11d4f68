package dev.stimulus.stages.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to rebuild a trained block: DJL's parameter bytes do not record the
 * architecture, so this travels next to them as the train stage's {@code spec} output.
 *
 * @param numClasses 2 for binary, the class count for multiclass, 0 for regression
 * @param outputDim width of the raw output: 1 for binary and regression, numClasses for multiclass
 * @param options architecture-specific settings (e.g. cnn1d's input shape and filters), from
 *     {@link Architecture#options}; empty for mlp, and then left out of the JSON so that mlp specs keep
 *     their bytes
 */
public record ModelSpec(
    String architecture,
    int inputDim,
    List<Integer> hidden,
    double dropout,
    String activation,
    Task task,
    int numClasses,
    int outputDim,
    ObjectNode options) {

  public ModelSpec {
    hidden = List.copyOf(hidden);
    options = options == null ? CanonicalJson.MAPPER.createObjectNode() : options.deepCopy();
  }

  /** A spec without architecture-specific options. */
  public ModelSpec(String architecture, int inputDim, List<Integer> hidden, double dropout, String activation,
      Task task, int numClasses, int outputDim) {
    this(architecture, inputDim, hidden, dropout, activation, task, numClasses, outputDim, null);
  }

  /** The options, as a copy (a record must not hand out its mutable state). */
  @Override
  public ObjectNode options() {
    return options.deepCopy();
  }

  /** This spec with these architecture-specific options. */
  public ModelSpec withOptions(ObjectNode options) {
    return new ModelSpec(architecture, inputDim, hidden, dropout, activation, task, numClasses, outputDim, options);
  }

  /** A spec whose output width follows from the task. */
  public static ModelSpec of(String architecture, int inputDim, List<Integer> hidden, double dropout,
      String activation, Task task, int numClasses) {
    int out = task == Task.MULTICLASS ? numClasses : 1;
    int classes = switch (task) {
      case BINARY -> 2;
      case MULTICLASS -> numClasses;
      case REGRESSION -> 0;
    };
    return new ModelSpec(architecture, inputDim, hidden, dropout, activation, task, classes, out);
  }

  /** Canonical JSON (sorted keys, no white space), so equal specs have equal bytes. */
  public byte[] toJson() {
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("architecture", architecture);
    n.put("input_dim", inputDim);
    var h = n.putArray("hidden");
    hidden.forEach(h::add);
    n.put("dropout", dropout);
    n.put("activation", activation);
    n.put("task", task.id());
    n.put("num_classes", numClasses);
    n.put("output_dim", outputDim);
    if (!options.isEmpty()) {
      n.set("options", options);
    }
    return CanonicalJson.bytes(n);
  }

  /** @throws StageException naming the missing or malformed field */
  public static ModelSpec fromJson(byte[] json) {
    JsonNode n;
    try {
      n = CanonicalJson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new StageException("model spec is not JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new StageException("model spec must be a JSON object");
    }
    List<Integer> hidden = new ArrayList<>();
    JsonNode h = field(n, "hidden");
    if (!h.isArray()) {
      throw new StageException("model spec: 'hidden' must be a list of widths, found " + h);
    }
    h.forEach(w -> hidden.add(positive(w, "hidden")));
    ModelSpec spec = new ModelSpec(
        text(n, "architecture"),
        positive(field(n, "input_dim"), "input_dim"),
        hidden,
        field(n, "dropout").asDouble(),
        text(n, "activation"),
        Task.fromId(text(n, "task"), "model spec 'task'"),
        field(n, "num_classes").asInt(),
        positive(field(n, "output_dim"), "output_dim"),
        options(n.get("options")));
    int expected = spec.task == Task.MULTICLASS ? spec.numClasses : 1;
    if (spec.outputDim != expected) {
      throw new StageException("model spec: output_dim " + spec.outputDim + " does not fit task "
          + spec.task.id() + " with " + spec.numClasses + " classes (expected " + expected + ")");
    }
    return spec;
  }

  private static ObjectNode options(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new StageException("model spec: 'options' must be a mapping, found " + v);
    }
    return (ObjectNode) v;
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new StageException("model spec: field '" + name + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = field(n, name);
    if (!v.isTextual()) {
      throw new StageException("model spec: field '" + name + "' must be a string, found " + v);
    }
    return v.textValue();
  }

  private static int positive(JsonNode v, String name) {
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
      throw new StageException("model spec: '" + name + "' must be a positive whole number, found " + v);
    }
    return v.intValue();
  }
}
