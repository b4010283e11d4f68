package dev.stimulus.workflows.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.ProgressEvent;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.PlanNode;
import dev.stimulus.workflows.results.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a plan as a {@code stimulus_sweep} workflow and reports it like the local executor: the
 * same progress events, node results and trial results (read from the store's records, so the
 * results table is built exactly as for a local run).
 *
 * <p>The raw data is ingested here (it is read by this process anyway, to know its digest); the
 * plan goes to the store as a blob; the workflow input holds its digest and per stage the list of
 * distinct invocations, each a task input {@code {plan, node, label}}.
 */
public final class ConductorRunner {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED",
      "FAILED_WITH_TERMINAL_ERROR", "CANCELED", "SKIPPED", "COMPLETED_WITH_ERRORS");

  /**
   * @param trainDomain task domain of train tasks (e.g. {@code gpu}), or null
   * @param poll how often to read the workflow's state
   */
  public record Options(String trainDomain, Duration poll) {
    public static Options defaults() {
      return new Options(null, Duration.ofMillis(250));
    }
  }

  private final ConductorApi api;
  private final ArtifactStore store;
  private final Options options;

  public ConductorRunner(ConductorApi api, ArtifactStore store, Options options) {
    this.api = api;
    this.store = store;
    this.options = options;
  }

  /** The id of the workflow the last {@link #run} started. */
  private volatile String workflowId;
  private volatile Digest ingestKey;

  public String workflowId() {
    return workflowId;
  }

  /** Registers the definitions when this version is missing (or always, if asked). */
  public static void ensureRegistered(ConductorApi api, boolean force) {
    api.requireReachable();
    if (force || !api.registered(Definitions.SWEEP, Definitions.VERSION)
        || !api.registered(Definitions.TRIAL, Definitions.VERSION)) {
      api.register(Definitions.load());
    }
  }

  /** Launches the sweep without waiting; returns the workflow id. */
  public String launch(Plan plan) {
    ensureRegistered(api, false);
    PlanNode ingestNode = plan.node(0);
    ActionRecord ingest = store.ingest(java.net.URI.create(ingestNode.params().get("source").textValue()), BlobRef.CSV);
    BlobRef data = ingest.output(StageKind.Ports.DATA);
    SweepPlan sweep = SweepPlan.of(plan, data);
    BlobRef planBlob = store.put(sweep.toJson(), BlobRef.JSON);
    ObjectNode input = F.objectNode();
    input.put("experiment", plan.experiment().name());
    input.put("plan", planBlob.digest().hex());
    input.set("layers", layers(plan, planBlob.digest()));
    Map<String, String> domains = options.trainDomain() == null || options.trainDomain().isBlank()
        ? Map.of() : Map.of(Definitions.taskType(StageKind.TRAIN), options.trainDomain());
    ingestKey = ingest.key();
    workflowId = api.start(Definitions.SWEEP, Definitions.VERSION, input, domains);
    return workflowId;
  }

  /** Per stage kind: the dynamic fork's tasks and their inputs. Transform chains are one task per chain end. */
  static ObjectNode layers(Plan plan, Digest planDigest) {
    ObjectNode layers = F.objectNode();
    for (StageKind k : StageKind.values()) {
      ObjectNode l = layers.putObject(k.id());
      l.putArray("tasks");
      l.putObject("inputs");
    }
    for (PlanNode n : plan.nodes()) {
      if (n.kind() == NodeKind.INGEST) {
        continue;
      }
      if (n.kind() == NodeKind.TRANSFORM && plan.children(n.index()).stream()
          .allMatch(c -> plan.node(c).kind() == NodeKind.TRANSFORM)) {
        continue; // computed inside the task of the chain that ends below it
      }
      ObjectNode l = (ObjectNode) layers.get(n.kind().stageKind().id());
      String ref = refOf(n.kind(), n.index());
      ((ArrayNode) l.get("tasks")).addObject().put("name", Definitions.taskType(n.kind().stageKind()))
          .put("taskReferenceName", ref).put("type", "SIMPLE");
      ((ObjectNode) l.get("inputs")).putObject(ref).put("plan", planDigest.hex()).put("node", n.index())
          .put("label", n.label());
    }
    return layers;
  }

  static String refOf(NodeKind kind, int node) {
    return kind.id() + "_" + node;
  }

  /** Launches the sweep, follows it to the end, and collects the results as a local run does. */
  public RunReport run(Plan plan, ProgressListener listener) {
    ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
    long start = System.nanoTime();
    String id = launch(plan);
    Follow follow = new Follow(plan, progress);
    follow.node(0, Status.CACHED, ingestKey, "");
    JsonNode wf;
    while (true) {
      wf = api.workflow(id);
      follow.update(wf);
      if (TERMINAL.contains(wf.path("status").asText())) {
        break;
      }
      try {
        Thread.sleep(options.poll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConductorException("interrupted while following workflow " + id + " (it keeps running)", e);
      }
    }
    List<NodeResult> results = follow.finish(wf);
    Results collected = Results.collect(plan, results, store);
    collected.save(store);
    return new RunReport(plan, results, collected, (System.nanoTime() - start) / 1_000_000);
  }

  /** Turns task states into the executor's events and node results. */
  private final class Follow {
    private final Plan plan;
    private final ProgressListener listener;
    private final NodeResult[] results;
    private final Set<Integer> started = new HashSet<>();
    private final Map<NodeKind, Integer> done = new EnumMap<>(NodeKind.class);
    private final Map<NodeKind, Integer> totals;

    Follow(Plan plan, ProgressListener listener) {
      this.plan = plan;
      this.listener = listener;
      this.results = new NodeResult[plan.nodes().size()];
      this.totals = plan.invocations();
    }

    void update(JsonNode wf) {
      for (JsonNode task : wf.path("tasks")) {
        JsonNode in = task.path("inputData");
        if (!in.has("plan") || !in.path("node").canConvertToInt()) {
          continue;
        }
        int index = in.path("node").asInt();
        String status = task.path("status").asText();
        if (status.equals("IN_PROGRESS") && started.add(index)) {
          emit(plan.node(index), Status.STARTED, "");
        }
        if (status.equals("COMPLETED")) {
          JsonNode out = task.path("outputData");
          JsonNode steps = out.path("steps");
          if (steps.isArray() && !steps.isEmpty()) {
            for (JsonNode s : steps) {
              completed(s);
            }
          } else {
            completed(out);
          }
        }
      }
    }

    private void completed(JsonNode out) {
      if (!out.path("node").canConvertToInt() || !out.path("actionKey").isTextual()) {
        return;
      }
      int index = out.path("node").asInt();
      if (results[index] == null) {
        node(index, out.path("cacheHit").asBoolean() ? Status.CACHED : Status.DONE,
            Digest.parse(out.path("actionKey").asText()), "");
      }
    }

    void node(int index, Status status, Digest key, String message) {
      PlanNode n = plan.node(index);
      Optional<ActionRecord> record = key == null ? Optional.empty() : store.lookup(key);
      if (status.succeeded() && record.isEmpty()) {
        status = Status.FAILED;
        message = "the task completed but the store has no record of action " + key;
      }
      results[index] = new NodeResult(n, status, key, record.map(ActionRecord::outputs).orElse(null), message, 0);
      emit(n, status, message);
    }

    private void emit(PlanNode n, Status status, String message) {
      boolean terminal = status != Status.STARTED && status != Status.WAITING;
      int d = terminal ? done.merge(n.kind(), 1, Integer::sum) : done.getOrDefault(n.kind(), 0);
      try {
        listener.onEvent(new ProgressEvent(n.kind(), n, status, d, totals.get(n.kind()), message));
      } catch (RuntimeException e) {
        // A broken progress display must not fail the run.
      }
    }

    /** Nodes without a completed task: failed (with Conductor's reason) or blocked by a failure upstream. */
    List<NodeResult> finish(JsonNode wf) {
      Map<Integer, String> reasons = new TreeMap<>();
      for (JsonNode task : wf.path("tasks")) {
        JsonNode in = task.path("inputData");
        if (in.path("node").canConvertToInt() && !task.path("status").asText().equals("COMPLETED")) {
          String why = task.path("reasonForIncompletion").asText("");
          reasons.put(in.path("node").asInt(), task.path("status").asText() + (why.isEmpty() ? "" : ": " + why));
        }
      }
      String workflowReason = wf.path("reasonForIncompletion").asText("");
      for (PlanNode n : plan.nodes()) {
        if (results[n.index()] != null) {
          continue;
        }
        boolean upstreamFailed = n.inputs().values().stream()
            .anyMatch(r -> results[r.node()] == null || !results[r.node()].status().succeeded());
        if (reasons.containsKey(n.index())) {
          node(n.index(), Status.FAILED, null, reasons.get(n.index()));
        } else if (upstreamFailed) {
          results[n.index()] = new NodeResult(n, Status.BLOCKED, null, null, "an upstream invocation failed", 0);
          emit(n, Status.BLOCKED, "an upstream invocation failed");
        } else {
          node(n.index(), Status.FAILED, null, "not run: workflow " + wf.path("status").asText()
              + (workflowReason.isEmpty() ? "" : " (" + workflowReason + ")"));
        }
      }
      return new ArrayList<>(List.of(results));
    }
  }
}
