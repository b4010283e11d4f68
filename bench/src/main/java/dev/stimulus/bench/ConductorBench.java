package dev.stimulus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.StoreConfig;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.ConductorRunner;
import dev.stimulus.workflows.conductor.Definitions;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two ratios on a running local stack (bench/conductor.sh starts it):
 *
 * <ol>
 *   <li>the all-cached example as a Conductor sweep vs the local engine, same store;
 *   <li>that sweep vs a no-op workflow of the same shape (same dynamic forks, same task counts, a
 *       worker that completes every task at once in this process): what the stage tasks add on top
 *       of Conductor's own per-task cost.
 * </ol>
 *
 * Usage: {@code ConductorBench STACK_JSON EXPERIMENT.yaml [rounds]}.
 */
public final class ConductorBench {

  private static final String NOOP_TASK = "stimulus_bench_noop";
  private static final String NOOP_FLOW = "stimulus_bench_noop_sweep";

  private ConductorBench() {}

  public static void main(String[] args) throws Exception {
    JsonNode stack = CanonicalJson.MAPPER.readTree(Files.readAllBytes(Path.of(args[0])));
    Plan plan = Plan.of(Experiment.load(Path.of(args[1]), Catalogue.load()));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    JsonNode s3 = stack.path("s3");
    StoreConfig config = new StoreConfig(URI.create(s3.path("endpoint").asText()), "us-east-1",
        s3.path("bucket").asText(), "", s3.path("accessKey").asText(), s3.path("secretKey").asText());
    ConductorApi api = new ConductorApi(URI.create(stack.path("conductor").path("url").asText()));
    try (ArtifactStore store = Stores.s3(config)) {
      ExecutorOptions options = ExecutorOptions.defaults().withThreads(2);
      RunReport warm = new LocalExecutor(store, options).run(plan, null);
      System.out.println("filled the cache: " + warm.summary().lines().findFirst().orElse(""));
      ConductorRunner runner = new ConductorRunner(api, store, new ConductorRunner.Options(null,
          java.time.Duration.ofMillis(50)));
      runner.run(plan, null); // warm-up: registration, worker JIT, plan blob
      double[] local = new double[rounds];
      double[] conductor = new double[rounds];
      double[] noop = new double[rounds];
      ObjectNode layers = noopLayers(api, runner.workflowId());
      int tasks = countTasks(layers);
      registerNoop(api);
      TaskRunnerConfigurer noopWorkers = noopWorkers(api);
      try {
        runNoop(api, layers); // warm-up
        for (int r = 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          RunReport l = new LocalExecutor(store, options).run(plan, null);
          local[r] = ms(t0);
          t0 = System.nanoTime();
          RunReport c = runner.run(plan, null);
          conductor[r] = ms(t0);
          t0 = System.nanoTime();
          runNoop(api, layers);
          noop[r] = ms(t0);
          if (l.count(dev.stimulus.workflows.exec.Status.CACHED) != plan.nodes().size()
              || c.count(dev.stimulus.workflows.exec.Status.CACHED) != plan.nodes().size()) {
            throw new IllegalStateException("not all cached: " + l.summary() + " / " + c.summary());
          }
        }
      } finally {
        noopWorkers.shutdown();
      }
      double lm = median(local);
      double cm = median(conductor);
      double nm = median(noop);
      System.out.printf(Locale.ROOT, "experiment %s: %d trials, %d invocations, %d Conductor tasks per sweep%n",
          plan.experiment().name(), plan.trials().size(), plan.nodes().size(), tasks);
      System.out.printf(Locale.ROOT, "all cached, local engine:    median %.0f ms (%s)%n", lm, round(local));
      System.out.printf(Locale.ROOT, "all cached, Conductor sweep: median %.0f ms (%s)%n", cm, round(conductor));
      System.out.printf(Locale.ROOT, "no-op sweep, same shape:     median %.0f ms (%s)%n", nm, round(noop));
      System.out.printf(Locale.ROOT, "ratio Conductor / local (all cached): %.1f%n", cm / lm);
      System.out.printf(Locale.ROOT, "ratio Conductor sweep / no-op sweep:  %.2f  (stage tasks add %.1f ms per task)%n",
          cm / nm, (cm - nm) / tasks);
    }
  }

  /** The layers of the last real sweep with every task replaced by the no-op task. */
  private static ObjectNode noopLayers(ConductorApi api, String workflowId) {
    ObjectNode layers = ((ObjectNode) api.workflow(workflowId).path("input").path("layers")).deepCopy();
    layers.fields().forEachRemaining(e -> {
      for (JsonNode t : e.getValue().path("tasks")) {
        ((ObjectNode) t).put("name", NOOP_TASK);
      }
    });
    return layers;
  }

  private static int countTasks(ObjectNode layers) {
    int[] n = {1};
    layers.fields().forEachRemaining(e -> n[0] += e.getValue().path("tasks").size());
    return n[0];
  }

  private static void registerNoop(ConductorApi api) {
    ArrayNode defs = CanonicalJson.MAPPER.createArrayNode();
    defs.addObject().put("name", NOOP_TASK).put("retryCount", 0).put("responseTimeoutSeconds", 60)
        .put("timeoutSeconds", 600).put("description", "benchmark: completes at once");
    api.send("POST", "/api/metadata/taskdefs", defs);
    ObjectNode flow = Definitions.load().workflow(Definitions.SWEEP);
    flow.put("name", NOOP_FLOW);
    for (JsonNode t : flow.path("tasks")) {
      if (t.path("type").asText().equals("SIMPLE")) {
        ((ObjectNode) t).put("name", NOOP_TASK);
      }
    }
    api.send("PUT", "/api/metadata/workflow", CanonicalJson.MAPPER.createArrayNode().add(flow));
  }

  /** Same thread counts as the stack's worker (2 per type, polled every 100 ms, 100 ms batch polls). */
  private static TaskRunnerConfigurer noopWorkers(ConductorApi api) {
    Worker noop = new Worker() {
      @Override
      public String getTaskDefName() {
        return NOOP_TASK;
      }

      @Override
      public TaskResult execute(com.netflix.conductor.common.metadata.tasks.Task task) {
        TaskResult r = new TaskResult(task);
        r.setStatus(TaskResult.Status.COMPLETED);
        r.setOutputData(Map.of("cacheHit", true));
        return r;
      }

      @Override
      public int getPollingInterval() {
        return 100;
      }
    };
    ConductorClient client = ConductorClient.builder().basePath(api.apiRoot()).build();
    TaskRunnerConfigurer r = new TaskRunnerConfigurer.Builder(new TaskClient(client), List.of(noop))
        .withTaskThreadCount(Map.of(NOOP_TASK, 2)).withTaskPollCount(Map.of(NOOP_TASK, 2))
        .withTaskPollTimeout(100).build();
    r.init();
    return r;
  }

  private static void runNoop(ConductorApi api, ObjectNode layers) throws InterruptedException {
    ObjectNode input = CanonicalJson.MAPPER.createObjectNode();
    input.put("plan", "noop");
    input.set("layers", layers);
    String id = api.start(NOOP_FLOW, 1, input, Map.of());
    while (true) {
      String status = api.workflow(id).path("status").asText();
      if (status.equals("COMPLETED")) {
        return;
      }
      if (!status.equals("RUNNING")) {
        throw new IllegalStateException("no-op workflow " + id + " ended " + status);
      }
      Thread.sleep(50);
    }
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static List<Long> round(double[] v) {
    List<Long> out = new ArrayList<>();
    for (double d : v) {
      out.add(Math.round(d));
    }
    return out;
  }
}
