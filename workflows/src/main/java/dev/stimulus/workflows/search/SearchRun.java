package dev.stimulus.workflows.search;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Configuration;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.experiment.Search;
import dev.stimulus.workflows.experiment.SearchSpace;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.Trial;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs an experiment's search: ask the strategy for a batch of configurations, plan them (each
 * configuration × replicates as trials, identical invocations folded, earlier batches' work a cache
 * hit), run the plan on whichever engine the caller gives, tell the strategy each configuration's
 * objective (the mean over its completed replicates), and again, until the budget of distinct
 * configurations is spent. The grid is one batch of every point, exactly the plan {@link Plan#of(Experiment)}
 * makes. All batches' trials end up in one {@link RunReport} over one plan, whose results are the
 * experiment's run record as for a single plan.
 */
public final class SearchRun {

  /** Asks in a row that bring nothing new before the runner concludes the space is exhausted. */
  private static final int MAX_FRUITLESS_ASKS = 100;

  /**
   * One finished batch.
   *
   * @param number 1-based
   * @param configurations how many distinct configurations have run so far, this batch included
   * @param best the best objective so far, if any trial has one
   * @param pruned trainings of this batch the median pruner stopped early
   */
  public record Batch(int number, Search search, Plan plan, RunReport report, int configurations,
      Objective objective, OptionalDouble best, int pruned) {

    /** One line, e.g. {@code batch 2: 4 configurations (8 trials), 12/24 done; best validation.roc_auc 0.91}. */
    public String summary() {
      int n = plan.trials().size() / search.replicates();
      return "batch " + number + ": " + n + (n == 1 ? " configuration" : " configurations")
          + (search.replicates() > 1 ? " (" + plan.trials().size() + " trials)" : "") + ", " + configurations + "/"
          + search.budget() + " done; " + report.summary().lines().findFirst().orElse("")
          + (search.pruning() == null ? "" : "; " + pruned + " pruned")
          + (best.isPresent() ? String.format(Locale.ROOT, "; best %s so far %.6g", objective.metric(),
              best.getAsDouble()) : "");
    }
  }

  private SearchRun() {}

  /**
   * Runs the search.
   *
   * @param executor runs one plan (the local executor, or another engine) and returns its report
   * @param store where the results are read from and the merged run record is written
   * @param onBatch told after every batch
   * @return every trial of every batch as one report (its plan has them all, in batch order)
   */
  public static RunReport run(Experiment experiment, Function<Plan, RunReport> executor, ArtifactStore store,
      Consumer<Batch> onBatch) {
    long start = System.nanoTime();
    Search search = experiment.search();
    SearchSpace space = search.space();
    SearchStrategy strategy = Strategies.find(search.strategy()).create(space, search.options(), experiment.seed());
    Objective objective = experiment.objective();
    MedianPruner pruner = search.pruning() == null ? null : new MedianPruner(search.pruning(), store);
    Set<String> seen = new HashSet<>();
    List<Configuration> all = new ArrayList<>();
    List<RunReport> reports = new ArrayList<>();
    int done = 0;
    OptionalDouble best = OptionalDouble.empty();
    while (done < search.budget()) {
      int want = Math.min(search.batch(), search.budget() - done);
      List<SearchSpace.Point> points = new ArrayList<>();
      List<Configuration> configurations = new ArrayList<>();
      int fruitless = 0;
      while (configurations.size() < want && fruitless < MAX_FRUITLESS_ASKS) {
        List<SearchSpace.Point> asked = strategy.ask(want - configurations.size());
        if (asked.isEmpty()) {
          break;
        }
        int before = configurations.size();
        for (SearchSpace.Point p : asked) {
          Configuration c = space.realise(p);
          // A configuration already run (or asked twice) is not run again: the budget counts distinct ones.
          if (configurations.size() < want && seen.add(c.id())) {
            points.add(p);
            configurations.add(c);
          }
        }
        fruitless = configurations.size() > before ? 0 : fruitless + 1;
      }
      if (configurations.isEmpty()) {
        break; // the strategy has nothing new to propose
      }
      List<Configuration> trials = new ArrayList<>();
      for (Configuration c : configurations) {
        for (int r = 0; r < search.replicates(); r++) {
          trials.add(pruner == null ? c.replicate(r) : pruner.apply(c.replicate(r)));
        }
      }
      Plan plan = Plan.of(experiment, trials);
      RunReport report = executor.apply(plan);
      int pruned = pruner == null ? 0 : pruner.observe(report);
      List<SearchStrategy.Observation> observations = new ArrayList<>();
      for (int i = 0; i < configurations.size(); i++) {
        OptionalDouble value = mean(report.results().trials().subList(i * search.replicates(),
            (i + 1) * search.replicates()));
        if (value.isPresent() && objective != null) {
          double v = value.getAsDouble();
          best = best.isEmpty() || objective.better(v, best.getAsDouble()) ? OptionalDouble.of(v) : best;
          value = OptionalDouble.of(objective.direction() == Objective.Direction.MAXIMIZE ? -v : v);
        }
        observations.add(new SearchStrategy.Observation(points.get(i), value));
      }
      strategy.tell(observations);
      all.addAll(trials);
      reports.add(report);
      done += configurations.size();
      onBatch.accept(new Batch(reports.size(), search, plan, report, done, objective, best, pruned));
    }
    if (reports.size() == 1) {
      return reports.get(0);
    }
    return merge(experiment, all, reports, store, (System.nanoTime() - start) / 1_000_000);
  }

  /** The mean objective of a configuration's completed replicates. */
  private static OptionalDouble mean(List<TrialResult> replicates) {
    return replicates.stream().filter(t -> t.objective().isPresent())
        .mapToDouble(t -> t.objective().getAsDouble()).average();
  }

  /**
   * The batches as one report: the plan of all their trials, each node's result taken from the
   * first batch that had it (where it ran; later batches found it cached), and the results
   * collected and recorded over the whole plan.
   */
  static RunReport merge(Experiment experiment, List<Configuration> trials, List<RunReport> reports,
      ArtifactStore store, long millis) {
    Plan merged = Plan.of(experiment, trials);
    NodeResult[] nodes = new NodeResult[merged.nodes().size()];
    int offset = 0;
    for (RunReport r : reports) {
      for (Trial t : r.plan().trials()) {
        Trial m = merged.trials().get(offset + t.index());
        for (int i = 0; i < t.path().size(); i++) {
          int at = m.path().get(i);
          if (nodes[at] == null) {
            NodeResult n = r.nodes().get(t.path().get(i));
            nodes[at] = new NodeResult(merged.node(at), n.status(), n.key(), n.outputs(), n.message(), n.millis());
          }
        }
      }
      offset += r.plan().trials().size();
    }
    List<NodeResult> list = Arrays.asList(nodes);
    Results results = Results.collect(merged, list, store);
    results.save(store);
    return new RunReport(merged, list, results, millis);
  }
}
