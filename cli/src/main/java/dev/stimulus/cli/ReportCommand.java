package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.report.ExperimentReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus report [EXP]}: the experiment's HTML report, with JSON and CSV of every table. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an experiment's report: one self-contained HTML file (importance, noise and control,"
        + " learning and training curves, cross-evaluation, lineage) plus report.json and a CSV per table.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT",
      description = "The experiment's name (default: the only one in the index).")
  String experiment;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: <state>/reports/<experiment>).")
  Path out;

  @Mixin StoreOptions storeOptions;
  @Mixin IndexOptions indexOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (ArtifactStore store = storeOptions.open(); TrialIndex index = indexOptions.open(storeOptions)) {
      String name = experiment != null ? experiment : only(index);
      Path dir = out != null ? out : RunTracking.reportDir(storeOptions, name);
      Path html = ExperimentReport.generate(index, store, name, dir);
      spec.commandLine().getOut().println("report: " + html.toAbsolutePath().normalize());
      spec.commandLine().getOut().println("tables: report.json and one CSV per table in "
          + dir.toAbsolutePath().normalize());
    }
    return 0;
  }

  private static String only(TrialIndex index) {
    List<String> names = index.experiments().stream().map(TrialIndex.ExperimentRow::name).toList();
    if (names.size() != 1) {
      throw new Main.UserError(names.isEmpty()
          ? "the trial index " + index.url() + " is empty: run an experiment, or rebuild it with stimulus reindex"
          : "name the experiment: the index holds " + String.join(", ", names));
    }
    return names.get(0);
  }
}
