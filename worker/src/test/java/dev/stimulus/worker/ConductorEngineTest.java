package dev.stimulus.worker;

import static dev.stimulus.worker.ConductorTestSupport.api;
import static dev.stimulus.worker.ConductorTestSupport.await;
import static dev.stimulus.worker.ConductorTestSupport.freshStoreConfig;
import static dev.stimulus.worker.ConductorTestSupport.lastTask;
import static dev.stimulus.worker.ConductorTestSupport.open;
import static dev.stimulus.worker.ConductorTestSupport.plan;
import static dev.stimulus.worker.ConductorTestSupport.summary;
import static dev.stimulus.worker.ConductorTestSupport.tasks;
import static dev.stimulus.worker.ConductorTestSupport.workers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.ConductorRunner;
import dev.stimulus.workflows.conductor.Definitions;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.ProgressEvent;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Conductor engine against a real conductor-oss server (SQLite, loopback) and a real S3 server
 * (S3Proxy), with workers in this process: sweeps, the UI's trial, reruns, domains, overlap.
 */
class ConductorEngineTest {

  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir static Path dir;

  @BeforeAll
  static void register() throws Exception {
    api().register(Definitions.load());
  }

  @Test
  void sweepGivesTheLocalEnginesModelsAndIsCachedTheSecondTime() throws Exception {
    Plan plan = plan(dir, "sweep-vs-local", 3);
    Map<String, Digest> local = new TreeMap<>();
    try (ArtifactStore store = open(freshStoreConfig())) {
      RunReport r = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(2)).run(plan, null);
      assertTrue(r.succeeded(), r.summary());
      r.results().trials().forEach(t -> local.put(t.id(), t.model()));
    }
    ConductorApi api = api();
    try (ArtifactStore store = open(freshStoreConfig()); Workers w = workers(store, List.of("all"), null, "cpu", dir)) {
      List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
      ConductorRunner runner = new ConductorRunner(api, store, ConductorRunner.Options.defaults());
      RunReport first = runner.run(plan, events::add);
      assertTrue(first.succeeded(), first.summary());
      assertEquals(plan.nodes().size() - 1, first.count(Status.DONE), first.summary());
      Map<String, Digest> remote = new TreeMap<>();
      first.results().trials().forEach(t -> remote.put(t.id(), t.model()));
      assertEquals(local, remote, "the same trials must train byte-identical models on both engines");
      for (TrialResult t : first.results().trials()) {
        assertTrue(t.ok(), t.message());
        assertTrue(t.metrics().path("validation").has("accuracy"));
      }
      assertEquals(plan.nodes().size(), events.stream().filter(e -> e.status().succeeded()).count(),
          "one terminal progress event per node");

      RunReport second = new ConductorRunner(api, store, ConductorRunner.Options.defaults()).run(plan, null);
      assertEquals(plan.nodes().size(), second.count(Status.CACHED), second.summary());
      JsonNode report = lastTask(api.workflow(runner.workflowId()), "report").path("outputData");
      assertEquals(2, report.path("complete").asInt(), report.toString());
      assertEquals(2, report.path("trials").asInt(), report.toString());
    }
  }

  @Test
  void trialFromTheInputTemplateRunsAndRerunsRecomputeOnlyDownstreamOfTheChangedTransform() throws Exception {
    ConductorApi api = api();
    JsonNode definition = api.send("GET", "/api/metadata/workflow/" + Definitions.TRIAL + "?version=1", null);
    assertFalse(definition.path("description").asText().isBlank());
    ObjectNode input = definition.path("inputTemplate").deepCopy();
    assertEquals(Set.copyOf(List.of("dataset", "seed", "split", "transforms", "encode", "train", "evaluate")),
        fieldNames(input), "the template holds every input the definition declares");
    // What a user does in the UI: point the template at their data and edit values.
    input.put("dataset", "titanic_small.csv");
    ((ObjectNode) input.path("train").path("params")).put("epochs", 2);
    ArrayNode columns = (ArrayNode) input.path("encode").path("params").path("columns");
    for (int i = columns.size() - 1; i >= 0; i--) {
      if (!List.of("survived", "sex", "age", "fare").contains(columns.get(i).path("name").asText())) {
        columns.remove(i);
      }
    }
    plan(dir, "unused", 1); // writes the CSV into the data root
    try (ArtifactStore store = open(freshStoreConfig()); Workers w = workers(store, List.of("all"), null, "cpu", dir)) {
      JsonNode first = await(api, startTrial(api, input), LIMIT);
      assertEquals("COMPLETED", first.path("status").asText(), summary(first));
      for (String ref : List.of("ingest", "split", "transform", "encode", "train", "evaluate")) {
        JsonNode out = lastTask(first, ref).path("outputData");
        assertFalse(out.path("cacheHit").asBoolean(true), ref + " ran the first time: " + out);
        assertTrue(Digest.looksLikeDigest(out.path("actionKey").asText()), out.toString());
        assertTrue(out.path("outputs").size() >= 1, out.toString());
        out.path("outputs").forEach(d -> assertTrue(Digest.looksLikeDigest(d.asText()), out.toString()));
      }
      Digest metrics = Digest.parse(first.path("output").path("metrics").asText());
      assertTrue(store.has(metrics));

      // A new run with one transform parameter changed: everything above it is a cache hit.
      ObjectNode changed = input.deepCopy();
      ((ObjectNode) changed.path("transforms").get(0).path("params")).put("std", 0.3);
      JsonNode second = await(api, startTrial(api, changed), LIMIT);
      assertEquals("COMPLETED", second.path("status").asText(), summary(second));
      assertHits(second, Map.of("ingest", true, "split", true, "transform", false, "encode", false,
          "train", false, "evaluate", false));
      assertEquals(lastTask(first, "split").path("outputData").path("actionKey"),
          lastTask(second, "split").path("outputData").path("actionKey"));

      // The same inputs again: nothing runs.
      JsonNode third = await(api, startTrial(api, changed), LIMIT);
      assertHits(third, Map.of("ingest", true, "split", true, "transform", true, "encode", true,
          "train", true, "evaluate", true));

      // Conductor's own rerun-from-task with a new task input on the first workflow.
      String id = first.path("workflowId").asText();
      JsonNode transform = lastTask(first, "transform");
      ObjectNode taskInput = transform.path("inputData").deepCopy();
      ((ObjectNode) taskInput.path("steps").get(0).path("params")).put("std", 0.2);
      api.rerunFromTask(id, transform.path("taskId").asText(), taskInput);
      JsonNode rerun = await(api, id, LIMIT);
      assertEquals("COMPLETED", rerun.path("status").asText(), summary(rerun));
      JsonNode rerunTransform = lastTask(rerun, "transform");
      assertEquals(0.2, rerunTransform.path("inputData").path("steps").get(0).path("params").path("std").asDouble());
      assertHits(rerun, Map.of("transform", false, "encode", false, "train", false, "evaluate", false));
      assertNotEquals(transform.path("outputData").path("outputs").path("table"),
          rerunTransform.path("outputData").path("outputs").path("table"));
      assertEquals(lastTask(first, "split").path("outputData").path("outputs").path("table"),
          rerunTransform.path("inputData").path("inputs").path("table"), "the rerun starts from the split's table");
    }
  }

  @Test
  void trainTasksGoOnlyToTheWorkerOfTheirDomain() throws Exception {
    Plan plan = plan(dir, "domains", 2);
    ConductorApi api = api();
    try (ArtifactStore store = open(freshStoreConfig());
        Workers cpu = workers(store, List.of("all"), null, "cpu-worker", dir);
        Workers gpu = workers(store, List.of("train"), "gpu", "gpu-worker", dir)) {
      ConductorRunner runner = new ConductorRunner(api, store, new ConductorRunner.Options("gpu", Duration.ofMillis(200)));
      RunReport r = runner.run(plan, null);
      assertTrue(r.succeeded(), r.summary());
      JsonNode wf = api.workflow(runner.workflowId());
      int trains = 0;
      for (JsonNode t : wf.path("tasks")) {
        String type = t.path("taskType").asText();
        if (!type.startsWith("stimulus_") || !t.path("status").asText().equals("COMPLETED")) {
          continue;
        }
        if (type.equals("stimulus_train")) {
          trains++;
          assertEquals("gpu-worker", t.path("workerId").asText(), t.toString());
          assertEquals("gpu", t.path("domain").asText(), t.toString());
        } else {
          assertEquals("cpu-worker", t.path("workerId").asText(), type);
        }
      }
      assertEquals(2, trains);
    }
  }

  @Test
  void twoOverlappingSweepsComputeEachInvocationOnce() throws Exception {
    Plan plan = plan(dir, "overlap", 2);
    ConductorApi api = api();
    try (ArtifactStore store = open(freshStoreConfig());
        Workers a = workers(store, List.of("all"), null, "worker-a", dir);
        Workers b = workers(store, List.of("all"), null, "worker-b", dir)) {
      ConductorRunner one = new ConductorRunner(api, store, ConductorRunner.Options.defaults());
      ConductorRunner two = new ConductorRunner(api, store, ConductorRunner.Options.defaults());
      CompletableFuture<RunReport> f1 = CompletableFuture.supplyAsync(() -> one.run(plan, null));
      CompletableFuture<RunReport> f2 = CompletableFuture.supplyAsync(() -> two.run(plan, null));
      RunReport r1 = f1.get();
      RunReport r2 = f2.get();
      assertTrue(r1.succeeded(), r1.summary());
      assertTrue(r2.succeeded(), r2.summary());

      // Which task computed each action, from the task outputs of both workflows ...
      Set<String> computedBy = new HashSet<>();
      int executions = 0;
      for (String id : List.of(one.workflowId(), two.workflowId())) {
        for (JsonNode t : tasks(api.workflow(id), "")) {
          JsonNode out = t.path("outputData");
          if (!t.path("status").asText().equals("COMPLETED") || !out.has("actionKey") || out.path("stage").asText().equals("ingest")) {
            continue;
          }
          JsonNode steps = out.has("steps") ? out.path("steps") : List.of(out).stream().collect(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::arrayNode, ArrayNode::add, ArrayNode::addAll);
          for (JsonNode s : steps) {
            if (!s.path("cacheHit").asBoolean()) {
              executions++;
              computedBy.add(t.path("taskId").asText());
            }
          }
        }
      }
      int distinct = plan.nodes().size() - 1;
      assertEquals(distinct, executions, "each distinct invocation computed once across both sweeps");
      // ... and from the store's records: one per invocation, each naming one of those tasks.
      for (NodeResult n : r1.nodes()) {
        if (n.node().kind() == NodeKind.INGEST) {
          continue;
        }
        ActionRecord record = store.lookup(n.key()).orElseThrow();
        assertEquals("conductor", record.execution().path("engine").asText());
        assertTrue(computedBy.contains(record.execution().path("taskId").asText()), record.execution().toString());
      }
      assertEquals(models(r1), models(r2));
    }
  }

  private static Map<String, Digest> models(RunReport r) {
    Map<String, Digest> m = new TreeMap<>();
    r.results().trials().forEach(t -> m.put(t.id(), t.model()));
    return m;
  }

  private static String startTrial(ConductorApi api, JsonNode input) {
    // The UI's "run workflow" call: POST /api/workflow/{name} with the input as the body.
    return api.send("POST", "/api/workflow/" + Definitions.TRIAL, input).asText();
  }

  private static void assertHits(JsonNode wf, Map<String, Boolean> expected) {
    expected.forEach((ref, hit) -> assertEquals(hit, lastTask(wf, ref).path("outputData").path("cacheHit").asBoolean(),
        ref + " cacheHit in " + summary(wf)));
  }

  private static Set<String> fieldNames(JsonNode o) {
    Set<String> s = new HashSet<>();
    o.fieldNames().forEachRemaining(s::add);
    return s;
  }
}
