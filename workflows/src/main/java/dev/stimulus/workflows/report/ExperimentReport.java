package dev.stimulus.workflows.report;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Lineage;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageException;
import dev.stimulus.workflows.analysis.Direction;
import dev.stimulus.workflows.analysis.Fanova;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.index.IndexedTrial;
import dev.stimulus.workflows.index.TrialExport;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.index.TrialQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report of one experiment (DESIGN §6), built from the trial index (each trial's latest run) and,
 * for lineage, training curves and the cross-evaluation matrix, the store. Sections: summary with
 * the best trial, trials, hyper-parameter importance, effects against noise and the label-shuffle
 * control, learning curve, training curve, cross-evaluation, lineage of the best model, and
 * importances across the experiments in the index.
 */
public final class ExperimentReport {

  /** The surrogate forest's seed: fixed, so the same trials give the same report. */
  static final long SEED = 0;

  private ExperimentReport() {}

  /** Builds and writes the report of {@code experiment}; returns report.html. */
  public static Path generate(TrialIndex index, ArtifactStore store, String experiment, Path dir) {
    return build(index, store, experiment, Catalogue.load()).write(dir);
  }

  /** The report of an experiment as the index holds it. */
  public static Report build(TrialIndex index, ArtifactStore store, String experiment, Catalogue catalogue) {
    TrialIndex.ExperimentRow row = index.experiment(experiment).orElseThrow(() -> new StoreException(
        "the trial index " + index.url() + " has no experiment '" + experiment + "' (it has: "
            + String.join(", ", index.experiments().stream().map(TrialIndex.ExperimentRow::name).toList())
            + "); run it, or rebuild the index from the store with stimulus reindex"));
    List<IndexedTrial> trials = index.trials(TrialQuery.of(experiment));
    Map<String, List<IndexedTrial>> others = new TreeMap<>();
    for (TrialIndex.ExperimentRow e : index.experiments()) {
      if (e.objective() != null) {
        others.put(e.name(), e.name().equals(experiment) ? trials : index.trials(TrialQuery.of(e.name())));
      }
    }
    return build(experiment, row.objective(), trials, store, catalogue, others);
  }

  /**
   * The report of a list of trials.
   *
   * @param store for lineage, training curves and cross-evaluation; null leaves them out (the report says so)
   * @param experiments every experiment's trials by name, for the importances across experiments
   */
  public static Report build(String experiment, Objective objective, List<IndexedTrial> trials,
      ArtifactStore store, Catalogue catalogue, Map<String, List<IndexedTrial>> experiments) {
    List<Section> sections = new ArrayList<>();
    IndexedTrial best = best(trials, objective);
    sections.add(summary(experiment, objective, trials, best));
    sections.add(trialsSection(trials));
    if (objective == null) {
      sections.add(Section.of("importance", "Which hyper-parameters matter", List.of("Not available: the"
          + " experiment declares no objective, so there is nothing to explain."), List.of(), List.of()));
    } else {
      Direction direction = Direction.valueOf(objective.direction().name());
      Factors factors = Factors.of(trials);
      sections.add(guard("importance", "Which hyper-parameters matter",
          () -> Importance.section(factors, direction, SEED, catalogue)));
      sections.add(guard("noise", "Effects against replicate noise and the label-shuffle control",
          () -> Noise.section(factors, objective.metric())));
      sections.add(Curves.learning(factors, objective.metric()));
      sections.add(Curves.training(best, store));
      sections.add(guard("cross-evaluation", "Cross-evaluation",
          () -> CrossEvaluation.section(trials, objective.metric(), store, catalogue)));
    }
    sections.add(lineage(best, store));
    sections.add(guard("across-experiments", "Importance across experiments and datasets",
        () -> acrossExperiments(experiments == null ? Map.of() : experiments)));
    return new Report(experiment, sections);
  }

  private interface Builder {
    Section build();
  }

  /** A section whose analysis fails says why instead of failing the whole report. */
  private static Section guard(String id, String title, Builder b) {
    try {
      return b.build();
    } catch (StageException | StoreException | IllegalArgumentException e) {
      return Section.of(id, title, List.of("Not available: " + e.getMessage()), List.of(), List.of());
    }
  }

  /** The best completed trial by the objective; the earliest wins a tie. */
  static IndexedTrial best(List<IndexedTrial> trials, Objective objective) {
    if (objective == null) {
      return null;
    }
    IndexedTrial best = null;
    for (IndexedTrial t : trials) {
      if (t.completed() && t.objective() != null && !Factors.isControl(t)
          && (best == null || objective.better(t.objective(), best.objective()))) {
        best = t;
      }
    }
    return best;
  }

  private static Section summary(String experiment, Objective objective, List<IndexedTrial> trials, IndexedTrial best) {
    Map<String, Long> counts = new TreeMap<>();
    trials.forEach(t -> counts.merge(t.status(), 1L, Long::sum));
    List<List<Object>> rows = new ArrayList<>();
    rows.add(Arrays.asList("experiment", experiment));
    rows.add(Arrays.asList("objective", objective == null ? "(none)"
        : objective.metric() + " (" + objective.direction().name().toLowerCase(Locale.ROOT) + ")"));
    rows.add(Arrays.asList("trials", String.valueOf(trials.size())));
    counts.forEach((s, n) -> rows.add(Arrays.asList("trials " + s, String.valueOf(n))));
    trials.stream().map(IndexedTrial::runId).max(String::compareTo)
        .ifPresent(r -> rows.add(Arrays.asList("latest run", r)));
    trials.stream().map(IndexedTrial::data).filter(java.util.Objects::nonNull).distinct()
        .forEach(d -> rows.add(Arrays.asList("data digest", d)));
    List<String> notes = new ArrayList<>();
    if (best != null) {
      rows.add(Arrays.asList("best trial", best.trialId() + " " + best.label()));
      rows.add(Arrays.asList("best objective", String.valueOf(best.objective())));
      rows.add(Arrays.asList("best model", String.valueOf(best.model())));
      notes.add("Best trial " + best.trialId() + " (" + best.label() + "): " + objective.metric() + " = "
          + best.objective() + ".");
    } else {
      notes.add("No completed trial has an objective value.");
    }
    return Section.of("summary", "Summary", notes, List.of(),
        List.of(new Table("summary", "Summary", List.of("item", "value"), rows)));
  }

  private static Section trialsSection(List<IndexedTrial> trials) {
    List<String> columns = TrialExport.columns(trials);
    List<String> names = columns.stream().map(c -> c.replace(':', '_')).toList();
    return Section.of("trials", "Trials", List.of("Every trial of the experiment as last run: status (ok, cached:"
            + " every invocation a cache hit, failed, blocked), objective, parameters and metrics."),
        List.of(), List.of(new Table("trials", "Trials", names, TrialExport.rows(trials, columns))));
  }

  private static Section lineage(IndexedTrial best, ArtifactStore store) {
    String title = "Where the best model came from";
    if (best == null || best.model() == null || store == null) {
      return Section.of("lineage", title, List.of("Not available: " + (best == null ? "no completed trial"
          : store == null ? "the store is not at hand" : "the best trial has no model") + "."), List.of(), List.of());
    }
    try {
      String text = Lineage.trace(store, Digest.parse(best.model())).toText();
      return new Section("lineage", title, List.of("Every invocation from the best model (trial " + best.trialId()
          + ") back to the raw data, with digests (stimulus lineage best gives the same)."), List.of(), List.of(), text);
    } catch (StoreException e) {
      return Section.of("lineage", title, List.of("Not available: " + e.getMessage()), List.of(), List.of());
    }
  }

  /**
   * fANOVA main effects of every experiment in the index with enough trials: the distribution of a
   * parameter's importance across experiments and datasets ("Hyperparameter importance across
   * datasets", KDD 2018).
   */
  private static Section acrossExperiments(Map<String, List<IndexedTrial>> experiments) {
    List<List<Object>> rows = new ArrayList<>();
    Map<String, List<Double>> byParameter = new TreeMap<>();
    int analysed = 0;
    for (var e : experiments.entrySet()) {
      Factors f = Factors.of(e.getValue());
      Fanova.Result r;
      try {
        r = Importance.mainEffects(f, SEED, false);
      } catch (StageException ex) {
        r = null;
      }
      if (r == null) {
        continue;
      }
      analysed++;
      String data = e.getValue().stream().map(IndexedTrial::data).filter(java.util.Objects::nonNull).findFirst()
          .map(d -> d.substring(0, 12)).orElse("");
      for (Fanova.Effect eff : r.ranked()) {
        String p = eff.parameters().get(0);
        rows.add(Arrays.asList(e.getKey(), data, p, eff.mean(), eff.std()));
        byParameter.computeIfAbsent(p, k -> new ArrayList<>()).add(eff.mean());
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add(analysed + " of " + experiments.size() + " experiments in the index have enough completed trials ("
        + Importance.MIN_TRIALS + "+) for a surrogate. Each point is one experiment's fANOVA main effect of a"
        + " parameter; a parameter that matters everywhere sits high in every experiment.");
    List<Chart> charts = new ArrayList<>();
    List<List<Object>> summary = new ArrayList<>();
    byParameter.forEach((p, v) -> summary.add(Arrays.asList(p, (long) v.size(), Specs.mean(v),
        v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))));
    if (!byParameter.isEmpty()) {
      charts.add(new Chart("chart-across-experiments", "strip", "Main effect of each parameter across experiments",
          Specs.strip(new ArrayList<>(byParameter.keySet()), new ArrayList<>(byParameter.values()),
              "share of variance")));
    }
    return Section.of("across-experiments", "Importance across experiments and datasets", notes, charts, List.of(
        new Table("importance_by_experiment", "Main effects per experiment",
            List.of("experiment", "data", "parameter", "main_effect", "spread"), rows),
        new Table("importance_distribution", "Distribution of main effects across experiments",
            List.of("parameter", "experiments", "mean", "min", "max"), summary)));
  }
}
