package dev.stimulus.workflows.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.experiment.Configuration;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.Variant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An experiment's trials folded into a DAG of distinct invocations (DESIGN §5). Per trial the
 * pipeline is ingest -> split -> transform steps (an empty block is one Identity node) -> encode
 * -> train -> evaluate; identical invocations are one node, so trials that share a prefix share
 * its nodes.
 */
public final class Plan {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final Experiment experiment;
  private final List<PlanNode> nodes;
  private final List<Trial> trials;
  private final List<List<Integer>> children;

  private Plan(Experiment experiment, List<PlanNode> nodes, List<Trial> trials) {
    this.experiment = experiment;
    this.nodes = List.copyOf(nodes);
    this.trials = List.copyOf(trials);
    List<List<Integer>> ch = new ArrayList<>();
    nodes.forEach(n -> ch.add(new ArrayList<>()));
    for (PlanNode n : nodes) {
      n.inputs().values().stream().map(PlanNode.PortRef::node).distinct()
          .forEach(up -> ch.get(up).add(n.index()));
    }
    this.children = ch.stream().map(List::copyOf).toList();
  }

  /**
   * Expands the experiment's grid into trials and folds them into the deduplicated DAG. For a
   * sampling search strategy the grid is empty: plans are made per batch ({@link #of(Experiment, List)}).
   */
  public static Plan of(Experiment experiment) {
    List<Configuration> configurations = new ArrayList<>();
    int replicates = experiment.search().replicates();
    for (Variant split : experiment.splits()) {
      for (Variant transform : experiment.transforms()) {
        for (Variant model : experiment.models()) {
          for (Variant evaluation : experiment.evaluations()) {
            Configuration c = new Configuration(split, transform, model, evaluation, 0);
            for (int r = 0; r < replicates; r++) {
              configurations.add(c.replicate(r));
            }
          }
        }
      }
    }
    return of(experiment, configurations);
  }

  /**
   * One trial per configuration, in order, folded into the deduplicated DAG: ingest -> split ->
   * transform steps -> encode -> train -> evaluate, identical invocations being one node.
   */
  public static Plan of(Experiment experiment, List<Configuration> configurations) {
    Builder b = new Builder();
    ObjectNode ingestParams = F.objectNode().put("source", experiment.source().toString());
    int ingest = b.add(NodeKind.INGEST, null, ingestParams, Map.of(), sourceName(experiment));
    List<Trial> trials = new ArrayList<>();
    for (Configuration c : configurations) {
      Variant split = c.split();
      Variant transform = c.transform();
      int s = b.add(split.steps().get(0), Map.of(Ports.DATA, new PlanNode.PortRef(ingest, Ports.DATA)), split.label());
      List<Integer> path = new ArrayList<>(List.of(ingest, s));
      int table = s;
      for (Variant.Step step : transform.steps()) {
        table = b.add(step, Map.of(Ports.TABLE, new PlanNode.PortRef(table, Ports.TABLE)),
            transform.steps().size() == 1 ? transform.label() : transform.label() + ":" + step.stage().name());
        path.add(table);
      }
      Variant.Step encodeStep = experiment.encode().steps().get(0);
      int e = b.add(encodeStep, Map.of(Ports.TABLE, new PlanNode.PortRef(table, Ports.TABLE)), encodeStep.stage().name());
      path.add(e);
      int t = b.add(c.model().steps().get(0), Map.of(Ports.TENSORS, new PlanNode.PortRef(e, Ports.TENSORS)),
          c.model().label());
      int v = b.add(c.evaluation().steps().get(0), Map.of(
          Ports.MODEL, new PlanNode.PortRef(t, Ports.MODEL),
          Ports.SPEC, new PlanNode.PortRef(t, Ports.SPEC),
          Ports.TENSORS, new PlanNode.PortRef(e, Ports.TENSORS),
          Ports.INDEX, new PlanNode.PortRef(e, Ports.INDEX)), c.evaluation().label());
      path.add(t);
      path.add(v);
      trials.add(trial(trials.size(), experiment, c, path));
    }
    return new Plan(experiment, b.nodes, trials);
  }

  private static String sourceName(Experiment experiment) {
    String p = experiment.source().getPath();
    return p == null ? experiment.source().toString() : p.substring(p.lastIndexOf('/') + 1);
  }

  /**
   * The trial of a configuration. With replicates, its params record {@code replicate} (the
   * report's replicate-noise analysis groups trials that differ only in seeds and it).
   */
  private static Trial trial(int index, Experiment x, Configuration c, List<Integer> path) {
    Variant split = c.split();
    Variant transform = c.transform();
    Variant model = c.model();
    Variant evaluation = c.evaluation();
    boolean replicated = x.search().replicates() > 1;
    ArrayNode ids = F.arrayNode().add(split.id()).add(transform.id()).add(model.id()).add(evaluation.id());
    if (replicated) {
      ids.add(c.replicate());
    }
    String id = CanonicalJson.digest(ids).hex().substring(0, 10);
    // The grid names the evaluation only when it varies; a sampled space is described by its choices.
    boolean evaluationVaries = x.search().sampled()
        ? x.search().space().choices().get(3).alternatives().get(0).dimensions().size() > 0
        : x.evaluations().size() > 1;
    String label = split.label() + " / " + transform.label() + " / " + model.label()
        + (evaluationVaries ? " / " + evaluation.label() : "");
    SortedMap<String, JsonNode> params = new TreeMap<>();
    put(params, "split", split);
    put(params, "transform", transform);
    put(params, "model", model);
    if (evaluationVaries) {
      put(params, "evaluate", evaluation);
    } else {
      evaluation.params().forEach((k, v) -> params.put("evaluate." + k, v));
    }
    if (replicated) {
      params.put("replicate", IntNode.valueOf(c.replicate()));
    }
    return new Trial(index, id, label, split, transform, model, evaluation, params, path);
  }

  private static void put(SortedMap<String, JsonNode> out, String prefix, Variant v) {
    out.put(prefix, TextNode.valueOf(v.label()));
    v.params().forEach((k, value) -> out.put(prefix + "." + k, value));
  }

  public Experiment experiment() {
    return experiment;
  }

  /** Distinct invocations in a topological order (upstream first). */
  public List<PlanNode> nodes() {
    return nodes;
  }

  public PlanNode node(int index) {
    return nodes.get(index);
  }

  public List<Trial> trials() {
    return trials;
  }

  /** Nodes that take an input from this node. */
  public List<Integer> children(int index) {
    return children.get(index);
  }

  /** Distinct invocations per node kind, in pipeline order. */
  public Map<NodeKind, Integer> invocations() {
    Map<NodeKind, Integer> out = new EnumMap<>(NodeKind.class);
    for (NodeKind k : NodeKind.values()) {
      out.put(k, 0);
    }
    nodes.forEach(n -> out.merge(n.kind(), 1, Integer::sum));
    return Collections.unmodifiableMap(out);
  }

  /** e.g. {@code 12 trials; invocations: ingest 1, split 2, transform 6, encode 6, train 12, evaluate 12}. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(trials.size()).append(trials.size() == 1 ? " trial" : " trials").append("; invocations:");
    String sep = " ";
    for (var e : invocations().entrySet()) {
      s.append(sep).append(e.getKey().id()).append(' ').append(e.getValue());
      sep = ", ";
    }
    return s.toString();
  }

  /** Accumulates nodes, folding identical invocations into one. */
  private static final class Builder {
    final List<PlanNode> nodes = new ArrayList<>();
    final Map<String, Integer> byIdentity = new HashMap<>();

    int add(Variant.Step step, Map<String, PlanNode.PortRef> inputs, String label) {
      return add(NodeKind.of(step.stage().kind()), step.stage(), step.params(), inputs, label);
    }

    int add(NodeKind kind, dev.stimulus.stages.Stage stage, ObjectNode params,
        Map<String, PlanNode.PortRef> inputs, String label) {
      ObjectNode identity = F.objectNode();
      identity.put("kind", kind.id());
      identity.put("impl", stage == null ? "ingest" : stage.name());
      identity.put("version", stage == null ? 0 : stage.version());
      identity.set("params", params);
      ObjectNode in = identity.putObject("inputs");
      new TreeMap<>(inputs).forEach((port, ref) -> in.put(port, ref.node() + "." + ref.port()));
      String key = CanonicalJson.write(identity);
      Integer existing = byIdentity.get(key);
      if (existing != null) {
        return existing;
      }
      int index = nodes.size();
      nodes.add(new PlanNode(index, kind, stage, params, new TreeMap<>(inputs), label));
      byIdentity.put(key, index);
      return index;
    }
  }
}
