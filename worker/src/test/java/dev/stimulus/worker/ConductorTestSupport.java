package dev.stimulus.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.EmbeddedS3;
import dev.stimulus.core.Stores;
import dev.stimulus.core.testing.TestStores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.StageTasks;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Shared pieces of the Conductor integration tests: the server, stores, workers, experiments. */
final class ConductorTestSupport {

  static final Catalogue CATALOGUE = Catalogue.load();
  private static final AtomicLong PREFIXES = new AtomicLong();

  private ConductorTestSupport() {}

  static ConductorApi api() throws Exception {
    return new ConductorApi(ConductorServer.get().url);
  }

  /** A store config on the JVM's shared S3 server with a prefix of its own: an empty store. */
  static dev.stimulus.core.StoreConfig freshStoreConfig() {
    EmbeddedS3 s3 = TestStores.sharedServer();
    return s3.config("conductor" + PREFIXES.incrementAndGet() + "-" + ProcessHandle.current().pid());
  }

  static ArtifactStore open(dev.stimulus.core.StoreConfig config) {
    return Stores.s3(config);
  }

  static Workers workers(ArtifactStore store, List<String> stages, String domain, String identity, Path dataRoot)
      throws Exception {
    return Workers.start(store, CATALOGUE, new Workers.Config(ConductorServer.get().url, Workers.parseStages(stages),
        2, domain, identity, new StageTasks.Options(Duration.ofSeconds(20), 1, List.of(dataRoot))));
  }

  /** Writes the small titanic slice and the experiment into {@code dir}; returns its plan. */
  static Plan plan(Path dir, String name, int epochs) throws Exception {
    SmallExperiments.copyCsv(dir, "titanic_small.csv");
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, SmallExperiments.titanic(name, 7, "titanic_small.csv", 0.1, epochs));
    return Plan.of(Experiment.load(file, CATALOGUE));
  }

  static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED");

  /** Waits for a workflow to end; returns it with its tasks. */
  static JsonNode await(ConductorApi api, String id, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      JsonNode wf = api.workflow(id);
      if (TERMINAL.contains(wf.path("status").asText())) {
        return wf;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("workflow " + id + " still " + wf.path("status").asText() + " after " + limit
            + ": " + summary(wf));
      }
      Thread.sleep(200);
    }
  }

  /** The tasks of a workflow with a reference name, in scheduling order. */
  static List<JsonNode> tasks(JsonNode wf, String refPrefix) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : wf.path("tasks")) {
      if (t.path("referenceTaskName").asText().startsWith(refPrefix)) {
        out.add(t);
      }
    }
    return out;
  }

  static JsonNode lastTask(JsonNode wf, String ref) {
    List<JsonNode> all = tasks(wf, ref).stream().filter(t -> t.path("referenceTaskName").asText().equals(ref)).toList();
    if (all.isEmpty()) {
      throw new AssertionError("no task " + ref + " in " + summary(wf));
    }
    return all.get(all.size() - 1);
  }

  static String summary(JsonNode wf) {
    StringBuilder s = new StringBuilder(wf.path("status").asText()).append(' ')
        .append(wf.path("reasonForIncompletion").asText("")).append(" [");
    for (JsonNode t : wf.path("tasks")) {
      s.append(t.path("referenceTaskName").asText()).append('=').append(t.path("status").asText())
          .append(t.path("reasonForIncompletion").isTextual() ? "(" + t.path("reasonForIncompletion").asText() + ")" : "")
          .append(' ');
    }
    return s.append(']').toString();
  }
}
