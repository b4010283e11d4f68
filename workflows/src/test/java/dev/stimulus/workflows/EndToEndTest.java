package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real built-in stages over the embedded S3 store on a 60-row slice of the titanic data: two
 * trials run, produce metrics, and a second run is entirely cached. Skipped when the class path
 * lacks one of the built-ins it needs.
 */
class EndToEndTest {

  static final String EXPERIMENT = SmallExperiments.titanic("titanic-small", 7, "titanic_small.csv", 0.1, 3);

  @TempDir Path dir;

  @Test
  void unknownColumnEncodersAreReportedAtLoadTime() throws Exception {
    Catalogue catalogue = Catalogue.load();
    assumeTrue(catalogue.ofKind(StageKind.ENCODE).stream().anyMatch(s -> s.name().equals("columns")));
    SmallExperiments.copyCsv(dir, "titanic_small.csv");
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT.replace("{name: StrClassification}", "{name: StrClass}"));
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.stimulus.workflows.experiment.ExperimentException.class,
        () -> Experiment.load(dir.resolve("experiment.yaml"), catalogue));
    assertTrue(e.getMessage().contains("experiment.yaml:9:"), e.getMessage());
    assertTrue(e.getMessage().contains("data.columns[2].encoder: encode columns:"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown encoder 'StrClass'"), e.getMessage());
  }

  @Test
  void runsTheRealStagesAndReusesThemOnASecondRun() throws Exception {
    Catalogue catalogue = Catalogue.load();
    for (var needed : new Object[][] {{StageKind.SPLIT, "RandomSplit"}, {StageKind.TRANSFORM, "GaussianNoise"},
        {StageKind.TRANSFORM, "Identity"}, {StageKind.ENCODE, "columns"}, {StageKind.TRAIN, "djl"},
        {StageKind.EVALUATE, "metrics"}}) {
      assumeTrue(catalogue.ofKind((StageKind) needed[0]).stream().anyMatch(s -> s.name().equals(needed[1])),
          "built-in " + needed[1] + " not on the class path");
    }
    SmallExperiments.copyCsv(dir, "titanic_small.csv");
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);
    Plan plan = Plan.of(Experiment.load(dir.resolve("experiment.yaml"), catalogue));
    assertEquals(2, plan.trials().size());

    ExecutorOptions options = ExecutorOptions.defaults().withThreads(2);
    try (ArtifactStore store = Stores.embedded(dir.resolve(".stimulus"))) {
      RunReport first = new LocalExecutor(store, options).run(plan, ProgressListener.NONE);
      assertTrue(first.succeeded(), first.summary());
      assertEquals(plan.nodes().size(), first.count(Status.DONE), first.summary());
      for (TrialResult t : first.results().trials()) {
        double acc = t.metrics().get("validation").get("accuracy").asDouble();
        assertTrue(acc >= 0 && acc <= 1, t.metrics().toString());
        assertEquals(12, t.metrics().get("validation").get("n").asInt(), t.metrics().toString());
      }
      assertTrue(first.results().best().isPresent());

      RunReport second = new LocalExecutor(store, options).run(plan, ProgressListener.NONE);
      assertEquals(plan.nodes().size(), second.count(Status.CACHED), second.summary());
      Results saved = Results.load(store, "titanic-small").orElseThrow();
      assertEquals(first.results().best().orElseThrow().id(), saved.best().orElseThrow().id());
    }
  }
}
