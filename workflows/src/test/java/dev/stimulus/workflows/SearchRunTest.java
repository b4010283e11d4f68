package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Stores;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.experiment.Configuration;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.index.IndexedTrial;
import dev.stimulus.workflows.index.RunRecord;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.index.TrialQuery;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.report.ExperimentReport;
import dev.stimulus.workflows.report.Report;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import dev.stimulus.workflows.search.SearchRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search strategies end to end over the test-double stages: batches, budget, replicates, records. */
class SearchRunTest {

  /** The documentation's example with a sampled dropout and learning rate. */
  static final String SAMPLED = Experiments.EXAMPLE
      .replace("dropout: 0.1", "dropout: {uniform: [0.0, 0.5]}")
      .replace("lr: 0.01", "lr: {loguniform: [1.0e-4, 1.0e-1]}");

  @TempDir Path dir;
  final Fakes fakes = new Fakes();
  final ArtifactStore store = Stores.memory();
  final ExecutorOptions options = ExecutorOptions.defaults().withThreads(2)
      .withLeases(Duration.ofMinutes(5), Duration.ofMillis(20));
  final List<SearchRun.Batch> batches = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  Experiment load(String yaml) throws Exception {
    return Experiment.load(Experiments.write(dir, yaml), fakes.catalogue());
  }

  RunReport search(String yaml) throws Exception {
    LocalExecutor executor = new LocalExecutor(store, options);
    return SearchRun.run(load(yaml), p -> executor.run(p, ProgressListener.NONE), store, batches::add);
  }

  static String line(String strategy) {
    return "search: {" + strategy + "}";
  }

  @Test
  void randomWithABudgetOfSixRunsSixTrialsInOneBatch() throws Exception {
    RunReport r = search(SAMPLED.replace("search: {strategy: grid}", line("strategy: random, budget: 6")));
    assertTrue(r.succeeded(), r.summary());
    assertEquals(6, r.plan().trials().size());
    assertEquals(1, batches.size());
    assertEquals(6, fakes.count("train"));
    Set<String> dropouts = r.results().trials().stream().map(t -> t.params().get("model.dropout").toString())
        .collect(Collectors.toSet());
    assertEquals(6, dropouts.size(), "six draws of a continuous range: " + dropouts);
    for (TrialResult t : r.results().trials()) {
      double d = t.params().get("model.dropout").doubleValue();
      double lr = t.params().get("model.lr").doubleValue();
      assertTrue(d >= 0 && d <= 0.5 && lr >= 1e-4 && lr <= 0.1, t.params().toString());
    }
    assertEquals(6, Results.load(store, "titanic-noise").orElseThrow().trials().size());
  }

  @Test
  void tpeInBatchesOfTwoRunsThreeBatchesMergedIntoOneRecord() throws Exception {
    RunReport r = search(SAMPLED.replace("search: {strategy: grid}",
        line("strategy: tpe, budget: 6, batch: 2, n_startup: 2")));
    assertTrue(r.succeeded(), r.summary());
    assertEquals(3, batches.size());
    assertEquals(List.of(2, 4, 6), batches.stream().map(SearchRun.Batch::configurations).toList());
    assertTrue(batches.get(2).summary().startsWith("batch 3: 2 configurations, 6/6 done; 2 trials"),
        batches.get(2).summary());
    assertEquals(6, r.plan().trials().size());
    assertEquals(6, r.results().trials().size());
    assertEquals(6, new HashSet<>(r.results().trials().stream().map(TrialResult::id).toList()).size());
    // One ingestion for all batches; later batches found the splits and encodings cached.
    assertEquals(1, r.plan().invocations().get(dev.stimulus.workflows.plan.NodeKind.INGEST));
    assertEquals(6, fakes.count("train"));
    assertEquals(r.plan().nodes().size(), r.nodes().size());
    long ran = r.count(Status.DONE);
    assertEquals(fakes.executions.size() + 1, ran, "every node ran once (ingestion included), none twice");
    // The merged report is what the run record and the index are made of.
    RunRecord record = RunRecord.of(r, Instant.parse("2025-01-01T00:00:00Z"));
    assertEquals(6, record.results().trials().size());
    assertTrue(r.results().best().isPresent());
    assertEquals(batches.get(2).best().getAsDouble(), r.results().best().get().objective().getAsDouble(), 0);
  }

  @Test
  void sameSeedSameTrialsAcrossRuns() throws Exception {
    String yaml = SAMPLED.replace("search: {strategy: grid}", line("strategy: tpe, budget: 5, batch: 2, n_startup: 2"));
    List<String> first = search(yaml).results().trials().stream().map(TrialResult::id).toList();
    List<String> second = search(yaml).results().trials().stream().map(TrialResult::id).toList();
    assertEquals(first, second);
    List<String> other = search(yaml.replace("seed: 42", "seed: 43")).results().trials().stream()
        .map(TrialResult::id).toList();
    assertFalse(first.equals(other));
  }

  @Test
  void gridThroughTheSearchRunIsTheGridPlan() throws Exception {
    RunReport r = search(Experiments.EXAMPLE);
    Plan grid = Plan.of(load(Experiments.EXAMPLE));
    assertEquals(1, batches.size());
    assertEquals(12, r.plan().trials().size());
    assertEquals(39, r.plan().nodes().size());
    assertEquals(grid.trials().stream().map(t -> t.id() + t.label()).toList(),
        r.plan().trials().stream().map(t -> t.id() + t.label()).toList());
    assertEquals(grid.nodes().stream().map(n -> n.kind() + n.label() + n.params()).toList(),
        r.plan().nodes().stream().map(n -> n.kind() + n.label() + n.params()).toList());
    assertFalse(r.results().trials().get(0).params().containsKey("replicate"));
  }

  /** A block's parameters exist only in its trials; both blocks are sampled. */
  @Test
  void conditionalParametersOfAnUnchosenBlockNeverAppear() throws Exception {
    String yaml = SAMPLED.replace("std: [0.1, 0.3]", "std: {uniform: [0.05, 0.5]}")
        .replace("search: {strategy: grid}", line("strategy: sobol, budget: 8"));
    RunReport r = search(yaml);
    Set<String> blocks = new HashSet<>();
    for (TrialResult t : r.results().trials()) {
      String block = t.params().get("transform").asText();
      blocks.add(block.startsWith("noise") ? "noise" : block);
      assertEquals(block.startsWith("noise"), t.params().containsKey("transform.GaussianNoise.std"), t.params().toString());
    }
    assertEquals(Set.of("none", "noise"), blocks);
  }

  @Test
  void replicatesDifferInSplitAndModelSeedsAndAreRecorded() throws Exception {
    RunReport r = search(SAMPLED.replace("seed: [1, 2]", "seed: 1")
        .replace("search: {strategy: grid}", line("strategy: random, budget: 3, replicates: 2")));
    assertEquals(6, r.results().trials().size());
    for (int c = 0; c < 3; c++) {
      TrialResult a = r.results().trials().get(2 * c);
      TrialResult b = r.results().trials().get(2 * c + 1);
      assertEquals(0, a.params().get("replicate").asInt());
      assertEquals(1, b.params().get("replicate").asInt());
      assertEquals(1, a.params().get("split.seed").asLong(), "replicate 0 keeps the file's seeds");
      assertEquals(42, a.params().get("model.seed").asLong());
      assertEquals(Configuration.replicateSeed(1, 1), b.params().get("split.seed").asLong());
      assertEquals(Configuration.replicateSeed(42, 1), b.params().get("model.seed").asLong());
      assertEquals(a.params().get("model.dropout"), b.params().get("model.dropout"), "same configuration");
      assertFalse(a.id().equals(b.id()));
    }
    // The seeds differ between replicates, are not the base seeds, and differ across base seeds.
    assertFalse(Configuration.replicateSeed(1, 1) == Configuration.replicateSeed(1, 2));
    assertFalse(Configuration.replicateSeed(1, 1) == Configuration.replicateSeed(42, 1));
    assertEquals(2, fakes.count("split"), "one split per replicate, shared by the configurations");

    // The report finds the replicates: one row per configuration in its replicate table.
    RunRecord record = RunRecord.of(r, Instant.parse("2025-01-01T00:00:00Z"));
    try (TrialIndex index = TrialIndex.open("jdbc:sqlite:" + dir.resolve("index.db"))) {
      index.record(record);
      List<IndexedTrial> trials = index.trials(TrialQuery.of("titanic-noise"));
      Report report = ExperimentReport.build("titanic-noise", r.results().objective(), trials, null,
          fakes.catalogue(), Map.of());
      JsonNode replicates = table(report, "replicates");
      assertEquals(3, replicates.get("rows").size(), replicates.toString());
      replicates.get("rows").forEach(row -> assertEquals(2, row.get(1).asInt()));
      JsonNode effects = table(report, "effect_vs_noise");
      assertFalse(effects.get("rows").toString().contains("\"replicate\""), "the replicate index is not a factor");
      assertNotNull(effects.get("rows").get(0).get(4), "replicate noise is estimated");
      assertTrue(effects.get("rows").get(0).get(4).isNumber(), effects.toString());
    }
  }

  static JsonNode table(Report report, String name) {
    for (JsonNode s : report.toJson().get("sections")) {
      for (JsonNode t : s.get("tables")) {
        if (t.get("name").asText().equals(name)) {
          return t;
        }
      }
    }
    throw new AssertionError("no table " + name);
  }

  @Test
  void gridReplicatesDoubleTheTrials() throws Exception {
    Experiment x = load(Experiments.EXAMPLE.replace("strategy: grid", "strategy: grid, replicates: 2"));
    assertEquals(24, x.trialCount());
    Plan p = Plan.of(x);
    assertEquals(24, p.trials().size());
    assertEquals(24, new HashSet<>(p.trials().stream().map(t -> t.id()).toList()).size());
  }

  @Test
  void aBudgetLargerThanAListedSpaceRunsTheSpace() throws Exception {
    // 2 seeds x 3 transform variants x 2 models = 12 configurations only.
    Experiment x = load(Experiments.EXAMPLE.replace("search: {strategy: grid}", line("strategy: random, budget: 20")));
    assertEquals(12, x.search().budget());
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("20 configurations asked for, but the space holds 12")),
        x.warnings().toString());
    RunReport r = search(Experiments.EXAMPLE.replace("search: {strategy: grid}", line("strategy: random, budget: 20, batch: 5")));
    assertEquals(12, r.results().trials().size());
    assertEquals(12, new HashSet<>(r.results().trials().stream().map(TrialResult::id).toList()).size());
    assertEquals(List.of(5, 10, 12), batches.stream().map(SearchRun.Batch::configurations).toList());
  }

  String fails(String yaml) {
    return assertThrows(ExperimentException.class, () -> load(yaml)).getMessage();
  }

  void assertFails(String yaml, String... parts) {
    String m = fails(yaml);
    for (String p : parts) {
      assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
    }
  }

  @Test
  void searchMistakesAreLocated() {
    String random = SAMPLED.replace("search: {strategy: grid}", line("strategy: random, budget: 4"));
    assertFails(random.replace("architecture: mlp", "architecture: {uniform: [0, 1]}"), "experiment.yaml:20:3:",
        "model.architecture: 'architecture' is a string parameter: a range {uniform: [lo, hi]} is for number parameters");
    assertFails(random.replace("{loguniform: [1.0e-4, 1.0e-1]}", "{loguniform: [0, 1.0e-1]}"),
        "model.lr.loguniform: a loguniform range needs lo > 0, found 0");
    assertFails(random.replace("{uniform: [0.0, 0.5]}", "{uniform: [0.5, 0.1]}"),
        "model.dropout.uniform: expected lo < hi, found [0.5, 0.1]");
    assertFails(random.replace("{uniform: [0.0, 0.5]}", "{uniform: [0.0, 1.5]}"), "model.dropout:", "0.9");
    assertFails(random.replace("epochs: 20", "epochs: {uniform: [1, 5]}"),
        "model.epochs: 'epochs' takes whole numbers: use {int: [lo, hi]}");
    assertFails(random.replace("epochs: 20", "epochs: {int: [1, 2.5]}"),
        "experiment.yaml:26:21: model.epochs.int[1]: expected a whole number, found the number 2.5");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: random")),
        "search: missing required key 'budget': strategy random needs the number of configurations");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: random, budget: 4, gamma: 0.3")),
        "search.gamma: unknown key 'gamma' (known for strategy random: strategy, replicates, budget, batch, pruner, prune_startup, prune_warmup)");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: tpe, budget: 4, gamma: 1.5")),
        "experiment.yaml:28:", "search.gamma:");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: tpe, budget: 4, n_startup: -2")),
        "search.n_startup:");
    assertFails(Experiments.EXAMPLE.replace("search: {strategy: grid}", line("strategy: grid, budget: 4")),
        "search.budget: unknown key 'budget' (grid runs every point of the grid in one batch");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: random, budget: 0")), "search.budget:");
    assertFails(SAMPLED.replace("search: {strategy: grid}", line("strategy: tpe, budget: 4"))
        .replace("objective: {metric: validation.roc_auc, direction: maximize}\n", ""),
        "search.strategy: strategy tpe learns from the objective");
  }
}
