package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.exec.CacheEstimate;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus plan EXP.yaml}: what a run would do, without running anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show the trials, the distinct invocations per stage and how many are already cached. Runs nothing.")
final class PlanCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment file (YAML).")
  Path file;

  @Mixin StoreOptions storeOptions;
  @Mixin ModelConfigOption modelConfig;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Experiment experiment = Experiment.load(file, Catalogue.load(), modelConfig.file);
    Plan plan = Plan.of(experiment);
    try (ArtifactStore store = storeOptions.open()) {
      CacheEstimate estimate = new LocalExecutor(store, ExecutorOptions.defaults()).estimate(plan);
      out.println("experiment " + experiment.name() + " (" + file + ")");
      experiment.warnings().forEach(w -> out.println("warning: " + w));
      if (experiment.search().sampled()) {
        // Sampled configurations depend on earlier batches' results: there is no plan before the run.
        out.println("search " + experiment.search().describe() + " = " + experiment.trialCount()
            + " trials; planned batch by batch as the search goes (stimulus run)");
      } else {
        out.println(plan.summary());
        out.println(estimate.summary());
      }
      out.println("store: " + storeOptions.where(store));
    }
    return 0;
  }
}
