package dev.stimulus.workflows.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.Trial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The trials of one experiment run: parameters, metrics, model digests, action keys, and the best
 * trial by the objective. Recorded in the store as the named root
 * {@code refs/experiments/<name>.json} (so its models and metrics are GC roots and lineage queries
 * such as "the best model" can start from it).
 */
public final class Results {

  /** The ref kind run records are stored under. */
  public static final String REF_KIND = "experiments";
  static final int SCHEMA = 1;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String experiment;
  private final String file;
  private final Digest experimentDigest;
  private final Digest data;
  private final Objective objective;
  private final List<TrialResult> trials;

  Results(String experiment, String file, Digest experimentDigest, Digest data, Objective objective,
      List<TrialResult> trials) {
    this.experiment = experiment;
    this.file = file;
    this.experimentDigest = experimentDigest;
    this.data = data;
    this.objective = objective;
    this.trials = List.copyOf(trials);
  }

  /** Gathers each trial's outcome from a run's node results, reading metrics from the store. */
  public static Results collect(Plan plan, List<NodeResult> nodes, ArtifactStore store) {
    Experiment x = plan.experiment();
    List<TrialResult> out = new ArrayList<>();
    for (Trial t : plan.trials()) {
      Map<String, Digest> keys = new LinkedHashMap<>();
      String status = "ok";
      String message = "";
      List<Integer> transforms = t.transformNodes();
      for (int i = 0; i < t.path().size(); i++) {
        NodeResult r = nodes.get(t.path().get(i));
        String name = r.node().kind().id();
        if (r.node().kind() == dev.stimulus.workflows.plan.NodeKind.TRANSFORM && transforms.size() > 1) {
          name = name + "#" + (transforms.indexOf(t.path().get(i)) + 1);
        }
        if (r.key() != null) {
          keys.put(name, r.key());
        }
        if (!r.status().succeeded() && status.equals("ok")) {
          status = r.status() == Status.BLOCKED ? "blocked" : "failed";
          message = r.status() == Status.BLOCKED ? r.message() : name + " " + r.node().label() + ": " + r.message();
        }
      }
      ObjectNode metrics = null;
      Digest metricsDigest = null;
      Digest model = null;
      if (status.equals("ok")) {
        message = PrunedTraining.note(t, nodes.get(t.trainNode()), store);
        BlobRef m = nodes.get(t.evaluateNode()).outputs().get(Ports.METRICS);
        BlobRef md = nodes.get(t.trainNode()).outputs().get(Ports.MODEL);
        model = md == null ? null : md.digest();
        if (m != null) {
          metricsDigest = m.digest();
          metrics = readMetrics(store, m.digest());
        }
      }
      OptionalDouble value = metrics != null && x.objective() != null
          ? x.objective().valueIn(metrics) : OptionalDouble.empty();
      out.add(new TrialResult(t.index(), t.id(), t.label(), status, message, t.params(), metrics, value,
          model, metricsDigest, keys));
    }
    Digest data = nodes.isEmpty() || nodes.get(0).outputs().get(Ports.DATA) == null
        ? null : nodes.get(0).outputs().get(Ports.DATA).digest();
    return new Results(x.name(), x.file(), x.digest(), data, x.objective(), out);
  }

  private static ObjectNode readMetrics(ArtifactStore store, Digest digest) {
    try {
      JsonNode n = CanonicalJson.MAPPER.readTree(store.get(digest));
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException | StoreException e) {
      return null;
    }
  }

  public String experiment() {
    return experiment;
  }

  public Objective objective() {
    return objective;
  }

  public List<TrialResult> trials() {
    return trials;
  }

  /** The digest of the ingested data, if ingestion succeeded. */
  public Optional<Digest> data() {
    return Optional.ofNullable(data);
  }

  /** The best completed trial by the objective; the earliest trial wins a tie. */
  public Optional<TrialResult> best() {
    if (objective == null) {
      return Optional.empty();
    }
    TrialResult best = null;
    for (TrialResult t : trials) {
      if (t.objective().isPresent()
          && (best == null || objective.better(t.objective().getAsDouble(), best.objective().getAsDouble()))) {
        best = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /** A trial by id (or a unique id prefix) or by its 0-based index. */
  public Optional<TrialResult> trial(String idOrIndex) {
    if (idOrIndex.matches("\\d{1,6}")) {
      int i = Integer.parseInt(idOrIndex);
      if (i < trials.size() && !trials.stream().anyMatch(t -> t.id().startsWith(idOrIndex))) {
        return Optional.of(trials.get(i));
      }
    }
    List<TrialResult> matches = trials.stream().filter(t -> t.id().startsWith(idOrIndex)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  // ---- the run record -------------------------------------------------------------------------

  /** Writes the run record to {@code refs/experiments/<name>.json}, replacing the previous one. */
  public void save(ArtifactStore store) {
    store.putRef(REF_KIND, experiment, toJson());
  }

  /** The last run record of an experiment, if any. */
  public static Optional<Results> load(ArtifactStore store, String experiment) {
    return store.getRef(REF_KIND, experiment).map(Results::fromJson);
  }

  public ObjectNode toJson() {
    ObjectNode o = F.objectNode();
    o.put("schema", SCHEMA);
    o.put("experiment", experiment);
    o.put("file", file);
    o.put("experimentDigest", experimentDigest == null ? null : experimentDigest.hex());
    o.put("data", data == null ? null : data.hex());
    if (objective != null) {
      o.putObject("objective").put("metric", objective.metric())
          .put("direction", objective.direction().name().toLowerCase(Locale.ROOT));
    }
    ArrayNode ts = o.putArray("trials");
    for (TrialResult t : trials) {
      ObjectNode j = ts.addObject();
      j.put("index", t.index());
      j.put("id", t.id());
      j.put("label", t.label());
      j.put("status", t.status());
      if (!t.message().isEmpty()) {
        j.put("message", t.message());
      }
      ObjectNode params = j.putObject("params");
      t.params().forEach(params::set);
      ObjectNode keys = j.putObject("keys");
      t.keys().forEach((k, v) -> keys.put(k, v.hex()));
      if (t.model() != null) {
        j.put("model", t.model().hex());
      }
      if (t.metricsDigest() != null) {
        j.put("metricsDigest", t.metricsDigest().hex());
      }
      if (t.metrics() != null) {
        j.set("metrics", t.metrics());
      }
      if (t.objective().isPresent()) {
        j.put("objective", t.objective().getAsDouble());
      }
    }
    best().ifPresent(b -> o.putObject("best").put("id", b.id()).put("label", b.label())
        .put("objective", b.objective().getAsDouble()));
    return o;
  }

  public static Results fromJson(ObjectNode o) {
    Objective objective = null;
    if (o.hasNonNull("objective")) {
      JsonNode ob = o.get("objective");
      objective = new Objective(ob.get("metric").asText(),
          Objective.Direction.valueOf(ob.get("direction").asText().toUpperCase(Locale.ROOT)));
    }
    List<TrialResult> trials = new ArrayList<>();
    for (JsonNode j : o.withArray("trials")) {
      TreeMap<String, JsonNode> params = new TreeMap<>();
      j.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue()));
      Map<String, Digest> keys = new LinkedHashMap<>();
      j.get("keys").fields().forEachRemaining(e -> keys.put(e.getKey(), Digest.parse(e.getValue().asText())));
      trials.add(new TrialResult(j.get("index").asInt(), j.get("id").asText(), j.get("label").asText(),
          j.get("status").asText(), j.path("message").asText(""), params,
          j.get("metrics") instanceof ObjectNode m ? m : null,
          j.hasNonNull("objective") ? OptionalDouble.of(j.get("objective").asDouble()) : OptionalDouble.empty(),
          digest(j.get("model")), digest(j.get("metricsDigest")), keys));
    }
    return new Results(o.path("experiment").asText(), o.path("file").asText(null),
        digest(o.get("experimentDigest")), digest(o.get("data")), objective, trials);
  }

  private static Digest digest(JsonNode n) {
    return n == null || n.isNull() ? null : Digest.parse(n.asText());
  }
}
