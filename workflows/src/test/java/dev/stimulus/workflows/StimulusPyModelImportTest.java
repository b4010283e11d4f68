package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.experiment.MedianPruning;
import dev.stimulus.workflows.experiment.SearchSpace;
import dev.stimulus.workflows.search.SearchRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stimulus-py model configs (its tuning YAML, the shape of its tests' {@code conv_kan.yaml} and
 * of the {@code ConvBasic} examples) imported as this project's model search space. The expected
 * spaces are written from stimulus-py's documented semantics (Optuna's suggest_* calls), not from
 * this code.
 */
class StimulusPyModelImportTest {

  static final Catalogue CATALOGUE = Catalogue.load();

  /** int, float (log), categorical and variable-list parameters, a TPE sampler and a median pruner. */
  static final String MODEL = """
      max_samples: 1000
      compute_objective_every_n_samples: 50
      n_trials: 6
      seed: 42

      network_params:
        hidden:
          mode: variable_list
          length:
            mode: int
            params: {low: 1, high: 2}
          values:
            mode: categorical
            params: {choices: [8, 16]}
        dropout:
          mode: float
          params: {low: 0.0, high: 0.5}

      optimizer_params:
        method:
          mode: categorical
          params:
            choices: ['Adam', 'SGD']
        lr:
          mode: float
          params:
            low: 0.0001
            high: 0.1
            log: true

      loss_params:
        loss_fn:
          mode: categorical
          params:
            choices: ['BCEWithLogitsLoss']

      data_params:
        batch_size:
          mode: int
          params: {low: 8, high: 32}

      pruner:
        name: MedianPruner
        params:
          n_warmup_steps: 10
          n_startup_trials: 2

      sampler:
        name: TPESampler
        params:
          n_startup_trials: 2

      objective:
        metric: val_rocauc
        direction: maximize
      """;

  static final String EXPERIMENT = """
      version: 1
      name: model-import
      data:
        source: data.csv
        stimulus_py: config.yaml
      model:
        stimulus_py: model.yaml
        pruner: ignore
        epochs: 2
      """;

  /** A three-way split, so that the validation objective has a fold. */
  static final String DATA_CONFIG = StimulusPyCompatibilityTest.PROCESSED_CONFIG.replace("split: [0.7, 0.3]",
      "split: [0.6, 0.2, 0.2]");

  @TempDir Path dir;

  Experiment load(String model, String experiment) throws Exception {
    Files.writeString(dir.resolve("config.yaml"), DATA_CONFIG);
    Files.writeString(dir.resolve("data.csv"), StimulusPyCompatibilityTest.processedTitanic(60, 3));
    Files.writeString(dir.resolve("model.yaml"), model);
    Files.writeString(dir.resolve("experiment.yaml"), experiment);
    return Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
  }

  String fails(String model, String experiment) {
    return assertThrows(ExperimentException.class, () -> load(model, experiment)).getMessage();
  }

  String at(String where) {
    return dir.resolve("model.yaml") + ":" + where + ": ";
  }

  static Map<String, SearchSpace.Dimension> dimensions(Experiment x) {
    Map<String, SearchSpace.Dimension> out = new TreeMap<>();
    for (SearchSpace.Choice c : x.search().space().choices()) {
      for (SearchSpace.Alternative a : c.alternatives()) {
        a.dimensions().forEach(d -> out.put(d.name(), d));
      }
    }
    return out;
  }

  @Test
  void importsEachKindOfTunableAsTheSearchSpace() throws Exception {
    Experiment x = load(MODEL, EXPERIMENT);
    assertEquals("tpe", x.search().strategy());
    assertEquals(6, x.search().budget(), "n_trials");
    assertEquals(2, x.search().options().get("n_startup").asInt(), "sampler.params.n_startup_trials");
    assertEquals("validation.roc_auc", x.objective().metric());
    Map<String, SearchSpace.Dimension> d = dimensions(x);
    assertEquals(List.of("model.batch_size", "model.dropout", "model.hidden", "model.lr", "model.optimizer"),
        List.copyOf(d.keySet()));
    // suggest_int(8, 32), suggest_float(0, 0.5), suggest_float(1e-4, 0.1, log=True)
    assertEquals(new SearchSpace.Int("model.batch_size", 8, 32), d.get("model.batch_size"));
    assertEquals(new SearchSpace.Real("model.dropout", 0.0, 0.5, false), d.get("model.dropout"));
    assertEquals(new SearchSpace.Real("model.lr", 0.0001, 0.1, true), d.get("model.lr"));
    // suggest_categorical over torch.optim names -> the trainer's optimizer names
    assertEquals("[\"adam\", \"sgd\"]", ((SearchSpace.Categorical) d.get("model.optimizer")).values().toString()
        .replace(",", ", ").replace(",  ", ", "));
    // a length of 1 or 2, each element 8 or 16: 2 + 4 lists
    assertEquals("[[8], [16], [8,8], [8,16], [16,8], [16,16]]",
        ((SearchSpace.Categorical) d.get("model.hidden")).values().toString().replace("],[", "], ["));
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("pruner: MedianPruner ignored (model.pruner: ignore)")),
        x.warnings().toString());
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("max_samples: ignored; training runs model.epochs")),
        x.warnings().toString());
  }

  @Test
  void theExampleUsesBothStimulusPyFilesUnchanged() throws Exception {
    Path example = Path.of("../examples/titanic/stimulus-py");
    Experiment x = Experiment.load(example.resolve("experiment-tuned.yaml"), CATALOGUE);
    assertEquals("tpe", x.search().strategy());
    assertEquals(12, x.search().budget());
    assertEquals("test.roc_auc", x.objective().metric());
    Map<String, SearchSpace.Dimension> d = dimensions(x);
    // 3 one-layer and 9 two-layer widths
    assertEquals(12, ((SearchSpace.Categorical) d.get("model.hidden")).values().size());
    assertEquals(new SearchSpace.Real("model.lr", 0.0001, 0.1, true), d.get("model.lr"));
    assertEquals(3, x.search().space().choices().get(1).alternatives().size(), "the data config's 3 noise variants");
  }

  @Test
  void theTpeSearchRunsOverTheImportedSpace() throws Exception {
    Experiment x = load(MODEL, EXPERIMENT);
    List<SearchRun.Batch> batches = new ArrayList<>();
    try (ArtifactStore store = Stores.embedded(dir.resolve(".stimulus"))) {
      LocalExecutor executor = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(1));
      RunReport report = SearchRun.run(x, p -> executor.run(p, ProgressListener.NONE), store, batches::add);
      assertTrue(report.succeeded(), report.summary());
      assertEquals(6, report.results().trials().size());
      report.results().trials().forEach(t -> {
        double auc = t.metrics().get("validation").get("roc_auc").asDouble();
        assertTrue(auc >= 0 && auc <= 1, t.metrics().toString());
      });
      assertEquals(List.of(4, 2), batches.stream().map(b -> b.plan().trials().size()).toList(),
          "TPE proposes in batches, learning from the earlier ones");
    }
  }

  @Test
  void aMedianPrunerImportsAsTheSearchsPruner() throws Exception {
    Experiment x = load(MODEL, EXPERIMENT.replace("  pruner: ignore\n", ""));
    assertEquals(new MedianPruning(2, 10), x.search().pruning(), "n_startup_trials 2, n_warmup_steps 10");
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("pruner.params.n_warmup_steps: counted in epochs here")),
        x.warnings().toString());
    assertEquals(null, load(MODEL, EXPERIMENT).search().pruning(), "pruner: ignore runs without it");
  }

  @Test
  void theTpeSearchRunsWithTheMedianPruner() throws Exception {
    String model = MODEL.replace("n_warmup_steps: 10", "n_warmup_steps: 0");
    Experiment x = load(model, EXPERIMENT.replace("  pruner: ignore\n", "").replace("epochs: 2", "epochs: 4"));
    assertEquals(new MedianPruning(2, 0), x.search().pruning());
    List<SearchRun.Batch> batches = new ArrayList<>();
    try (ArtifactStore store = Stores.embedded(dir.resolve(".stimulus"))) {
      LocalExecutor executor = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(1));
      RunReport report = SearchRun.run(x, p -> executor.run(p, ProgressListener.NONE), store, batches::add);
      assertTrue(report.succeeded(), report.summary());
      assertEquals(List.of(4, 2), batches.stream().map(b -> b.plan().trials().size()).toList());
      // The first batch has no history: full trainings, no thresholds.
      List<double[]> completed = new ArrayList<>();
      for (var t : batches.get(0).plan().trials()) {
        assertTrue(t.model().steps().get(0).params().path("prune_above").isMissingNode(), t.label());
        double[] curve = curve(store, batches.get(0).report(), t);
        assertEquals(4, curve.length, t.label());
        completed.add(curve);
      }
      // The second batch is compared with the per-epoch medians of the first (numpy's median, by hand here).
      double[] medians = new double[4];
      for (int e = 0; e < 4; e++) {
        double[] v = new double[completed.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = completed.get(i)[e];
        }
        java.util.Arrays.sort(v);
        medians[e] = (v[1] + v[2]) / 2;
      }
      int pruned = 0;
      for (var t : batches.get(1).plan().trials()) {
        var above = t.model().steps().get(0).params().get("prune_above");
        assertEquals(4, above.size(), t.label());
        for (int e = 0; e < 4; e++) {
          assertEquals(medians[e], above.get(e).asDouble(), 0.0, "epoch " + (e + 1));
        }
        double[] curve = curve(store, batches.get(1).report(), t);
        double best = Double.POSITIVE_INFINITY;
        for (int e = 0; e < curve.length; e++) {
          best = Math.min(best, curve[e]);
          if (e < curve.length - 1) {
            assertTrue(best <= medians[e], t.label() + ": above the median at epoch " + (e + 1) + " but went on");
          } else if (curve.length < 4) {
            assertTrue(best > medians[e], t.label() + ": stopped at epoch " + (e + 1) + " without being above the median");
          }
        }
        pruned += curve.length < 4 ? 1 : 0;
      }
      assertEquals(pruned, batches.get(1).pruned());
      // The run's trials say which were pruned (and stay ok: trained, evaluated and recorded).
      List<String> notes = report.results().trials().stream().map(r -> r.status() + " " + r.message()).toList();
      List<String> expected = new ArrayList<>(java.util.Collections.nCopies(4, "ok "));
      for (var t : batches.get(1).plan().trials()) {
        int ran = curve(store, batches.get(1).report(), t).length;
        expected.add(ran < 4 ? "ok pruned after epoch " + ran + " of 4" : "ok ");
      }
      assertEquals(expected, notes);
      assertTrue(batches.get(1).summary().endsWith(pruned + " pruned") || batches.get(1).summary().contains("; " + pruned
          + " pruned"), batches.get(1).summary());
    }
  }

  /** The validation losses of a trial's training, from its curve output in the store. */
  static double[] curve(ArtifactStore store, RunReport report, dev.stimulus.workflows.plan.Trial t) {
    var ref = report.nodes().get(t.trainNode()).outputs().get(dev.stimulus.stages.StageKind.Ports.CURVE);
    String csv = new String(store.get(ref.digest()), java.nio.charset.StandardCharsets.UTF_8);
    return csv.lines().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[2])).toArray();
  }

  @Test
  void noPrunerAndNopPrunerNeedNothing() throws Exception {
    String noPruner = MODEL.substring(0, MODEL.indexOf("pruner:")) + MODEL.substring(MODEL.indexOf("sampler:"));
    load(noPruner, EXPERIMENT.replace("  pruner: ignore\n", ""));
    load(MODEL.replace("MedianPruner", "NopPruner"), EXPERIMENT.replace("  pruner: ignore\n", ""));
  }

  @Test
  void renameMapsAModelsOwnParameterNames() throws Exception {
    String conv = MODEL.replace("  hidden:\n    mode: variable_list", "  kan_layers_hidden:\n    mode: variable_list");
    String m = fails(conv, EXPERIMENT);
    assertTrue(m.startsWith(at(lineOf(conv, "  kan_layers_hidden:") + ":3")
        + "network_params.kan_layers_hidden: network parameter 'kan_layers_hidden' is not a parameter of the djl trainer"), m);
    assertTrue(m.contains("model.rename: {kan_layers_hidden: <parameter>}"), m);
    Experiment x = load(conv, EXPERIMENT + "  rename: {kan_layers_hidden: hidden}\n");
    assertEquals(6, ((SearchSpace.Categorical) dimensions(x).get("model.hidden")).values().size());
  }

  @Test
  void constructsWithoutACounterpartAreRefusedAtTheirPlace() {
    record Case(String from, String to, String where, String message) {}
    List<Case> cases = List.of(
        new Case("params: {low: 8, high: 32}", "params: {low: 8, high: 32, log: true}", "data_params.batch_size.params.log",
            "an integer range on a log scale is not supported"),
        new Case("choices: [8, 16]", "choices: [8, 16, 32, 64, 128, 256]\n", "", ""),
        new Case("name: TPESampler", "name: CmaEsSampler", "sampler.name",
            "sampler CmaEsSampler is not supported (known: TPESampler, RandomSampler, QMCSampler, GridSampler)"),
        new Case("metric: val_rocauc", "metric: val_loss", "objective.metric",
            "metric 'val_loss' has no counterpart (the loss is not an evaluation metric here"),
        new Case("choices: ['BCEWithLogitsLoss']", "choices: ['BCELoss', 'MSELoss']", "loss_params.loss_fn.params.choices",
            "these losses belong to different tasks ([binary, regression])"),
        new Case("choices: ['BCEWithLogitsLoss']", "choices: ['HuberLoss']", "loss_params.loss_fn.params.choices",
            "loss HuberLoss is not supported"),
        new Case("choices: ['Adam', 'SGD']", "choices: ['Adam', 'AdamW']", "optimizer_params.method",
            "optimizer AdamW is not one of the trainer's (torch.optim names: Adam, SGD)"),
        new Case("  lr:\n", "  weight_decay:\n", "optimizer_params.weight_decay",
            "'weight_decay' has no counterpart in the djl trainer"),
        new Case("mode: float\n    params: {low: 0.0, high: 0.5}", "mode: gaussian\n    params: {low: 0.0, high: 0.5}",
            "network_params.dropout.mode", "unknown mode 'gaussian'"),
        new Case("mode: float\n    params: {low: 0.0, high: 0.5}", "mode: float\n    params: {low: 0.5, high: 0.0}",
            "network_params.dropout.params", "low must be <= high"),
        new Case("name: MedianPruner", "name: HyperbandPruner", "pruner.name",
            "pruner HyperbandPruner is not supported (known: MedianPruner, NopPruner)"),
        new Case("n_warmup_steps: 10", "interval_steps: 2", "pruner.params.interval_steps",
            "interval_steps other than 1 is not supported"),
        new Case("n_warmup_steps: 10", "n_min_trials: 3", "pruner.params.n_min_trials",
            "n_min_trials other than 1 is not supported"),
        new Case("n_warmup_steps: 10", "percentile: 25", "pruner.params.percentile",
            "unknown MedianPruner parameter 'percentile'"));
    for (Case c : cases) {
      String model = MODEL.replace(c.from(), c.to());
      assertTrue(!model.equals(MODEL), "the case applies: " + c.to());
      if (c.where().isEmpty()) {
        continue;
      }
      String m = fails(model, EXPERIMENT.replace("  pruner: ignore\n", ""));
      assertTrue(m.startsWith(dir.resolve("model.yaml") + ":"), m);
      assertTrue(m.contains(": " + c.where() + ": "), c.where() + " in " + m);
      assertTrue(m.contains(c.message()), c.message() + " in " + m);
    }
  }

  @Test
  void aVariableListTooLargeToListIsRefusedWithItsCount() {
    // conv_kan.yaml's kan_layers_hidden: 1 to 5 layers of 3 to 10: 37448 lists
    String big = MODEL.replace("params: {low: 1, high: 2}", "params: {low: 1, high: 5}")
        .replace("mode: categorical\n      params: {choices: [8, 16]}", "mode: int\n      params: {low: 3, high: 10}");
    assertTrue(big.contains("low: 3, high: 10"));
    String m = fails(big, EXPERIMENT);
    assertTrue(m.contains("network_params.hidden: this gives more than 1000 lists (8 values per element"), m);
  }

  @Test
  void theExperimentGivesOnlyBatchAndReplicatesOfTheSearch() throws Exception {
    Experiment x = load(MODEL, EXPERIMENT + "search: {batch: 1, replicates: 2}\n");
    assertEquals(1, x.search().batch());
    assertEquals(2, x.search().replicates());
    assertEquals("tpe", x.search().strategy());
    String m = fails(MODEL, EXPERIMENT + "search: {strategy: random, budget: 3}\n");
    assertTrue(m.startsWith(dir.resolve("experiment.yaml") + ":"), m);
    assertTrue(m.contains("search.strategy: the strategy comes from the stimulus-py model config"), m);
    m = fails(MODEL, EXPERIMENT + "search: {batch: 0}\n");
    assertTrue(m.startsWith(dir.resolve("experiment.yaml") + ":") && m.contains("search.batch: expected a number >= 1, found the number 0"), m);
  }

  @Test
  void theExperimentMustNotAlsoGiveTheObjective() {
    String m;
    m = fails(MODEL, EXPERIMENT + "objective: {metric: validation.accuracy}\n");
    assertTrue(m.contains("objective: the objective comes from the stimulus-py model config"), m);
  }

  @Test
  void theExperimentsOwnTrainerParametersAreCheckedInItsOwnFile() {
    String m = fails(MODEL, EXPERIMENT.replace("epochs: 2", "epochz: 2"));
    assertTrue(m.startsWith(dir.resolve("experiment.yaml") + ":"), m);
    assertTrue(m.contains("epochz"), m);
    m = fails(MODEL, EXPERIMENT.replace("epochs: 2", "dropout: 0.2"));
    assertTrue(m.contains("network_params.dropout: 'dropout' is given twice: here and in the experiment's model section"), m);
  }

  @Test
  void theModelConfigMayBeGivenApartButNotTwice() throws Exception {
    load(MODEL, EXPERIMENT);
    Path apart = dir.resolve("elsewhere.yaml");
    Files.writeString(apart, MODEL);
    String withoutFile = EXPERIMENT.replace("  stimulus_py: model.yaml\n", "");
    Files.writeString(dir.resolve("experiment.yaml"), withoutFile);
    Experiment x = Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE, apart);
    assertEquals("tpe", x.search().strategy());
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);
    String m = assertThrows(ExperimentException.class,
        () -> Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE, apart)).getMessage();
    assertTrue(m.contains("model.stimulus_py: a model config is also given on the command line"), m);
  }

  @Test
  void malformedAndHostileModelConfigsAreRefusedAtTheirPlace() {
    record Case(String model, String message) {}
    // nine levels of nine references: a billion laughs
    StringBuilder bomb = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("l").append(i).append(": &l").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
    }
    String alias = bomb.toString();
    List<Case> cases = List.of(
        new Case("", "the file is empty"),
        new Case("[1, 2]\n", "expected a stimulus-py model config (a mapping"),
        new Case("network_params: [hidden]\n", "network_params: expected a mapping, found"),
        new Case("network_params:\n  dropout: 0.3\n", "network_params.dropout: expected a mapping, found"),
        new Case("network_params:\n  dropout: {params: {low: 0, high: 1}}\n", "network_params.dropout.mode: expected a non-empty string"),
        new Case("network_params:\n  dropout: {mode: float}\n", "network_params.dropout: missing required key 'params'"),
        new Case("network_params:\n  dropout: {mode: float, params: {low: 0}}\n",
            "network_params.dropout.params: missing required key 'high'"),
        new Case("network_params:\n  dropout: {mode: float, params: {low: zero, high: 1}}\n",
            "network_params.dropout.params.low: expected a number"),
        new Case("network_params:\n  dropout: {mode: float, params: {low: 0, high: 1e999}}\n",
            "network_params.dropout.params.high: expected a number"),
        new Case("network_params:\n  dropout: {mode: float, params: {low: 0, high: 1, extra: 2}}\n",
            "network_params.dropout.params.extra: unknown key 'extra'"),
        new Case("network_params:\n  hidden: {mode: categorical, params: {choices: []}}\n",
            "network_params.hidden.params.choices: expected a non-empty list"),
        new Case("network_params:\n  hidden: {mode: variable_list, length: {mode: float, params: {low: 1, high: 2}},"
            + " values: {mode: int, params: {low: 1, high: 2}}}\n", "the length of a variable_list has mode int"),
        new Case("network_params:\n  hidden: {mode: variable_list, length: {mode: int, params: {low: 0, high: 1}},"
            + " values: {mode: int, params: {low: 1, high: 2}}}\n", "the length of a variable_list must be >= 1, found 0"),
        new Case("network_params:\n  dropout: {mode: variable_list, length: {mode: int, params: {low: 1, high: 1}},"
            + " values: {mode: int, params: {low: 1, high: 2}}}\n", "a variable_list gives a list, but 'dropout' takes a number"),
        new Case("network_params:\n  hidden: {mode: int, params: {low: 1, high: 100000}}\n",
            "this gives more than 1000 alternatives"),
        new Case("data_params:\n  batch_size: {mode: float, params: {low: 1, high: 5}}\n",
            "a float range gives a number, but 'batch_size' takes a whole number"),
        new Case("network_params:\n  dropout: {mode: discrete_uniform, params: {low: 0, high: 0.5, q: 0}}\n",
            "network_params.dropout.params.q: expected a step > 0"),
        new Case("n_trials: 0\n", "n_trials: expected a whole number >= 1"),
        new Case("n_trials: many\n", "n_trials: expected a whole number >= 1"),
        new Case("sampler: TPESampler\n", "sampler: expected a mapping"),
        new Case("sampler: {name: TPESampler, params: {n_startup_trials: -1}}\n",
            "sampler.params.n_startup_trials: expected a whole number >= 0"),
        new Case("pruner: {params: {}}\n", "pruner: missing required key 'name'"),
        new Case("objective: {metric: val_rocauc, direction: sideways}\n", "objective.direction: expected maximize or minimize"),
        new Case("objective: {metric: rocauc}\n", "metric 'rocauc' has no counterpart"),
        new Case(alias, "refusing to expand what looks like an alias bomb"));
    for (Case c : cases) {
      String m = fails(c.model(), EXPERIMENT.replace("  pruner: ignore\n", ""));
      assertTrue(m.contains("model.yaml"), c.model() + " -> " + m);
      assertTrue(m.contains(c.message()), c.message() + " in " + m);
    }
  }

  @Test
  void aModelConfigThatIsNotThereIsNamed() throws Exception {
    String m = fails(MODEL, EXPERIMENT.replace("stimulus_py: model.yaml", "stimulus_py: nowhere.yaml"));
    assertTrue(m.contains("experiment.yaml:") && m.contains("model.stimulus_py: stimulus-py model config not found: "), m);
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT.replace("  stimulus_py: model.yaml\n", ""));
    m = assertThrows(ExperimentException.class, () -> Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE,
        dir.resolve("missing.yaml"))).getMessage();
    assertTrue(m.contains("model: stimulus-py model config not found: " + dir.resolve("missing.yaml")), m);
  }

  private static int lineOf(String text, String line) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(line)) {
        return i + 1;
      }
    }
    throw new AssertionError(line);
  }
}
