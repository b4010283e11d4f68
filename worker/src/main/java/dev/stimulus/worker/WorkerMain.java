package dev.stimulus.worker;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.StoreConfig;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.conductor.StageTasks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process configured by environment only, for process-level tests and container images
 * (the CLI's {@code stimulus worker} is the documented way): {@code STIMULUS_CONDUCTOR},
 * {@code STIMULUS_S3_ENDPOINT}, {@code STIMULUS_BUCKET}, {@code STIMULUS_PREFIX},
 * {@code STIMULUS_STAGES}, {@code STIMULUS_THREADS}, {@code STIMULUS_DOMAIN},
 * {@code STIMULUS_WORKER_ID}, {@code STIMULUS_LEASE_SECONDS}, {@code STIMULUS_DATA_ROOT}; S3
 * credentials from the AWS default chain (e.g. {@code AWS_ACCESS_KEY_ID}).
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    StoreConfig config = new StoreConfig(URI.create(env("STIMULUS_S3_ENDPOINT", null)), "us-east-1",
        env("STIMULUS_BUCKET", "stimulus"), env("STIMULUS_PREFIX", ""), null, null);
    ArtifactStore store = Stores.s3(config);
    StageTasks.Options options = new StageTasks.Options(
        Duration.ofSeconds(Long.parseLong(env("STIMULUS_LEASE_SECONDS", "60"))), 1,
        List.of(Path.of(env("STIMULUS_DATA_ROOT", ""))));
    Workers workers = Workers.start(store, Catalogue.load(), new Workers.Config(
        URI.create(env("STIMULUS_CONDUCTOR", null)), Workers.parseStages(List.of(env("STIMULUS_STAGES", "all"))),
        Integer.parseInt(env("STIMULUS_THREADS", "2")), System.getenv("STIMULUS_DOMAIN"),
        env("STIMULUS_WORKER_ID", "worker-" + ProcessHandle.current().pid()), options));
    Runtime.getRuntime().addShutdownHook(new Thread(workers::close));
    System.out.println("stimulus worker ready: " + workers.config().taskTypes());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException("environment variable " + name + " is required");
      }
      return fallback;
    }
    return v;
  }
}
