package dev.stimulus.worker;

import static dev.stimulus.worker.ConductorTestSupport.CATALOGUE;
import static dev.stimulus.worker.ConductorTestSupport.api;
import static dev.stimulus.worker.ConductorTestSupport.await;
import static dev.stimulus.worker.ConductorTestSupport.freshStoreConfig;
import static dev.stimulus.worker.ConductorTestSupport.open;
import static dev.stimulus.worker.ConductorTestSupport.summary;
import static dev.stimulus.worker.ConductorTestSupport.workers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreConfig;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.ConductorRunner;
import dev.stimulus.workflows.conductor.Definitions;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed with SIGKILL in the middle of a train task: Conductor times the task out
 * (short response timeout registered for this test), retries it on another worker once the dead
 * worker's store lease lapses, and the sweep completes with one complete record per invocation.
 */
class WorkerCrashTest {

  @TempDir Path dir;

  @Test
  void aTrainWorkerKilledMidTaskIsReplacedAndTheSweepCompletes() throws Exception {
    ConductorApi api = api();
    api.register(Definitions.load().withResponseTimeout(Map.of("stimulus_train", 6)));
    Files.copy(Path.of("../examples/titanic/titanic_stimulus.csv"), dir.resolve("titanic.csv"));
    Files.writeString(dir.resolve("long.yaml"), SmallExperiments.header("crash", 11, "titanic.csv") + """
        split:
          - {name: RandomSplit, ratios: [0.7, 0.15, 0.15]}
        model: {architecture: mlp, hidden: [64, 32], lr: 0.01, batch_size: 8, epochs: 150}
        """);
    Plan plan = Plan.of(Experiment.load(dir.resolve("long.yaml"), CATALOGUE));
    int trainNode = plan.trials().get(0).trainNode();
    StoreConfig config = freshStoreConfig();
    Process doomed = null;
    try (ArtifactStore store = open(config);
        Workers others = workers(store, List.of("ingest", "split", "transform", "encode", "evaluate", "report"), null,
            "cpu", dir)) {
      doomed = startWorkerProcess(config, "doomed");
      ConductorRunner runner = new ConductorRunner(api, store, ConductorRunner.Options.defaults());
      String id = runner.launch(plan);

      // Kill it once it holds the train action's lease, i.e. while it trains.
      LocalExecutor estimator = new LocalExecutor(store, ExecutorOptions.defaults());
      Digest trainKey = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (trainKey == null || store.currentLease(trainKey).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the train worker never started: " + summary(api.workflow(id)));
        assertTrue(doomed.isAlive(), "the worker process died by itself");
        trainKey = estimator.estimate(plan).keys().get(trainNode);
        Thread.sleep(100);
      }
      String holder = store.currentLease(trainKey).orElseThrow().owner();
      assertTrue(holder.contains("/" + doomed.pid() + "/"), "the worker process holds the lease: " + holder);
      new ProcessBuilder("kill", "-9", Long.toString(doomed.pid())).start().waitFor();
      doomed.waitFor();
      assertTrue(store.lookup(trainKey).isEmpty(), "killed before it could commit");

      try (Workers survivor = workers(store, List.of("train"), null, "survivor", dir)) {
        JsonNode wf = await(api, id, Duration.ofMinutes(3));
        assertEquals("COMPLETED", wf.path("status").asText(), summary(wf));
        List<JsonNode> trains = new ArrayList<>();
        wf.path("tasks").forEach(t -> {
          if (t.path("taskType").asText().equals("stimulus_train")) {
            trains.add(t);
          }
        });
        assertTrue(trains.size() >= 2, "the killed attempt and its retry: " + summary(wf));
        assertEquals("TIMED_OUT", trains.get(0).path("status").asText(), summary(wf));
        assertEquals("doomed", trains.get(0).path("workerId").asText());
        JsonNode last = trains.get(trains.size() - 1);
        assertEquals("COMPLETED", last.path("status").asText());
        assertEquals("survivor", last.path("workerId").asText());
        assertFalse(last.path("outputData").path("cacheHit").asBoolean(true));
        assertEquals(trainKey.hex(), last.path("outputData").path("actionKey").asText());

        // One complete record per invocation, the train one written by the survivor; no lease left.
        ActionRecord record = store.lookup(trainKey).orElseThrow();
        assertEquals("survivor", record.execution().path("worker").asText());
        assertTrue(store.currentLease(trainKey).isEmpty());
        var estimate = estimator.estimate(plan);
        assertEquals(plan.nodes().size(), estimate.cached(), estimate.summary());
      }
    } finally {
      if (doomed != null && doomed.isAlive()) {
        doomed.destroyForcibly();
      }
      api.register(Definitions.load());
    }
  }

  private static Process startWorkerProcess(StoreConfig config, String id) throws Exception {
    String cp = Path.of("target/classes").toAbsolutePath() + java.io.File.pathSeparator
        + Files.readString(Path.of(System.getProperty("stimulus.worker.classpath", "target/worker-classpath.txt"))).strip();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", cp, WorkerMain.class.getName());
    pb.environment().putAll(Map.of(
        "STIMULUS_CONDUCTOR", ConductorServer.get().url.toString(),
        "STIMULUS_S3_ENDPOINT", config.endpoint().toString(),
        "STIMULUS_BUCKET", config.bucket(),
        "STIMULUS_PREFIX", config.prefix(),
        "STIMULUS_STAGES", "train",
        "STIMULUS_WORKER_ID", id,
        "STIMULUS_LEASE_SECONDS", "4",
        "AWS_ACCESS_KEY_ID", config.accessKey(),
        "AWS_SECRET_ACCESS_KEY", config.secretKey(),
        "AWS_REGION", "us-east-1"));
    pb.redirectErrorStream(true).redirectOutput(Files.createTempFile("stimulus-worker-", ".log").toFile());
    return pb.start();
  }
}
