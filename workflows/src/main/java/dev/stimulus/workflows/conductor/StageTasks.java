package dev.stimulus.workflows.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.exec.Invoker;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.PlanNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a Conductor worker does with one task, free of any Conductor client type so that the
 * worker module only adapts it. Every stage invocation goes through {@link Invoker}, the path the
 * local executor uses: same keys, same records, same bytes.
 *
 * <p>Two input forms. A {@code stimulus_trial} task names its inputs by digest and its stage by
 * {@code impl} + {@code params} (resolved here, the experiment {@code seed} filled in as the local
 * planner does); a transform task takes a chain of {@code steps}. A {@code stimulus_sweep} task is
 * {@code {plan, node}}: the plan is a blob in the store ({@link SweepPlan}) and the node's inputs
 * are found by recomputing its upstream invocations' action keys and reading their records, so
 * nothing but digests crosses Conductor.
 *
 * <p>While another live lease holds an action, the answer is {@link Answer.InProgress} with a
 * callback delay (no thread blocks); a duplicate delivery finds the record and is a cache hit.
 */
public final class StageTasks implements AutoCloseable {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * @param leaseTtl store lease time to live; renewed every third of it while a stage runs, so a
   *     killed worker's claim lapses within this time
   * @param busyCallbackSeconds when to be called back while another worker holds the lease
   * @param dataRoots directories from which {@code stimulus_ingest} may read local files
   */
  public record Options(Duration leaseTtl, int busyCallbackSeconds, List<Path> dataRoots) {
    public Options {
      dataRoots = dataRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(60), 2, List.of(Path.of("")));
    }
  }

  /** Who runs the task, for the record's execution block. */
  public record Meta(String workflowId, String taskId, int attempt, String workerId) {}

  /** How a task ended. */
  public sealed interface Answer {
    record Completed(ObjectNode output) implements Answer {}

    record InProgress(int callbackSeconds, String reason) implements Answer {}

    /** @param terminal a bad input or a stage error: retrying cannot help */
    record Failed(String reason, boolean terminal) implements Answer {}
  }

  private final Invoker invoker;
  private final ArtifactStore store;
  private final Catalogue catalogue;
  private final Options options;
  private final ScheduledExecutorService renewals;
  private final Map<Digest, SweepPlan> plans = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Digest, SweepPlan> eldest) {
      return size() > 16;
    }
  });

  public StageTasks(ArtifactStore store, Catalogue catalogue, Options options) {
    this.store = store;
    this.catalogue = catalogue;
    this.options = options;
    this.invoker = new Invoker(store, "conductor", Invoker.newOwner(), 1);
    this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stimulus-lease-renewal");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs one task of the given type ({@link Definitions#taskTypes()}). Never throws. */
  public Answer execute(String taskType, JsonNode input, Meta meta) {
    try {
      ObjectNode output = switch (taskType) {
        case Definitions.INGEST -> ingest(input);
        case Definitions.REPORT -> report(input);
        default -> stage(kindOf(taskType), input, meta);
      };
      return new Answer.Completed(output);
    } catch (Busy b) {
      return new Answer.InProgress(options.busyCallbackSeconds(), b.getMessage());
    } catch (BadInput | StageException e) {
      return new Answer.Failed(e.getMessage(), true);
    } catch (StoreException e) {
      return new Answer.Failed("store: " + e.getMessage(), false);
    } catch (RuntimeException e) {
      return new Answer.Failed("internal error in " + taskType + ": " + e, false);
    }
  }

  @Override
  public void close() {
    renewals.shutdownNow();
  }

  // ------------------------------------------------------------------ stage tasks

  private static StageKind kindOf(String taskType) {
    for (StageKind k : StageKind.values()) {
      if (Definitions.taskType(k).equals(taskType)) {
        return k;
      }
    }
    throw new BadInput("unknown task type '" + taskType + "' (known: " + Definitions.taskTypes() + ")");
  }

  /** One invocation's outcome, as the task output reports it. */
  private record Step(Stage stage, Digest key, boolean hit, SortedMap<String, BlobRef> outputs, Integer node,
      String label) {}

  private ObjectNode stage(StageKind kind, JsonNode input, Meta meta) {
    List<Step> steps = new ArrayList<>();
    if (input.hasNonNull("plan")) {
      sweepNode(kind, input, meta, steps);
    } else if (kind == StageKind.TRANSFORM) {
      trialChain(input, meta, steps);
    } else {
      Stage stage = stageOf(kind, input.path("impl"));
      steps.add(invoke(stage, params(stage, input.path("params"), input.path("seed")), trialInputs(stage, input),
          meta, null, null));
    }
    return output(kind, steps);
  }

  private ObjectNode output(StageKind kind, List<Step> steps) {
    Step last = steps.get(steps.size() - 1);
    ObjectNode out = describe(last);
    out.put("cacheHit", steps.stream().allMatch(Step::hit));
    out.put("stage", kind.id());
    if (kind == StageKind.TRANSFORM) {
      ArrayNode a = out.putArray("steps");
      steps.forEach(s -> a.add(describe(s)));
    }
    return out;
  }

  private static ObjectNode describe(Step s) {
    ObjectNode o = F.objectNode();
    o.put("cacheHit", s.hit());
    o.put("actionKey", s.key().hex());
    ObjectNode outs = o.putObject("outputs");
    s.outputs().forEach((port, ref) -> outs.put(port, ref.digest().hex()));
    o.put("stage", s.stage().kind().id());
    o.put("impl", s.stage().name());
    o.put("version", s.stage().version());
    if (s.node() != null) {
      o.put("node", s.node());
    }
    if (s.label() != null) {
      o.put("label", s.label());
    }
    return o;
  }

  /** The single-flight path: hit, or claim + compute + commit, or Busy while another holds the lease. */
  private Step invoke(Stage stage, ObjectNode params, Map<String, BlobRef> inputs, Meta meta, Integer node,
      String label) {
    Digest key = Invoker.keyOf(stage, params, inputs);
    var hit = invoker.lookup(key);
    if (hit.isPresent()) {
      return new Step(stage, key, true, hit.get().outputs(), node, label);
    }
    Invoker.Claim claim = invoker.claim(key, options.leaseTtl());
    if (claim instanceof Invoker.Claim.Hit h) {
      return new Step(stage, key, true, h.record().outputs(), node, label);
    }
    if (claim instanceof Invoker.Claim.Busy b) {
      throw new Busy(stage.kind().id() + " " + stage.name() + " (action " + key.shortHex() + ") is being computed"
          + b.holder().map(l -> " by " + l.owner()).orElse(" elsewhere") + "; calling back in "
          + options.busyCallbackSeconds() + " s");
    }
    var lease = ((Invoker.Claim.Held) claim).lease();
    long every = Math.max(200, options.leaseTtl().toMillis() / 3);
    ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> {
      try {
        store.renew(lease, options.leaseTtl());
      } catch (RuntimeException e) {
        // The next renewal tries again; a lost lease costs duplicate work, not correctness.
      }
    }, every, every, TimeUnit.MILLISECONDS);
    try {
      Map<String, byte[]> bytes = invoker.read(inputs);
      ObjectNode execution = F.objectNode();
      if (meta != null) {
        execution.put("workflowId", meta.workflowId());
        execution.put("taskId", meta.taskId());
        execution.put("attempt", meta.attempt());
        execution.put("worker", meta.workerId());
      }
      Invoker.Computed computed = invoker.compute(stage, params, key, inputs, bytes, StageContext.Progress.NONE,
          execution);
      return new Step(stage, key, false, computed.outputs(), node, label);
    } finally {
      renewal.cancel(false);
      invoker.release(lease);
    }
  }

  // ------------------------------------------------------------------ stimulus_trial inputs

  private Stage stageOf(StageKind kind, JsonNode impl) {
    if (impl == null || impl.isNull() || impl.isMissingNode() || impl.asText().isBlank()) {
      List<Stage> all = catalogue.ofKind(kind);
      if (all.size() == 1) {
        return all.get(0);
      }
      throw new BadInput("the " + kind.id() + " task needs 'impl' (one of: "
          + String.join(", ", all.stream().map(Stage::name).toList()) + ")");
    }
    if (!impl.isTextual()) {
      throw new BadInput("the " + kind.id() + " task's 'impl' must be a stage name, found " + impl);
    }
    return catalogue.find(kind, impl.textValue());
  }

  /** Resolves user params as the planner does: the experiment seed fills a declared, unset {@code seed}. */
  private static ObjectNode params(Stage stage, JsonNode given, JsonNode seed) {
    if (given != null && !given.isNull() && !given.isMissingNode() && !given.isObject()) {
      throw new BadInput(stage.kind().id() + " " + stage.name() + ": 'params' must be an object, found " + given);
    }
    ObjectNode p = given == null || !given.isObject() ? F.objectNode() : ((ObjectNode) given).deepCopy();
    boolean declaresSeed = stage.params().list().stream().anyMatch(x -> x.name().equals("seed"));
    if (declaresSeed && !p.has("seed")) {
      if (seed != null && !seed.isNull() && !seed.isMissingNode() && !seed.canConvertToLong()) {
        throw new BadInput("'seed' must be a whole number, found " + seed);
      }
      p.put("seed", seed == null || !seed.canConvertToLong() ? 0 : seed.asLong());
    }
    return stage.resolveParams(p, stage.kind().id() + " " + stage.name());
  }

  private Map<String, BlobRef> trialInputs(Stage stage, JsonNode input) {
    Map<String, BlobRef> refs = new TreeMap<>();
    JsonNode given = input.path("inputs");
    for (String port : stage.kind().inputs()) {
      refs.put(port, blob(stage.kind().id() + " " + stage.name(), port, given.get(port)));
    }
    return refs;
  }

  private BlobRef blob(String owner, String port, JsonNode digest) {
    if (digest == null || digest.isNull() || !digest.isTextual() || !Digest.looksLikeDigest(digest.textValue())) {
      throw new BadInput(owner + ": input '" + port + "' must be a SHA-256 digest, found "
          + (digest == null ? "nothing" : digest) + " (did the task before it fail?)");
    }
    Digest d = Digest.parse(digest.textValue());
    var producer = store.producerOf(d);
    if (producer.isPresent()) {
      for (BlobRef r : producer.get().outputs().values()) {
        if (r.digest().equals(d)) {
          return r;
        }
      }
    }
    if (!store.has(d)) {
      throw new BadInput(owner + ": input '" + port + "' (blob " + d + ") is not in the store " + store.describe());
    }
    return new BlobRef(d, store.get(d).length, mediaTypeOf(port));
  }

  private static String mediaTypeOf(String port) {
    return switch (port) {
      case Ports.TENSORS -> BlobRef.SAFETENSORS;
      case Ports.STATE, Ports.SPEC, Ports.METRICS -> BlobRef.JSON;
      case Ports.MODEL -> BlobRef.BINARY;
      default -> BlobRef.CSV;
    };
  }

  private void trialChain(JsonNode input, Meta meta, List<Step> steps) {
    JsonNode given = input.path("steps");
    if (!given.isMissingNode() && !given.isNull() && !given.isArray()) {
      throw new BadInput("the transform task's 'steps' must be a list of {name, params}, found " + given);
    }
    List<JsonNode> chain = new ArrayList<>();
    given.forEach(chain::add);
    if (chain.isEmpty()) {
      chain.add(F.objectNode().put("name", "Identity"));
    }
    BlobRef table = blob("transform", Ports.TABLE, input.path("inputs").get(Ports.TABLE));
    for (int i = 0; i < chain.size(); i++) {
      JsonNode s = chain.get(i);
      if (!s.isObject()) {
        throw new BadInput("transform step " + (i + 1) + " must be {name, params}, found " + s);
      }
      Stage stage = stageOf(StageKind.TRANSFORM, s.get("name"));
      Step step = invoke(stage, params(stage, s.get("params"), input.path("seed")), Map.of(Ports.TABLE, table),
          meta, null, null);
      steps.add(step);
      table = step.outputs().get(Ports.TABLE);
    }
  }

  // ------------------------------------------------------------------ stimulus_sweep inputs

  private SweepPlan plan(JsonNode digest) {
    if (!digest.isTextual() || !Digest.looksLikeDigest(digest.textValue())) {
      throw new BadInput("'plan' must be the digest of a sweep plan in the store, found " + digest);
    }
    Digest d = Digest.parse(digest.textValue());
    SweepPlan cached = plans.get(d);
    if (cached != null) {
      return cached;
    }
    SweepPlan plan = SweepPlan.parse(store.get(d), d);
    plans.put(d, plan);
    return plan;
  }

  private void sweepNode(StageKind kind, JsonNode input, Meta meta, List<Step> steps) {
    SweepPlan plan = plan(input.get("plan"));
    if (!input.path("node").canConvertToInt()) {
      throw new BadInput("'node' must be a node index of the plan, found " + input.path("node"));
    }
    SweepPlan.Node node = plan.node(input.path("node").asInt());
    if (node.kind().stageKind() != kind) {
      throw new BadInput("plan node " + node.index() + " is a " + node.kind().id() + " node, not " + kind.id());
    }
    Resolver r = new Resolver(plan, meta, kind == StageKind.TRANSFORM ? steps : null);
    Stage stage = r.stage(node);
    steps.add(invoke(stage, node.params(), r.inputs(node), meta, node.index(), node.label()));
  }

  /**
   * Finds plan nodes' outputs through the store. A missing upstream transform of a transform task
   * is computed here (a chain is one task); any other missing upstream fails the task: its layer
   * has not completed.
   */
  private final class Resolver {
    private final SweepPlan plan;
    private final Meta meta;
    private final List<Step> chain;
    private final Map<Integer, SortedMap<String, BlobRef>> outputs = new HashMap<>();

    Resolver(SweepPlan plan, Meta meta, List<Step> chain) {
      this.plan = plan;
      this.meta = meta;
      this.chain = chain;
    }

    Stage stage(SweepPlan.Node n) {
      Stage s = catalogue.find(n.kind().stageKind(), n.impl());
      if (s.version() != n.version()) {
        throw new BadInput(n.kind().id() + " " + n.impl() + ": this worker has version " + s.version()
            + " but the plan was made with version " + n.version() + "; run workers and the CLI of one release");
      }
      return s;
    }

    Map<String, BlobRef> inputs(SweepPlan.Node n) {
      Map<String, BlobRef> refs = new TreeMap<>();
      for (var e : n.inputs().entrySet()) {
        PlanNode.PortRef ref = e.getValue();
        BlobRef b = outputsOf(plan.node(ref.node())).get(ref.port());
        if (b == null) {
          throw new BadInput("plan node " + ref.node() + " has no output '" + ref.port() + "'");
        }
        refs.put(e.getKey(), b);
      }
      return refs;
    }

    SortedMap<String, BlobRef> outputsOf(SweepPlan.Node n) {
      SortedMap<String, BlobRef> known = outputs.get(n.index());
      if (known != null) {
        return known;
      }
      SortedMap<String, BlobRef> out;
      if (n.kind() == NodeKind.INGEST) {
        out = new TreeMap<>(Map.of(Ports.DATA, plan.data()));
      } else {
        Stage stage = stage(n);
        Map<String, BlobRef> in = inputs(n);
        if (chain != null && n.kind() == NodeKind.TRANSFORM) {
          Step s = invoke(stage, n.params(), in, meta, n.index(), n.label());
          chain.add(s);
          out = s.outputs();
        } else {
          Digest key = Invoker.keyOf(stage, n.params(), in);
          out = invoker.lookup(key).map(ActionRecord::outputs).orElseThrow(() -> new StoreException(
              "upstream " + n.kind().id() + " " + n.label() + " (node " + n.index() + ", action " + key.shortHex()
                  + ") has no result in the store: its task must complete first"));
        }
      }
      outputs.put(n.index(), out);
      return out;
    }
  }

  // ------------------------------------------------------------------ ingest and report

  private ObjectNode ingest(JsonNode input) {
    JsonNode d = input.path("dataset");
    if (!d.isTextual() || d.textValue().isBlank()) {
      throw new BadInput("'dataset' must be a file path under a data root or an s3://bucket/key URI, found " + d);
    }
    String text = d.textValue().strip();
    URI uri;
    boolean existed = false;
    if (text.startsWith("s3://")) {
      uri = URI.create(text);
    } else {
      Path path = localDataset(text);
      try (InputStream in = Files.newInputStream(path)) {
        existed = store.has(Digest.of(in));
      } catch (IOException e) {
        throw new BadInput("cannot read dataset " + path + ": " + e.getMessage());
      }
      uri = path.toUri();
    }
    ActionRecord record = store.ingest(uri, BlobRef.CSV);
    ObjectNode out = F.objectNode();
    out.put("cacheHit", existed);
    out.put("actionKey", record.key().hex());
    out.putObject("outputs").put(Ports.DATA, record.output(Ports.DATA).digest().hex());
    out.put("stage", "ingest");
    out.put("impl", record.impl());
    out.put("version", record.implVersion());
    out.put("source", record.params().path("source").asText());
    return out;
  }

  /** A local dataset path, which must lie under one of the data roots (task input comes from anyone with UI access). */
  private Path localDataset(String text) {
    Path given;
    try {
      given = text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
    } catch (RuntimeException e) {
      throw new BadInput("'dataset' is not a valid path: " + text);
    }
    for (Path root : options.dataRoots()) {
      Path p = (given.isAbsolute() ? given : root.resolve(given)).normalize();
      if (Files.isRegularFile(p)) {
        try {
          Path real = p.toRealPath();
          if (options.dataRoots().stream().anyMatch(r -> real.startsWith(realOrSelf(r)))) {
            return real;
          }
        } catch (IOException e) {
          // fall through to the message below
        }
      }
    }
    throw new BadInput("dataset " + text + " is not a file under this worker's data roots " + options.dataRoots()
        + " (start the worker with --data-root DIR, or use s3://bucket/key on the store's endpoint)");
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  private ObjectNode report(JsonNode input) {
    SweepPlan plan = plan(input.path("plan"));
    Resolver r = new Resolver(plan, null, null);
    int complete = 0;
    ObjectNode best = null;
    double bestValue = Double.NaN;
    boolean maximize = !"minimize".equals(plan.objectiveDirection());
    for (SweepPlan.TrialRef t : plan.trials()) {
      BlobRef metrics;
      try {
        metrics = r.outputsOf(plan.node(t.evaluate())).get(Ports.METRICS);
      } catch (StoreException e) {
        continue;
      }
      complete++;
      if (plan.objectiveMetric() == null || metrics == null) {
        continue;
      }
      double v = objective(metrics.digest(), plan.objectiveMetric());
      if (!Double.isNaN(v) && (Double.isNaN(bestValue) || (maximize ? v > bestValue : v < bestValue))) {
        bestValue = v;
        best = F.objectNode().put("id", t.id()).put("label", t.label()).put("value", v)
            .put("model", r.outputsOf(plan.node(t.train())).get(Ports.MODEL).digest().hex());
      }
    }
    ObjectNode out = F.objectNode();
    out.put("experiment", plan.experiment());
    out.put("trials", plan.trials().size());
    out.put("complete", complete);
    if (plan.objectiveMetric() != null) {
      out.put("metric", plan.objectiveMetric());
    }
    out.set("best", best == null ? F.nullNode() : best);
    return out;
  }

  private double objective(Digest metrics, String metric) {
    try {
      JsonNode m = CanonicalJson.MAPPER.readTree(store.get(metrics));
      JsonNode v = m;
      for (String part : metric.split("\\.")) {
        v = v.path(part);
      }
      return v.isNumber() ? v.doubleValue() : Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** Another worker holds the action's lease. */
  private static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message, null, false, false);
    }
  }

  /** The task input cannot work, whoever runs it. */
  private static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
