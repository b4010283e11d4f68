package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.StageException;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.index.IndexedTrial;
import dev.stimulus.workflows.index.RunRecord;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.index.TrialQuery;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trial index's behaviour, run against every database it supports (one subclass each): real runs
 * of the executor over test-double stages, recorded as run records and indexed.
 */
abstract class TrialIndexContract {

  /** 2 split seeds x (none + noise std 0.1, 0.3, 6) x 2 models = 16 trials; std 6 fails in the fake noise stage. */
  static final String YAML = Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.1, 0.3, 6]");

  @TempDir Path dir;
  final Fakes fakes = new Fakes();
  final ArtifactStore store = Stores.memory();
  final ExecutorOptions options = ExecutorOptions.defaults().withThreads(2)
      .withLeases(Duration.ofMinutes(5), Duration.ofMillis(20));

  /** A JDBC URL of a fresh, empty database. */
  abstract String newUrl() throws Exception;

  @AfterEach
  void closeStore() {
    store.close();
  }

  RunRecord run(String yaml, TrialIndex index) throws Exception {
    Plan plan = Plan.of(Experiment.load(Experiments.write(dir, yaml), fakes.catalogue()));
    Instant started = Instant.now();
    RunReport report = new LocalExecutor(store, options).run(plan, ProgressListener.NONE);
    RunRecord record = RunRecord.of(report, started);
    record.save(store);
    index.record(record);
    Thread.sleep(2); // run ids order by their start millisecond
    return record;
  }

  static Map<String, Long> byStatus(List<IndexedTrial> trials) {
    return trials.stream().collect(Collectors.groupingBy(IndexedTrial::status, Collectors.counting()));
  }

  @Test
  void holdsCompletedFailedAndCachedTrialsWithParametersMetricsAndCost() throws Exception {
    try (TrialIndex index = TrialIndex.open(newUrl())) {
      RunRecord first = run(YAML, index);
      List<IndexedTrial> trials = index.trials(TrialQuery.of("titanic-noise"));
      assertEquals(16, trials.size());
      assertEquals(Map.of("ok", 12L, "failed", 4L), byStatus(trials));
      for (IndexedTrial t : trials) {
        TrialResult r = first.results().trials().get(t.index());
        assertEquals(r.id(), t.trialId());
        assertEquals(CanonicalJson.write(r.params()), CanonicalJson.write(t.params()));
        assertEquals(first.runId(), t.runId());
        assertEquals(6, t.nodes(), "ingest, split, transform, encode, train, evaluate");
        if (t.completed()) {
          assertEquals(r.objective().getAsDouble(), t.objective());
          assertEquals(r.metrics().get("validation").get("roc_auc").doubleValue(), t.metric("validation.roc_auc"));
          assertEquals(r.model().hex(), t.model());
          assertEquals(r.keys().get("train").hex(), t.keys().get("train"));
          assertTrue(t.ran().contains("train") && t.ran().contains("evaluate"), t.ran());
        } else {
          assertNull(t.objective());
          assertNull(t.model());
          assertTrue(t.message().contains("std too large"), t.message());
          assertEquals(6.0, t.params().get("transform.GaussianNoise.std").doubleValue());
        }
      }

      RunRecord second = run(YAML, index);
      assertNotEquals(first.runId(), second.runId());
      List<IndexedTrial> latest = index.trials(TrialQuery.of("titanic-noise"));
      assertEquals(Map.of("cached", 12L, "failed", 4L), byStatus(latest), "a rerun is all cache hits");
      latest.forEach(t -> assertEquals(second.runId(), t.runId()));
      latest.stream().filter(IndexedTrial::completed).forEach(t -> {
        assertEquals("", t.ran());
        assertEquals(t.nodes(), t.nodesCached());
      });
      List<IndexedTrial> history = index.trials(TrialQuery.of("titanic-noise").withHistory());
      assertEquals(32, history.size());
      assertEquals(Map.of("ok", 12L, "cached", 12L, "failed", 8L), byStatus(history));
      assertEquals(List.of("titanic-noise"), index.experiments().stream().map(e -> e.name()).toList());
      assertEquals(second.runId(), index.experiments().get(0).lastRun());
      assertEquals("validation.roc_auc", index.experiments().get(0).objective().metric());
    }
  }

  @Test
  void conditionsSelectByMetricParameterStatusAndObjective() throws Exception {
    try (TrialIndex index = TrialIndex.open(newUrl())) {
      RunRecord run = run(YAML, index);
      List<TrialResult> all = run.results().trials();
      TrialQuery q = TrialQuery.of("titanic-noise");

      assertEquals(4, index.trials(q.where("status=failed")).size());
      assertEquals(4, index.trials(q.where("transform.GaussianNoise.std = 0.3")).size());
      assertEquals(8, index.trials(q.where("transform.GaussianNoise.std>=0.3")).size());
      assertEquals(4, index.trials(q.where("transform=none")).size());
      assertEquals(8, index.trials(q.where("model.hidden='[32]'")).size());
      long high = all.stream().filter(t -> t.objective().isPresent() && t.objective().getAsDouble() > 0.5).count();
      assertEquals(high, index.trials(q.where("validation.roc_auc>0.5")).size());
      assertEquals(high, index.trials(q.where("objective > 0.5")).size());
      long testHigh = all.stream().filter(t -> t.metrics() != null
          && t.metrics().get("test").get("roc_auc").doubleValue() <= 0.5).count();
      assertEquals(testHigh, index.trials(q.where("test.roc_auc<=0.5")).size());
      assertEquals(0, index.trials(q.where("status=ok").where("status=failed")).size(), "conditions combine with AND");
      assertEquals(0, index.trials(TrialQuery.of("no-such-experiment")).size());
      assertEquals(16, index.trials(TrialQuery.all()).size());
    }
  }

  @Test
  void malformedConditionsAreRejectedWithTheExpectedForm() {
    StageException e = assertThrows(StageException.class, () -> TrialQuery.Condition.parse("roc_auc"));
    assertTrue(e.getMessage().contains("expected NAME OP VALUE"), e.getMessage());
    e = assertThrows(StageException.class, () -> TrialQuery.Condition.parse("status>failed"));
    assertTrue(e.getMessage().contains("only = and !="), e.getMessage());
    assertThrows(StageException.class, () -> TrialQuery.Condition.parse("a=="));
  }

  @Test
  void reindexFromTheStoreReproducesTheIndexExactly() throws Exception {
    String original = newUrl();
    List<String> dump;
    try (TrialIndex index = TrialIndex.open(original)) {
      run(YAML, index);
      run(YAML, index);
      run(YAML.replace("name: titanic-noise", "name: other").replace("std: [0.1, 0.3, 6]", "std: 0.2"), index);
      dump = index.dump();
      assertTrue(dump.stream().anyMatch(l -> l.startsWith("trial_metrics\t")), "metrics rows present");
      assertTrue(dump.stream().anyMatch(l -> l.startsWith("trial_params\t") && l.contains("name=transform.GaussianNoise.std")
          && l.contains("value_num=0.3")), "long-format params hold numbers");
      assertEquals(32 + 8, dump.stream().filter(l -> l.startsWith("trials\t")).count());
    }
    try (TrialIndex rebuilt = TrialIndex.open(newUrl())) {
      assertEquals(3, rebuilt.rebuild(store));
      assertEquals(dump, rebuilt.dump());
    }
    try (TrialIndex same = TrialIndex.open(original)) {
      assertEquals(3, same.rebuild(store));
      assertEquals(dump, same.dump(), "rebuilding over existing rows leaves exactly the store's rows");
    }
  }

  @Test
  void recordingARunAgainReplacesItsRowsAndReopeningKeepsTheSchema() throws Exception {
    String url = newUrl();
    List<String> dump;
    RunRecord record;
    try (TrialIndex index = TrialIndex.open(url)) {
      record = run(YAML, index);
      dump = index.dump();
      index.record(record);
      assertEquals(dump, index.dump());
    }
    try (TrialIndex again = TrialIndex.open(url)) {
      assertEquals(dump, again.dump(), "migrations already applied are not rerun");
      IndexedTrial t = again.trials(TrialQuery.of("titanic-noise")).get(0);
      assertNotNull(t.startedAt());
    }
  }
}
