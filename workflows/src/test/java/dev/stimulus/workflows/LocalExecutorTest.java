package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionKey;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Stores;
import dev.stimulus.workflows.exec.CacheEstimate;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.ProgressEvent;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.Trial;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {

  @TempDir Path dir;
  final Fakes fakes = new Fakes();
  final ArtifactStore store = Stores.memory();
  final ExecutorOptions options = ExecutorOptions.defaults().withThreads(4)
      .withLeases(Duration.ofMinutes(5), Duration.ofMillis(20));

  @AfterEach
  void close() {
    store.close();
  }

  Plan plan(String yaml) throws Exception {
    return Plan.of(Experiment.load(Experiments.write(dir, yaml), fakes.catalogue()));
  }

  RunReport run(Plan plan) {
    return new LocalExecutor(store, options).run(plan, ProgressListener.NONE);
  }

  static Set<Integer> withStatus(RunReport r, Status s) {
    return r.nodes().stream().filter(n -> n.status() == s).map(n -> n.node().index())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void firstRunComputesEverythingSecondRunReusesEverything() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    RunReport first = run(p);
    assertTrue(first.succeeded(), first.summary());
    assertEquals(2 + 6 + 6 + 12 + 12, fakes.executions.size());
    assertEquals(38, first.count(Status.DONE) - 1); // the ingestion also counts as done
    fakes.executions.clear();

    RunReport second = new LocalExecutor(store, options).run(plan(Experiments.EXAMPLE), ProgressListener.NONE);
    assertEquals(0, fakes.executions.size(), "no stage may run again: " + fakes.executions);
    assertEquals(39, second.count(Status.CACHED));
    for (int i = 0; i < p.nodes().size(); i++) {
      assertEquals(first.nodes().get(i).outputs(), second.nodes().get(i).outputs());
    }
  }

  @Test
  void changingOneTransformValueRunsExactlyThatTransformAndWhatDependsOnIt() throws Exception {
    run(plan(Experiments.EXAMPLE));
    fakes.executions.clear();
    Plan changed = plan(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.1, 0.5]"));
    RunReport r = run(changed);
    assertTrue(r.succeeded(), r.summary());

    Set<Integer> expected = new TreeSet<>();
    for (Trial t : changed.trials()) {
      if (t.transform().label().equals("noise[std=0.5]")) {
        expected.addAll(t.transformNodes());
        expected.add(t.encodeNode());
        expected.add(t.trainNode());
        expected.add(t.evaluateNode());
      }
    }
    assertEquals(2 + 2 + 4 + 4, expected.size());
    Set<Integer> ran = withStatus(r, Status.DONE);
    assertEquals(expected, ran);
    // The stages really ran that often, and nothing else ran.
    assertEquals(12, fakes.executions.size());
    assertEquals(2, fakes.count("transform"));
    assertEquals(2, fakes.count("encode"));
    assertEquals(4, fakes.count("train"));
    assertEquals(4, fakes.count("evaluate"));
    assertTrue(fakes.executions.stream().filter(e -> e.kind().equals("transform"))
        .allMatch(e -> e.params().contains("\"std\":0.5")));
  }

  @Test
  void byteIdenticalOutputCutsOffEverythingDownstream() throws Exception {
    run(plan(Experiments.EXAMPLE));
    fakes.executions.clear();
    // The fake noise rounds std to one decimal: 0.12 writes the same bytes as 0.1.
    Plan changed = plan(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.12, 0.3]"));
    RunReport r = run(changed);
    assertEquals(2, fakes.executions.size(), "only the two changed transforms run: " + fakes.executions);
    assertEquals(2, fakes.count("transform"));
    Set<Integer> changedTransforms = new TreeSet<>();
    changed.trials().stream().filter(t -> t.transform().label().equals("noise[std=0.12]"))
        .forEach(t -> changedTransforms.addAll(t.transformNodes()));
    assertEquals(changedTransforms, withStatus(r, Status.DONE));
    changed.trials().stream().filter(t -> t.transform().label().equals("noise[std=0.12]"))
        .forEach(t -> assertEquals(Status.CACHED, r.nodes().get(t.encodeNode()).status()));
  }

  @Test
  void aFailureFailsItsNodeAndBlocksOnlyItsDependents() throws Exception {
    Plan p = plan(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.1, 7]"));
    RunReport r = run(p);
    assertEquals(2, r.failures().size());
    r.failures().forEach(f -> {
      assertEquals(NodeKind.TRANSFORM, f.node().kind());
      assertEquals("std too large for this data: 7.0", f.message());
    });
    assertEquals(2 + 4 + 4, r.count(Status.BLOCKED));
    assertEquals(39 - 2 - 10, r.count(Status.DONE));
    assertTrue(r.summary().contains("2 failed, 10 blocked"), r.summary());
    assertTrue(r.summary().contains("failed: transform noise[std=7]: std too large for this data: 7.0"), r.summary());

    List<TrialResult> trials = r.results().trials();
    assertEquals(8, trials.stream().filter(TrialResult::ok).count());
    TrialResult bad = trials.stream().filter(t -> t.label().contains("std=7")).findFirst().orElseThrow();
    assertEquals("failed", bad.status());
    assertTrue(bad.message().contains("std too large"), bad.message());
    assertTrue(r.results().best().orElseThrow().ok());
  }

  @Test
  void anUnexpectedExceptionIsIsolatedToo() throws Exception {
    RunReport r = run(plan(Experiments.EXAMPLE.replace("  - {label: none}\n",
        "  - {label: none}\n  - {label: crash, steps: [{name: Crash}]}\n")));
    assertEquals(2, r.failures().size());
    assertTrue(r.failures().get(0).message().startsWith("internal error in transform Crash: java.lang.IllegalStateException: boom"),
        r.failures().get(0).message());
    assertEquals(12, r.results().trials().stream().filter(TrialResult::ok).count());
  }

  @Test
  void trainingRunsOneAtATime() throws Exception {
    fakes.trainMillis = 25;
    RunReport r = run(plan(Experiments.EXAMPLE));
    assertTrue(r.succeeded(), r.summary());
    assertEquals(12, fakes.count("train"));
    assertEquals(1, fakes.maxActiveTrains.get());
  }

  @Test
  void stagesGetTheSeedOfTheirActionKeyAndRecordsCarryAnExecutionBlock() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    RunReport r = run(p);
    NodeResult train = r.nodes().get(p.trials().get(0).trainNode());
    ActionRecord record = store.lookup(train.key()).orElseThrow();
    assertEquals("train", record.stage());
    assertEquals("djl", record.impl());
    assertEquals(train.outputs(), record.outputs());
    ObjectNode e = record.execution();
    assertEquals("local", e.get("engine").asText());
    assertEquals(System.getProperty("java.version"), e.get("java").asText());
    assertEquals("cpu", e.get("notes").get("device").asText());
    assertTrue(e.has("host") && e.has("startedAt") && e.has("durationMillis"), e.toString());
    Set<Long> seeds = new HashSet<>();
    fakes.executions.forEach(x -> seeds.add(x.seed()));
    assertTrue(seeds.contains(ActionKey.seedOf(train.key())));
    // The key is the one a recomputation from the record's own fields gives.
    var inputs = new java.util.TreeMap<String, Digest>();
    record.inputs().forEach((k, v) -> inputs.put(k, v.digest()));
    assertEquals(train.key(), ActionKey.of("train", "djl", 1, record.params(), inputs));
  }

  @Test
  void progressEventsCountPerKind() throws Exception {
    List<ProgressEvent> events = new ArrayList<>();
    Plan p = plan(Experiments.EXAMPLE);
    new LocalExecutor(store, options).run(p, events::add);
    List<ProgressEvent> trains = events.stream().filter(e -> e.kind() == NodeKind.TRAIN).toList();
    assertEquals(12, trains.stream().filter(e -> e.status() == Status.STARTED).count());
    assertEquals(12, trains.stream().filter(e -> e.status() == Status.DONE).count());
    List<Integer> done = trains.stream().filter(e -> e.status() == Status.DONE).map(ProgressEvent::done).toList();
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), done);
    assertTrue(trains.stream().allMatch(e -> e.total() == 12));

    events.clear();
    new LocalExecutor(store, options).run(p, events::add);
    assertTrue(events.stream().noneMatch(e -> e.status() == Status.STARTED));
    assertEquals(39, events.stream().filter(e -> e.status() == Status.CACHED).count());
  }

  @Test
  void estimateCountsCachedToRunAndUnknown() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    LocalExecutor x = new LocalExecutor(store, options);
    CacheEstimate before = x.estimate(p);
    assertEquals(new CacheEstimate.Counts(0, 1, 0), before.counts().get(NodeKind.INGEST));
    assertEquals(new CacheEstimate.Counts(0, 2, 0), before.counts().get(NodeKind.SPLIT));
    assertEquals(new CacheEstimate.Counts(0, 0, 6), before.counts().get(NodeKind.TRANSFORM));
    assertEquals(new CacheEstimate.Counts(0, 0, 12), before.counts().get(NodeKind.EVALUATE));
    assertEquals(0, before.trialsComplete());
    assertEquals(0, fakes.executions.size());

    RunReport r = x.run(p, ProgressListener.NONE);
    CacheEstimate after = x.estimate(p);
    assertEquals(39, after.cached());
    assertEquals(12, after.trialsComplete());
    for (NodeResult n : r.nodes()) {
      if (n.node().kind() != NodeKind.INGEST) { // the store keys ingestion itself
        assertEquals(n.key(), after.keys().get(n.node().index()), "node " + n.node().index());
      }
    }

    // After changing one value: the changed transforms are to run, what is below them unknown.
    CacheEstimate changed = x.estimate(plan(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.1, 0.5]")));
    assertEquals(new CacheEstimate.Counts(4, 2, 0), changed.counts().get(NodeKind.TRANSFORM));
    assertEquals(new CacheEstimate.Counts(4, 0, 2), changed.counts().get(NodeKind.ENCODE));
    assertEquals(new CacheEstimate.Counts(8, 0, 4), changed.counts().get(NodeKind.EVALUATE));
    assertEquals(8, changed.trialsComplete());
    assertTrue(changed.summary().contains("transform 4/6 cached, 2 to run"), changed.summary());
  }

  @Test
  void waitsForAnotherRunsLeaseAndTakesOverWhenItExpires() throws Exception {
    Plan p = plan(Experiments.EXAMPLE.replace("seed: [1, 2]", "seed: 1"));
    LocalExecutor x = new LocalExecutor(store, options);
    Digest splitKey = x.estimate(p).keys().get(p.trials().get(0).splitNode());
    store.claim(splitKey, "another-run", Duration.ofMillis(300)).orElseThrow();
    List<ProgressEvent> events = new ArrayList<>();
    long t0 = System.nanoTime();
    RunReport r = x.run(p, events::add);
    assertTrue(r.succeeded(), r.summary());
    assertTrue(System.nanoTime() - t0 >= 250_000_000L, "waited for the lease");
    ProgressEvent waiting = events.stream().filter(e -> e.status() == Status.WAITING).findFirst().orElseThrow();
    assertEquals(NodeKind.SPLIT, waiting.kind());
    assertTrue(waiting.message().contains("held by another-run"), waiting.message());
    assertEquals(1, fakes.count("split"));
  }

  @Test
  void resultsNameTheBestTrialAndAreRecordedAsARef() throws Exception {
    Plan p = plan(Experiments.EXAMPLE);
    RunReport r = run(p);
    Results results = r.results();
    assertEquals(12, results.trials().size());
    // The best trial, found independently from the stored metrics of every trial.
    TrialResult expected = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (TrialResult t : results.trials()) {
      double v = dev.stimulus.core.CanonicalJson.MAPPER.readTree(store.get(t.metricsDigest()))
          .get("validation").get("roc_auc").asDouble();
      if (v > bestValue) {
        bestValue = v;
        expected = t;
      }
    }
    assertEquals(expected.id(), results.best().orElseThrow().id());
    assertEquals(bestValue, results.best().orElseThrow().objective().getAsDouble());
    TrialResult best = results.best().orElseThrow();
    assertEquals(r.nodes().get(p.trials().get(best.index()).trainNode()).outputs().get("model").digest(), best.model());
    assertEquals(List.of("ingest", "split", "transform", "encode", "train", "evaluate"), List.copyOf(best.keys().keySet()));

    Results loaded = Results.load(store, "titanic-noise").orElseThrow();
    assertEquals(dev.stimulus.core.CanonicalJson.write(results.toJson()),
        dev.stimulus.core.CanonicalJson.write(loaded.toJson()));
    assertEquals(best.id(), store.getRef("experiments", "titanic-noise").orElseThrow().get("best").get("id").asText());
    assertEquals(best.id(), loaded.trial(best.id().substring(0, 6)).orElseThrow().id());
  }
}
