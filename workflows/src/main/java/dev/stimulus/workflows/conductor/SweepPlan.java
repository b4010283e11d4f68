package dev.stimulus.workflows.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.PlanNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan as the Conductor sweep sees it: stored once in the CAS as JSON (so every task input is
 * just {@code {plan: <digest>, node: <index>}}), decoded by workers, which resolve a node's inputs
 * by recomputing its upstream invocations' action keys and reading their records.
 *
 * @param data the ingested raw data (node 0 is its ingestion)
 * @param nodes in plan order; ingestion has kind {@code ingest}
 */
public record SweepPlan(String experiment, BlobRef data, List<Node> nodes, List<TrialRef> trials,
    String objectiveMetric, String objectiveDirection) {

  static final int SCHEMA = 1;

  /** One invocation: inputs name upstream nodes' output ports. */
  public record Node(int index, NodeKind kind, String impl, int version, ObjectNode params,
      Map<String, PlanNode.PortRef> inputs, String label) {}

  public record TrialRef(String id, String label, int train, int evaluate) {}

  /** The sweep plan of a local plan whose raw data was ingested as {@code data}. */
  public static SweepPlan of(Plan plan, BlobRef data) {
    List<Node> nodes = new ArrayList<>();
    for (PlanNode n : plan.nodes()) {
      nodes.add(new Node(n.index(), n.kind(), n.impl(), n.version(), n.params(), n.inputs(), n.label()));
    }
    List<TrialRef> trials = plan.trials().stream()
        .map(t -> new TrialRef(t.id(), t.label(), t.trainNode(), t.evaluateNode())).toList();
    var objective = plan.experiment().objective();
    return new SweepPlan(plan.experiment().name(), data, nodes, trials,
        objective == null ? null : objective.metric(),
        objective == null ? null : objective.direction().name().toLowerCase(java.util.Locale.ROOT));
  }

  public Node node(int index) {
    if (index < 0 || index >= nodes.size()) {
      throw new StoreException("the plan has no node " + index + " (it has " + nodes.size() + ")");
    }
    return nodes.get(index);
  }

  public byte[] toJson() {
    ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("kind", "stimulus.sweep-plan");
    root.put("experiment", experiment);
    root.set("data", CanonicalJson.MAPPER.valueToTree(data));
    if (objectiveMetric != null) {
      root.putObject("objective").put("metric", objectiveMetric).put("direction", objectiveDirection);
    }
    ArrayNode ns = root.putArray("nodes");
    for (Node n : nodes) {
      ObjectNode o = ns.addObject();
      o.put("kind", n.kind().id());
      o.put("impl", n.impl());
      o.put("version", n.version());
      o.set("params", n.params());
      ObjectNode in = o.putObject("inputs");
      new TreeMap<>(n.inputs()).forEach((port, ref) -> in.putArray(port).add(ref.node()).add(ref.port()));
      o.put("label", n.label());
    }
    ArrayNode ts = root.putArray("trials");
    for (TrialRef t : trials) {
      ts.addObject().put("id", t.id()).put("label", t.label()).put("train", t.train()).put("evaluate", t.evaluate());
    }
    return CanonicalJson.write(root).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public static SweepPlan parse(byte[] json, Digest digest) {
    try {
      JsonNode root = CanonicalJson.MAPPER.readTree(json);
      if (root.path("schema").asInt() != SCHEMA || !"stimulus.sweep-plan".equals(root.path("kind").asText())) {
        throw new StoreException("blob " + digest + " is not a stimulus sweep plan of schema " + SCHEMA);
      }
      BlobRef data = CanonicalJson.MAPPER.treeToValue(root.get("data"), BlobRef.class);
      List<Node> nodes = new ArrayList<>();
      int i = 0;
      for (JsonNode o : root.path("nodes")) {
        Map<String, PlanNode.PortRef> inputs = new TreeMap<>();
        o.path("inputs").fields().forEachRemaining(e ->
            inputs.put(e.getKey(), new PlanNode.PortRef(e.getValue().get(0).asInt(), e.getValue().get(1).asText())));
        NodeKind kind = NodeKind.valueOf(o.path("kind").asText().toUpperCase(java.util.Locale.ROOT));
        nodes.add(new Node(i++, kind, o.path("impl").asText(), o.path("version").asInt(),
            (ObjectNode) o.get("params"), inputs, o.path("label").asText()));
      }
      List<TrialRef> trials = new ArrayList<>();
      for (JsonNode t : root.path("trials")) {
        trials.add(new TrialRef(t.path("id").asText(), t.path("label").asText(), t.path("train").asInt(),
            t.path("evaluate").asInt()));
      }
      JsonNode obj = root.path("objective");
      return new SweepPlan(root.path("experiment").asText(), data, nodes, trials,
          obj.isObject() ? obj.path("metric").asText() : null, obj.isObject() ? obj.path("direction").asText() : null);
    } catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new StoreException("blob " + digest + " is not a readable stimulus sweep plan: " + e.getMessage(), e);
    }
  }

  /** The stage kind of a node, or null for ingestion. */
  static StageKind stageKind(Node n) {
    return n.kind().stageKind();
  }
}
