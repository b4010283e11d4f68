package dev.stimulus.workflows.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The Conductor task and workflow definitions, versioned JSON resources next to this class:
 * {@code taskdefs.json}, {@code stimulus_trial.json}, {@code stimulus_sweep.json}. Registered as
 * they are by {@link ConductorApi#register}; a test may shorten timeouts through
 * {@link #withResponseTimeout}.
 */
public final class Definitions {

  public static final String TRIAL = "stimulus_trial";
  public static final String SWEEP = "stimulus_sweep";
  public static final String INGEST = "stimulus_ingest";
  public static final String REPORT = "stimulus_report";
  /** The workflows' version; bump it with any change to their shape. */
  public static final int VERSION = 1;

  private final ArrayNode taskDefs;
  private final List<ObjectNode> workflows;

  private Definitions(ArrayNode taskDefs, List<ObjectNode> workflows) {
    this.taskDefs = taskDefs;
    this.workflows = workflows;
  }

  /** The definitions shipped with this version of stimulus. */
  public static Definitions load() {
    return new Definitions((ArrayNode) resource("taskdefs.json").get("taskDefs"),
        List.of((ObjectNode) resource(TRIAL + ".json"), (ObjectNode) resource(SWEEP + ".json")));
  }

  /** The task type of a stage kind, e.g. {@code stimulus_train}. */
  public static String taskType(StageKind kind) {
    return "stimulus_" + kind.id();
  }

  /** Every task type a worker can serve: ingest, the five stage kinds, report. */
  public static List<String> taskTypes() {
    return List.of(INGEST, taskType(StageKind.SPLIT), taskType(StageKind.TRANSFORM), taskType(StageKind.ENCODE),
        taskType(StageKind.TRAIN), taskType(StageKind.EVALUATE), REPORT);
  }

  public ArrayNode taskDefs() {
    return taskDefs.deepCopy();
  }

  public List<ObjectNode> workflows() {
    return workflows.stream().map(ObjectNode::deepCopy).toList();
  }

  public ObjectNode workflow(String name) {
    return workflows.stream().filter(w -> w.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no workflow " + name)).deepCopy();
  }

  /** The same definitions with other response timeouts, retry delays per task type (tests). */
  public Definitions withResponseTimeout(Map<String, Integer> seconds) {
    ArrayNode copy = taskDefs.deepCopy();
    for (JsonNode d : copy) {
      Integer s = seconds.get(d.path("name").asText());
      if (s != null) {
        ((ObjectNode) d).put("responseTimeoutSeconds", s);
      }
    }
    return new Definitions(copy, workflows);
  }

  private static JsonNode resource(String name) {
    try (InputStream in = Definitions.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + Definitions.class.getName());
      }
      return CanonicalJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Conductor definition " + name, e);
    }
  }
}
