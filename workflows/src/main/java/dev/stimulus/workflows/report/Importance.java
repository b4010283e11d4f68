package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.analysis.Direction;
import dev.stimulus.workflows.analysis.Fanova;
import dev.stimulus.workflows.analysis.Parameter;
import dev.stimulus.workflows.analysis.PedAnova;
import dev.stimulus.workflows.analysis.RandomForest;
import dev.stimulus.workflows.analysis.TrialTable;
import dev.stimulus.workflows.analysis.Tunability;
import dev.stimulus.workflows.index.IndexedTrial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Which hyper-parameters matter: fANOVA on a forest surrogate, PED-ANOVA, and tunability. */
final class Importance {

  /** Trials needed before a surrogate is worth fitting. */
  static final int MIN_TRIALS = 4;

  private Importance() {}

  /** fANOVA main effects of one experiment's trials, or null when it has too few trials or no factors. */
  static Fanova.Result mainEffects(Factors f, long seed, boolean interactions) {
    if (f.trials.size() < MIN_TRIALS || f.names.isEmpty()) {
      return null;
    }
    return Fanova.analyse(RandomForest.fit(f.table(), RandomForest.Options.defaults(seed)), interactions);
  }

  static Section section(Factors f, Direction direction, long seed, Catalogue catalogue) {
    List<String> notes = new ArrayList<>();
    if (f.trials.size() < MIN_TRIALS || f.names.isEmpty()) {
      notes.add("Not available: the analysis needs at least " + MIN_TRIALS + " completed trials and a parameter"
          + " that varies; this experiment has " + f.trials.size() + " completed trials and "
          + f.names.size() + " varying parameters.");
      return Section.of("importance", "Which hyper-parameters matter", notes, List.of(), List.of());
    }
    TrialTable table = f.table();
    RandomForest forest = RandomForest.fit(table, RandomForest.Options.defaults(seed));
    Fanova.Result fanova = Fanova.analyse(forest, true);
    notes.add("Functional ANOVA of a random-forest surrogate (" + forest.treeCount() + " trees) fitted to "
        + f.trials.size() + " completed trials over " + f.names.size() + " varying parameters of the split,"
        + " the transforms and the model (the encoding is one configuration per experiment, so it does not"
        + " vary here). A main effect is the share of the surrogate's variance one parameter explains alone;"
        + " the spread is the standard deviation of that share across the trees.");
    if (!f.determinedBy.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      f.determinedBy.forEach((dropped, kept) -> pairs.add(dropped + " (follows " + kept + ")"));
      notes.add("Left out because another parameter of the same step determines them (they only say whether"
          + " the step is there): " + String.join(", ", pairs) + ".");
    }
    if (!f.controls.isEmpty()) {
      notes.add(f.controls.size() + " label-shuffle control trials are left out of this analysis (see the"
          + " noise section).");
    }
    List<Chart> charts = new ArrayList<>();
    List<Table> tables = new ArrayList<>();

    List<Fanova.Effect> ranked = fanova.ranked();
    List<List<Object>> rows = new ArrayList<>();
    for (Fanova.Effect e : ranked) {
      String p = e.parameters().get(0);
      rows.add(List.of(p, Factors.stage(p), e.mean(), e.std()));
    }
    tables.add(new Table("importance", "fANOVA main effects", List.of("parameter", "step", "main_effect", "spread"), rows));
    charts.add(new Chart("chart-importance", "bar", "Main effects (share of variance, ± spread across trees)",
        Specs.series(Specs.bar(ranked.stream().map(e -> e.parameters().get(0)).toList(), "share of variance"),
            "main effect", ranked.stream().map(Fanova.Effect::mean).toList(),
            ranked.stream().map(Fanova.Effect::std).toList())));

    List<Fanova.Effect> pairs = fanova.interactions().stream()
        .sorted(Comparator.comparingDouble(Fanova.Effect::mean).reversed()
            .thenComparing(e -> String.join(" x ", e.parameters())))
        .limit(10).toList();
    if (!pairs.isEmpty()) {
      List<List<Object>> irows = new ArrayList<>();
      pairs.forEach(e -> irows.add(List.of(e.parameters().get(0), e.parameters().get(1), e.mean(), e.std())));
      tables.add(new Table("interactions", "Strongest pairwise interactions",
          List.of("parameter_a", "parameter_b", "interaction", "spread"), irows));
      charts.add(new Chart("chart-interactions", "bar", "Pairwise interactions (share of variance, ± spread)",
          Specs.series(Specs.bar(pairs.stream().map(e -> String.join(" x ", e.parameters())).toList(),
              "share of variance"), "interaction", pairs.stream().map(Fanova.Effect::mean).toList(),
              pairs.stream().map(Fanova.Effect::std).toList())));
    }

    double gamma = f.trials.size() >= 20 ? 0.1 : 0.25;
    try {
      PedAnova.Result ped = PedAnova.analyse(table, direction, gamma);
      List<List<Object>> prow = new ArrayList<>();
      ped.ranked().forEach(i -> prow.add(List.of(i.parameter(), Factors.stage(i.parameter()), i.divergence(), i.share())));
      tables.add(new Table("ped_anova", "PED-ANOVA: what matters for the top " + Math.round(gamma * 100) + "%",
          List.of("parameter", "step", "divergence", "share"), prow));
      charts.add(new Chart("chart-ped-anova", "bar", "PED-ANOVA importance for the top "
          + Math.round(gamma * 100) + "% of trials (" + ped.topTrials() + " of " + ped.baseTrials() + ")",
          Specs.series(Specs.bar(ped.ranked().stream().map(PedAnova.Importance::parameter).toList(), "share"),
              "share", ped.ranked().stream().map(PedAnova.Importance::share).toList(), null)));
    } catch (StageException e) {
      notes.add("PED-ANOVA not available: " + e.getMessage());
    }

    Defaults defaults = defaults(f, table, catalogue);
    try {
      Tunability.Result tun = Tunability.against(forest, table, defaults.values, direction);
      List<List<Object>> trows = new ArrayList<>();
      for (Tunability.Gain g : tun.ranked()) {
        trows.add(List.of(g.parameter(), String.valueOf(defaults.values.get(g.parameter())),
            defaults.sources.get(g.parameter()), g.bestValue(), g.gain()));
      }
      trows.add(java.util.Arrays.asList("(all together)", null, null, null, tun.overall()));
      tables.add(new Table("tunability", "Tunability against the defaults (predicted gain of tuning one parameter)",
          List.of("parameter", "default", "default_from", "best_value", "gain"), trows));
      List<Tunability.Gain> g = tun.ranked();
      charts.add(new Chart("chart-tunability", "bar", "Tunability: predicted objective gain over the default"
          + " configuration (" + String.format(java.util.Locale.ROOT, "%.4g", tun.defaultPrediction()) + ")",
          Specs.series(Specs.bar(g.stream().map(Tunability.Gain::parameter).toList(), "gain"), "gain",
              g.stream().map(Tunability.Gain::gain).toList(), null)));
      notes.add("Tunability (as in 'Tunability: importance of hyperparameters of machine learning algorithms'):"
          + " the surrogate's predicted gain from tuning one parameter while the others keep their defaults."
          + " Defaults are the stages' declared defaults where those were tried, '(absent)' for a transform"
          + " step that some trials skip (not applying it is the default), else the most common value.");
    } catch (StageException e) {
      notes.add("Tunability not available: " + e.getMessage());
    }
    return Section.of("importance", "Which hyper-parameters matter", notes, charts, tables);
  }

  record Defaults(Map<String, Object> values, Map<String, String> sources) {}

  /** The default configuration, parameter by parameter, and where each value came from. */
  static Defaults defaults(Factors f, TrialTable table, Catalogue catalogue) {
    Map<String, Object> values = new TreeMap<>();
    Map<String, String> sources = new TreeMap<>();
    Map<String, Boolean> absentSeen = new HashMap<>();
    for (Parameter p : table.parameters()) {
      Map<String, Integer> counts = new HashMap<>();
      Map<String, Object> cells = new HashMap<>();
      for (IndexedTrial t : f.trials) {
        String level = Factors.level(t, p.name());
        counts.merge(level, 1, Integer::sum);
        cells.putIfAbsent(level, Factors.cell(t.params().get(p.name())));
      }
      String common = counts.entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .orElseThrow().getKey();
      values.put(p.name(), cells.get(common));
      sources.put(p.name(), "most common value");
      absentSeen.put(p.name(), counts.containsKey(TrialTable.ABSENT));
    }
    // Declared defaults replace the stand-ins one by one, each checked against a complete configuration.
    for (Parameter p : table.parameters()) {
      Object declared = declaredDefault(p.name(), f, catalogue);
      if (declared != null && accepts(table, values, p.name(), declared)) {
        values.put(p.name(), declared);
        sources.put(p.name(), "stage default");
      } else if (absentSeen.get(p.name()) && p.name().startsWith("transform.")) {
        values.put(p.name(), null);
        sources.put(p.name(), "step not applied");
      }
    }
    return new Defaults(values, sources);
  }

  private static boolean accepts(TrialTable table, Map<String, Object> config, String name, Object value) {
    Map<String, Object> trial = new TreeMap<>(config);
    trial.put(name, value);
    try {
      double[] encoded = table.encode(trial, "default");
      Parameter p = table.parameters().get(table.indexOf(name));
      double v = encoded[table.indexOf(name)];
      return p.categorical() || v >= p.lower() && v <= p.upper();
    } catch (StageException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The stage's declared default of a flattened parameter ({@code transform.<Stage>[#n].<param>},
   * {@code model.<param>}, {@code split.<param>}), when the stage can be found.
   */
  private static Object declaredDefault(String name, Factors f, Catalogue catalogue) {
    String[] parts = name.split("\\.");
    Stage stage = null;
    String param;
    try {
      if (parts.length == 3 && parts[0].equals("transform")) {
        stage = catalogue.find(StageKind.TRANSFORM, parts[1].replaceAll("#\\d+$", ""));
        param = parts[2];
      } else if (parts.length == 2 && parts[0].equals("model")) {
        List<Stage> trainers = catalogue.ofKind(StageKind.TRAIN);
        stage = trainers.size() == 1 ? trainers.get(0) : null;
        param = parts[1];
      } else if (parts.length == 2 && parts[0].equals("split") && !f.trials.isEmpty()) {
        String label = Factors.level(f.trials.get(0), "split");
        stage = catalogue.find(StageKind.SPLIT, label.replaceAll("[\\[@].*$", ""));
        param = parts[1];
      } else {
        return null;
      }
    } catch (StageException | IllegalArgumentException e) {
      return null;
    }
    if (stage == null) {
      return null;
    }
    for (Param p : stage.params().list()) {
      if (p.name().equals(param)) {
        JsonNode d = p.defaultValue();
        return Factors.cell(d);
      }
    }
    return null;
  }
}
