package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionKey;
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
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.workflows.index.IndexedTrial;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cross-evaluation matrix: the model trained on data variant i (a transform block) scored on the
 * test fold of variant j, for trials that agree on everything but the transform (same split, same
 * model settings). Each score is an ordinary evaluate action on (model_i, spec_i, tensors_j, index_j)
 * with trial i's evaluate params: its key is computed like the executor's, a recorded result is
 * reused and a new one is committed to the store, so a second report costs nothing. Scores are
 * averaged over the matching pairs; the delta is the score on j minus the same models' score on
 * their own data i.
 */
final class CrossEvaluation {

  /** Evaluations a report may run at most; beyond it the matrix is left out and the note says why. */
  static final int MAX_EVALUATIONS = 400;

  private CrossEvaluation() {}

  static Section section(List<IndexedTrial> trials, String objectiveMetric, ArtifactStore store, Catalogue catalogue) {
    String title = "Cross-evaluation: models trained on one data variant, scored on the others";
    String metric = "test." + objectiveMetric.replaceFirst("^[^.]+\\.", "");
    if (store == null) {
      return note(title, "Not available: the store is not at hand.");
    }
    Map<String, List<IndexedTrial>> groups = new LinkedHashMap<>();
    TreeSet<String> variants = new TreeSet<>();
    for (IndexedTrial t : trials) {
      if (!t.completed() || t.model() == null || !t.keys().containsKey("train") || !t.keys().containsKey("encode")
          || !t.keys().containsKey("evaluate")) {
        continue;
      }
      SortedMap<String, JsonNode> rest = new TreeMap<>(t.params());
      rest.keySet().removeIf(k -> k.equals("transform") || k.startsWith("transform."));
      groups.computeIfAbsent(CanonicalJson.write(rest), k -> new ArrayList<>()).add(t);
      variants.add(Factors.level(t, "transform"));
    }
    if (variants.size() < 2) {
      return note(title, "Not available: the experiment has " + variants.size()
          + " data variant (transform block); the matrix needs two or more.");
    }
    long pairs = groups.values().stream().mapToLong(g -> (long) g.size() * g.size()).sum();
    if (pairs > MAX_EVALUATIONS) {
      return note(title, "Not computed: " + pairs + " evaluations would be needed, more than the report's limit of "
          + MAX_EVALUATIONS + ".");
    }
    List<String> names = new ArrayList<>(variants);
    int n = names.size();
    double[][] sum = new double[n][n];
    int[][] count = new int[n][n];
    int failed = 0;
    String firstFailure = null;
    for (List<IndexedTrial> g : groups.values()) {
      for (IndexedTrial model : g) {
        for (IndexedTrial data : g) {
          try {
            Double score = score(model, data, metric, store, catalogue);
            if (score != null) {
              int i = names.indexOf(Factors.level(model, "transform"));
              int j = names.indexOf(Factors.level(data, "transform"));
              sum[i][j] += score;
              count[i][j]++;
            }
          } catch (StageException | StoreException | IOException | IllegalArgumentException e) {
            failed++;
            if (firstFailure == null) {
              firstFailure = "model of trial " + model.trialId() + " on data of trial " + data.trialId() + ": "
                  + e.getMessage();
            }
          }
        }
      }
    }
    Double[][] values = new Double[n][n];
    Double[][] deltas = new Double[n][n];
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        values[i][j] = count[i][j] == 0 ? null : sum[i][j] / count[i][j];
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        deltas[i][j] = values[i][j] == null || values[i][i] == null ? null : values[i][j] - values[i][i];
        rows.add(Arrays.asList(names.get(i), names.get(j), values[i][j], deltas[i][j], (long) count[i][j]));
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add("Rows: the data variant the model was trained on; columns: the variant whose test fold scored it ("
        + metric + "), averaged over the trials that agree on everything else. Delta: the score minus the same"
        + " models' score on their own variant (the diagonal).");
    if (failed > 0) {
      notes.add(failed + " evaluations failed (the variants' encodings may not fit each other's models); first: "
          + firstFailure);
    }
    List<Chart> charts = List.of(
        new Chart("chart-cross-evaluation", "heatmap", "Cross-evaluation matrix (" + metric + ")",
            Specs.heatmap(names, names, values, "scored on", "trained on")),
        new Chart("chart-cross-evaluation-delta", "heatmap", "Delta against own data (" + metric + ")",
            Specs.heatmap(names, names, deltas, "scored on", "trained on")));
    return Section.of("cross-evaluation", title, notes, charts, List.of(new Table("cross_evaluation",
        "Cross-evaluation matrix", List.of("trained_on", "scored_on", "score", "delta_vs_own", "pairs"), rows)));
  }

  private static Section note(String title, String why) {
    return Section.of("cross-evaluation", title, List.of(why), List.of(), List.of());
  }

  private static Double score(IndexedTrial model, IndexedTrial data, String metric, ArtifactStore store,
      Catalogue catalogue) throws IOException {
    ActionRecord train = record(store, model.keys().get("train"));
    ActionRecord encode = record(store, data.keys().get("encode"));
    ActionRecord evaluate = record(store, model.keys().get("evaluate"));
    Map<String, BlobRef> inputs = new TreeMap<>();
    inputs.put(Ports.MODEL, train.output(Ports.MODEL));
    inputs.put(Ports.SPEC, train.output(Ports.SPEC));
    inputs.put(Ports.TENSORS, encode.output(Ports.TENSORS));
    inputs.put(Ports.INDEX, encode.output(Ports.INDEX));
    Map<String, Digest> digests = new TreeMap<>();
    inputs.forEach((k, v) -> digests.put(k, v.digest()));
    Digest key = ActionKey.of(StageKind.EVALUATE.id(), evaluate.impl(), evaluate.implVersion(), evaluate.params(),
        digests);
    BlobRef metrics = store.lookup(key).map(r -> r.outputs().get(Ports.METRICS)).orElse(null);
    if (metrics == null) {
      Stage stage = catalogue.find(StageKind.EVALUATE, evaluate.impl());
      if (stage.version() != evaluate.implVersion()) {
        throw new StageException("evaluate stage " + evaluate.impl() + " is now version " + stage.version()
            + ", the trial used version " + evaluate.implVersion());
      }
      Map<String, byte[]> bytes = new TreeMap<>();
      inputs.forEach((k, v) -> bytes.put(k, store.get(v.digest())));
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      StageOutput out = stage.run(new StageInput(bytes), (ObjectNode) evaluate.params(),
          new StageContext(ActionKey.seedOf(key), 1, StageContext.Progress.NONE));
      SortedMap<String, BlobRef> outputs = new TreeMap<>();
      out.blobs().forEach((port, blob) -> outputs.put(port, store.put(blob.bytes(), blob.mediaType())));
      ObjectNode execution = JsonNodeFactory.instance.objectNode().put("engine", "report")
          .put("startedAt", started.toString()).put("durationMillis", (System.nanoTime() - t0) / 1_000_000);
      // The platform the predictions came from, so the store can tell a platform difference from nondeterminism.
      out.execution().forEach(execution::set);
      store.commit(new ActionRecord(ActionRecord.SCHEMA, key, StageKind.EVALUATE.id(), evaluate.impl(),
          evaluate.implVersion(), evaluate.params(), new TreeMap<>(inputs), outputs, execution));
      metrics = store.lookup(key).map(r -> r.outputs().get(Ports.METRICS)).orElse(outputs.get(Ports.METRICS));
    }
    JsonNode m = CanonicalJson.MAPPER.readTree(store.get(metrics.digest()));
    JsonNode v = m;
    for (String part : metric.split("\\.")) {
      v = v == null ? null : v.get(part);
    }
    return v != null && v.isNumber() && Double.isFinite(v.doubleValue()) ? v.doubleValue() : null;
  }

  private static ActionRecord record(ArtifactStore store, String key) {
    return store.lookup(Digest.parse(key)).orElseThrow(() -> new StoreException(
        "the store no longer holds the result of action " + key));
  }
}
