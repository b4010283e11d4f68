package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageException;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.index.RunRecord;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.report.ExperimentReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What follows every run: its immutable run record in the store, its trials in the index, and the
 * experiment's report. The run's own outcome stands whatever happens here: a failure is a warning.
 */
final class RunTracking {

  private RunTracking() {}

  static Path reportDir(StoreOptions store, String experiment) {
    return store.stateDir().resolve("reports").resolve(experiment);
  }

  static void afterRun(RunReport report, Instant started, ArtifactStore store, StoreOptions storeOptions,
      IndexOptions indexOptions, boolean writeReport, PrintWriter out, PrintWriter err) {
    RunRecord record = RunRecord.of(report, started);
    try {
      record.save(store);
    } catch (StoreException e) {
      err.println("warning: the run record was not saved: " + e.getMessage());
      return;
    }
    try (TrialIndex index = indexOptions.open(storeOptions)) {
      index.record(record);
      out.println("trial index: run " + record.runId() + " in " + index.url());
      if (writeReport) {
        Path html = ExperimentReport.generate(index, store, record.experiment(),
            reportDir(storeOptions, record.experiment()));
        out.println("report: " + html.toAbsolutePath().normalize());
      }
    } catch (StoreException | StageException e) {
      err.println("warning: " + e.getMessage());
    }
  }
}
