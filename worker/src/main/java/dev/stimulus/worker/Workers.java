package dev.stimulus.worker;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.Definitions;
import dev.stimulus.workflows.conductor.StageTasks;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A set of Conductor workers in this process: one {@link StageWorker} per served task type, all
 * over one store. Training gets one thread whatever {@code threads} says: the training engine
 * runs one training per JVM, so training scales by processes.
 */
public final class Workers implements AutoCloseable {

  /**
   * @param taskTypes the task types to serve (see {@link #parseStages})
   * @param threads concurrent tasks per non-training task type
   * @param domain task domain to poll (e.g. {@code gpu}), or null for none
   * @param identity worker id shown in Conductor's task records
   */
  public record Config(URI conductor, List<String> taskTypes, int threads, String domain, String identity,
      StageTasks.Options tasks) {}

  private final TaskRunnerConfigurer runner;
  private final StageTasks tasks;
  private final ConductorClient client;
  private final Config config;

  private Workers(TaskRunnerConfigurer runner, StageTasks tasks, ConductorClient client, Config config) {
    this.runner = runner;
    this.tasks = tasks;
    this.client = client;
    this.config = config;
  }

  /** Starts polling. Conductor must be reachable (checked first, for a clear message). */
  public static Workers start(ArtifactStore store, Catalogue catalogue, Config config) {
    ConductorApi api = new ConductorApi(config.conductor());
    api.requireReachable();
    StageTasks tasks = new StageTasks(store, catalogue, config.tasks());
    List<Worker> workers = new ArrayList<>();
    Map<String, Integer> threads = new LinkedHashMap<>();
    Map<String, Integer> pollCounts = new LinkedHashMap<>();
    Map<String, String> domains = new LinkedHashMap<>();
    String train = Definitions.taskType(StageKind.TRAIN);
    for (String type : config.taskTypes()) {
      workers.add(new StageWorker(type, tasks, config.identity(), 100));
      int n = type.equals(train) ? 1 : config.threads();
      threads.put(type, n);
      pollCounts.put(type, n);
      if (config.domain() != null && !config.domain().isBlank()) {
        domains.put(type, config.domain());
      }
    }
    ConductorClient client = ConductorClient.builder().basePath(api.apiRoot()).build();
    TaskRunnerConfigurer runner = new TaskRunnerConfigurer.Builder(new TaskClient(client), workers)
        .withTaskThreadCount(threads)
        .withTaskPollCount(pollCounts)
        .withTaskToDomain(domains)
        // A batch poll waits its whole timeout when fewer tasks are queued than asked for.
        .withTaskPollTimeout(100)
        .withSleepWhenRetry(200)
        .withShutdownGracePeriodSeconds(2)
        .build();
    runner.init();
    return new Workers(runner, tasks, client, config);
  }

  public Config config() {
    return config;
  }

  /**
   * Task types from stage names: {@code all} (the default), or any of {@code ingest, split,
   * transform, encode, train, evaluate, report}, comma separated.
   */
  public static List<String> parseStages(List<String> names) {
    if (names == null || names.isEmpty()) {
      return Definitions.taskTypes();
    }
    List<String> out = new ArrayList<>();
    for (String raw : names) {
      for (String n : raw.split(",")) {
        String name = n.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          continue;
        }
        if (name.equals("all")) {
          Definitions.taskTypes().stream().filter(t -> !out.contains(t)).forEach(out::add);
          continue;
        }
        String type = name.startsWith("stimulus_") ? name : "stimulus_" + name;
        if (!Definitions.taskTypes().contains(type)) {
          throw new IllegalArgumentException("unknown stage '" + n.strip() + "' (known: all, ingest, split, transform, "
              + "encode, train, evaluate, report)");
        }
        if (!out.contains(type)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    runner.shutdown();
    tasks.close();
    client.shutdown();
  }
}
