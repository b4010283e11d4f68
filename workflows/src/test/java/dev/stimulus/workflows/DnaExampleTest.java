package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.SyntheticDna;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNA example on the real stages: a 1D CNN finds the planted motif (validation ROC-AUC >= 0.9)
 * and the label-shuffle control stays at chance (0.5 +- 0.15). A smaller data set than the example's
 * keeps the test short; the example's own files are checked to load and to be regenerable.
 */
class DnaExampleTest {

  static final String EXPERIMENT = """
      version: 1
      name: dna-small
      seed: 7
      data:
        source: motif.csv
        columns:
          - {name: id, role: meta}
          - {name: sequence, role: input, encoder: {name: TextOneHot, alphabet: ACGT}}
          - {name: label, role: label, encoder: {name: Numeric}}
      split:
        - {name: StratifiedSplit, column: label, ratios: [0.6, 0.2, 0.2]}
      transforms:
        - {label: none}
        - {label: shuffled, steps: [{name: LabelShuffle, column: label}]}
      model: {architecture: cnn1d, filters: [16], kernel_sizes: [8], hidden: [16], lr: 0.01, batch_size: 32, epochs: 8}
      objective: {metric: validation.roc_auc}
      """;

  @TempDir Path dir;

  @Test
  void theCnnFindsThePlantedMotifAndTheShuffledControlDoesNot() throws Exception {
    Files.writeString(dir.resolve("motif.csv"), SyntheticDna.csv(800, 60, 3, SyntheticDna.MOTIF));
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);
    Plan plan = Plan.of(Experiment.load(dir.resolve("experiment.yaml"), Catalogue.load()));
    try (ArtifactStore store = Stores.embedded(dir.resolve(".stimulus"))) {
      RunReport report = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(2)).run(plan, ProgressListener.NONE);
      assertTrue(report.succeeded(), report.summary());
      Map<String, Double> auc = new HashMap<>();
      for (TrialResult t : report.results().trials()) {
        auc.put(t.label().contains("shuffled") ? "shuffled" : "clean", t.metrics().get("validation").get("roc_auc").asDouble());
      }
      assertTrue(auc.get("clean") >= 0.9, "clean cnn1d validation ROC-AUC " + auc);
      assertEquals(0.5, auc.get("shuffled"), 0.15, "label-shuffle control " + auc);
    }
  }

  @Test
  void theExampleLoadsAndItsDataIsTheGeneratorsOutput() throws Exception {
    Path example = Path.of("../examples/dna");
    assertEquals(SyntheticDna.csv(2000, 80, 1, SyntheticDna.MOTIF), Files.readString(example.resolve("motif.csv")));
    Experiment x = Experiment.load(example.resolve("experiment.yaml"), Catalogue.load());
    assertEquals(8, x.trialCount());
    assertTrue(x.warnings().isEmpty(), x.warnings().toString());
  }

  @Test
  void positivesCarryTheMotifOnEitherStrandAndNegativesNeither() {
    String rc = "CTGAGTCA"; // TGACTCAG reverse-complemented by hand
    int forward = 0;
    int reverse = 0;
    for (String line : SyntheticDna.csv(400, 50, 9, SyntheticDna.MOTIF).split("\n")) {
      if (line.startsWith("id,")) {
        continue;
      }
      String[] f = line.split(",");
      boolean has = f[1].contains(SyntheticDna.MOTIF) || f[1].contains(rc);
      assertEquals(f[2].equals("1"), has, line);
      assertEquals(50, f[1].length());
      forward += f[1].contains(SyntheticDna.MOTIF) ? 1 : 0;
      reverse += f[1].contains(rc) ? 1 : 0;
    }
    assertTrue(forward > 50 && reverse > 50, forward + " forward, " + reverse + " reverse");
  }
}
