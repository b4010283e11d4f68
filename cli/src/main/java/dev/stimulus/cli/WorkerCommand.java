package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.worker.Workers;
import dev.stimulus.workflows.conductor.StageTasks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus worker}: serve stage tasks of a Conductor server until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run Conductor workers for stimulus's stage tasks against a Conductor server and an S3 store. "
        + "Start more on other machines (same --conductor and store) to scale out; train tasks run one at a time "
        + "per process.")
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--stages", split = ",", paramLabel = "STAGE",
      description = "Task types to serve: all (default), ingest, split, transform, encode, train, evaluate, report.")
  List<String> stages;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
      description = "Concurrent tasks per stage type except train (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--domain", paramLabel = "NAME",
      description = "Poll only this task domain, e.g. gpu (workflows route tasks there with taskToDomain).")
  String domain;

  @Option(names = "--id", paramLabel = "ID", description = "Worker id shown in Conductor (default: host/pid).")
  String id;

  @Option(names = "--data-root", paramLabel = "DIR",
      description = "Directory the ingest task may read local datasets from (repeatable; default: the working directory).")
  List<Path> dataRoots;

  @Option(names = "--lease-seconds", defaultValue = "60", paramLabel = "S",
      description = "Store lease time to live, renewed while a stage runs (default: ${DEFAULT-VALUE}).")
  int leaseSeconds;

  @Mixin ConductorOptions conductor;
  @Mixin StoreOptions storeOptions;
  @Mixin ReproducibilityOption reproducibility;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (threads < 1) {
      throw new Main.UserError("--threads must be at least 1, got " + threads);
    }
    out.println("reproducibility: " + reproducibility.apply(null).id());
    if (leaseSeconds < 1) {
      throw new Main.UserError("--lease-seconds must be at least 1, got " + leaseSeconds);
    }
    List<String> types;
    try {
      types = Workers.parseStages(stages);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("--stages: " + e.getMessage());
    }
    ArtifactStore store = storeOptions.open();
    String identity = id != null ? id : java.net.InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
    Workers workers = Workers.start(store, Catalogue.load(), new Workers.Config(conductor.url(storeOptions.stateDir()),
        types, threads, domain, identity, new StageTasks.Options(Duration.ofSeconds(leaseSeconds), 2,
            dataRoots == null || dataRoots.isEmpty() ? List.of(Path.of("")) : dataRoots)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      workers.close();
      store.close();
    }));
    out.println("stimulus worker " + identity + " serving " + types + (domain == null ? "" : " in domain " + domain)
        + " on " + workers.config().conductor() + "; store: " + storeOptions.where(store));
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
