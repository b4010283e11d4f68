package dev.stimulus.workflows.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.experiment.MedianPruning;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search's median pruner: its settings in the experiment file, its medians and its reading of curves. */
class MedianPrunerTest {

  static final Catalogue CATALOGUE = Catalogue.load();
  static final String EXPERIMENT = SmallExperiments.titanic("pruned", 3, "data.csv", 0.2, 4)
      .replace("lr: 0.01", "lr: {loguniform: [1.0e-3, 1.0e-1]}");

  @TempDir Path dir;

  Experiment load(String search) throws Exception {
    SmallExperiments.copyCsv(dir, "data.csv");
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT + search);
    return Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
  }

  String fails(String search) {
    return assertThrows(ExperimentException.class, () -> load(search)).getMessage();
  }

  @Test
  void theSettingsReadFromTheSearchSection() throws Exception {
    Experiment x = load("search: {strategy: tpe, budget: 4, pruner: median, prune_startup: 2, prune_warmup: 1}\n");
    assertEquals(new MedianPruning(2, 1), x.search().pruning());
    assertTrue(x.search().describe().endsWith(", median pruner after 2 trials, warmup 1 epoch"), x.search().describe());
    assertEquals(new MedianPruning(5, 0), load("search: {strategy: random, budget: 4, pruner: median}\n").search().pruning(),
        "Optuna's defaults: 5 startup trials, no warmup");
    assertEquals(null, load("search: {strategy: random, budget: 4}\n").search().pruning());
  }

  @Test
  void mistakesAreLocated() {
    String m = fails("search: {strategy: tpe, budget: 4, pruner: hyperband}\n");
    assertTrue(m.contains("search.pruner: expected median (the only pruner), found 'hyperband'"), m);
    m = fails("search: {strategy: tpe, budget: 4, prune_startup: 2}\n");
    assertTrue(m.contains("search.prune_startup: prune_startup is a setting of the pruner: add pruner: median"), m);
    m = fails("search: {strategy: tpe, budget: 4, pruner: median, prune_warmup: -1}\n");
    assertTrue(m.contains("search.prune_warmup: expected a number >= 0, found the number -1"), m);
    m = fails("search: {strategy: grid, pruner: median}\n".replace("lr: {loguniform: [1.0e-3, 1.0e-1]}", "lr: 0.01"));
    assertTrue(m.contains("search.pruner: unknown key 'pruner'"), m);
  }

  @Test
  void aSplitWithoutAValidationFoldCannotBePruned() throws Exception {
    SmallExperiments.copyCsv(dir, "data.csv");
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT.replace("ratios: [0.6, 0.2, 0.2]", "ratios: [0.7, 0.3]")
        .replace("validation.accuracy", "test.accuracy") + "search: {strategy: tpe, budget: 4, pruner: median}\n");
    String m = assertThrows(ExperimentException.class,
        () -> Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE)).getMessage();
    assertTrue(m.contains("search.pruner: the pruner compares validation losses, and no split makes a validation fold"), m);
  }

  @Test
  void mediansAreNumpysAndOnlyOverTheTrialsThatReachedAnEpoch() {
    // numpy.median([3, 1, 2]) = 2, numpy.median([4, 1, 3, 2]) = 2.5
    assertEquals(2.0, MedianPruner.median(new double[] {3, 1, 2}));
    assertEquals(2.5, MedianPruner.median(new double[] {4, 1, 3, 2}));
    assertArrayEquals(new double[] {0.7, 0.5, Double.NaN},
        MedianPruner.validationLosses("epoch,train_loss,validation_loss\n1,0.9,0.7\n2,0.8,0.5\n3,0.7,\n"));
  }
}
