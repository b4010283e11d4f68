package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.ConductorRunner;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.search.SearchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus run EXP.yaml}: plan, execute what is not cached, print the trials. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run an experiment: every invocation not already in the store is computed; the rest are cache hits.")
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment file (YAML).")
  Path file;

  @Option(names = "--threads", paramLabel = "N", description = "Invocations run in parallel (default: cores). Trainings run one at a time.")
  Integer threads;

  @Option(names = "--no-progress", description = "Print one line per finished stage kind instead of a progress bar.")
  boolean noProgress;

  @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE",
      description = "local (in this process, the default) or conductor (a stimulus_sweep workflow run by workers).")
  String engine;

  @Option(names = "--train-domain", paramLabel = "DOMAIN",
      description = "With --engine conductor: send train tasks to workers started with --domain DOMAIN (e.g. gpu).")
  String trainDomain;

  @Mixin StoreOptions storeOptions;
  @Mixin ModelConfigOption modelConfig;
  @Mixin ConductorOptions conductor;

  @Mixin IndexOptions indexOptions;

  @Mixin ReproducibilityOption reproducibility;

  @Option(names = "--no-report", description = "Record the run in the trial index but do not write the report.")
  boolean noReport;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Experiment experiment = Experiment.load(file, Catalogue.load(), modelConfig.file);
    Plan plan = Plan.of(experiment);
    ExecutorOptions options = ExecutorOptions.defaults();
    if (threads != null) {
      if (threads < 1) {
        throw new Main.UserError("--threads must be at least 1, got " + threads);
      }
      options = options.withThreads(threads);
    }
    boolean onConductor = switch (engine) {
      case "local" -> false;
      case "conductor" -> true;
      default -> throw new Main.UserError("--engine must be local or conductor, got '" + engine + "'");
    };
    if (trainDomain != null && !onConductor) {
      throw new Main.UserError("--train-domain needs --engine conductor");
    }
    String kernels = "set by the workers";
    if (!onConductor) {
      // In process: the option, else the experiment's setting, decides the kernels (on Conductor the workers do).
      kernels = reproducibility.apply(experiment.reproducibility()).id();
    } else if (reproducibility.mode() != null) {
      throw new Main.UserError("--reproducibility applies to in-process runs; on Conductor start the workers with"
          + " 'stimulus worker --reproducibility " + reproducibility.mode().id() + "'");
    }
    ConductorApi api = onConductor ? conductor.api(storeOptions.stateDir()) : null;
    if (api != null) {
      api.requireReachable();
    }
    try (ArtifactStore store = storeOptions.open()) {
      out.println("experiment " + experiment.name() + " (" + file + ")");
      experiment.warnings().forEach(w -> out.println("warning: " + w));
      out.println(experiment.search().sampled() ? "search " + experiment.search().describe() : plan.summary());
      out.println("store: " + storeOptions.where(store));
      out.println("reproducibility: " + kernels);
      out.flush();
      RunReport report;
      java.time.Instant started = java.time.Instant.now();
      boolean interactive = !noProgress && System.console() != null;
      // One engine runs one plan; a sampling strategy plans batch by batch and runs each like a grid.
      Function<Plan, RunReport> engineRun;
      if (api != null) {
        out.println("engine: Conductor at " + api.server());
        engineRun = batch -> {
          ConductorRunner runner = new ConductorRunner(api, store, new ConductorRunner.Options(trainDomain,
              java.time.Duration.ofMillis(250)));
          try (ProgressPrinter progress = new ProgressPrinter(batch, out, interactive)) {
            RunReport r = runner.run(batch, progress);
            out.println("workflow: " + runner.workflowId() + " (" + api.server() + "/api/workflow/"
                + runner.workflowId() + ")");
            return r;
          }
        };
      } else {
        LocalExecutor executor = new LocalExecutor(store, options);
        engineRun = batch -> {
          try (ProgressPrinter progress = new ProgressPrinter(batch, out, interactive)) {
            return executor.run(batch, progress);
          }
        };
      }
      out.flush();
      report = experiment.search().sampled()
          ? SearchRun.run(experiment, engineRun, store, batch -> out.println(batch.summary()))
          : engineRun.apply(plan);
      out.println();
      out.print(ResultsTable.render(report.results()));
      out.println();
      out.println(report.summary());
      report.results().best().ifPresent(b -> out.println("best trial: " + b.id() + " " + b.label()
          + " (" + report.results().objective().metric() + " = " + ResultsTable.format(b.objective()) + ")"));
      out.println("results: refs/experiments/" + experiment.name() + ".json in " + storeOptions.where(store));
      out.println("lineage of the best model: stimulus lineage best -e " + experiment.name());
      RunTracking.afterRun(report, started, store, storeOptions, indexOptions, !noReport, out,
          spec.commandLine().getErr());
      return report.succeeded() ? 0 : Main.SOME_FAILED;
    }
  }
}
