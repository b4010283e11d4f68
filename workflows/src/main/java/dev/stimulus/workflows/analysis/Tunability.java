package dev.stimulus.workflows.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Tunability against defaults ("Tunability: importance of hyperparameters of machine learning
 * algorithms", JMLR 2019), read off the random-forest surrogate:
 * how much better the predicted objective gets by tuning one parameter while the others keep their
 * default values, and by tuning all of them.
 *
 * <p>Per parameter the optimum is exact for the surrogate: the forest's prediction along one
 * parameter is piecewise constant between the trees' thresholds on it, so evaluating one point per
 * piece (every level of a categorical) finds its maximum. The all-parameter optimum is searched over
 * the configurations of the observed trials and the per-parameter optima (a lower bound on the true
 * surrogate optimum, as in the paper's use of the best evaluated configuration).
 */
public final class Tunability {

  /** The predicted gain of tuning one parameter from its default, and the value reaching it. */
  public record Gain(String parameter, double gain, String bestValue) {}

  /**
   * Gains are in objective units, positive when better for the direction. {@code overall} is the gain
   * of the best configuration found, {@code parameters} in {@link TrialTable#parameters()} order.
   */
  public record Result(double defaultPrediction, double overall, List<Gain> parameters) {
    public Result {
      parameters = List.copyOf(parameters);
    }

    /** Most tunable first (ties by name). */
    public List<Gain> ranked() {
      return parameters.stream()
          .sorted(Comparator.comparingDouble(Gain::gain).reversed().thenComparing(Gain::parameter))
          .toList();
    }

    public Gain of(String name) {
      return parameters.stream().filter(g -> g.parameter().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no parameter '" + name + "'"));
    }
  }

  private Tunability() {}

  /**
   * Tunability of each parameter of the table (on which {@code forest} was fitted) against the
   * {@code defaults} configuration (every parameter given, as in a trial row).
   */
  public static Result against(RandomForest forest, TrialTable table, Map<String, ?> defaults, Direction direction) {
    double[] base = table.encode(defaults, "default configuration");
    double reference = forest.predict(base);
    List<Parameter> ps = table.parameters();
    List<Gain> gains = new ArrayList<>();
    double best = reference;
    for (int f = 0; f < ps.size(); f++) {
      double[] x = base.clone();
      double bestValue = base[f];
      double bestPrediction = reference;
      for (double candidate : candidates(forest, ps.get(f), f)) {
        x[f] = candidate;
        double prediction = forest.predict(x);
        if (direction.gain(prediction, bestPrediction) > 0) {
          bestPrediction = prediction;
          bestValue = candidate;
        }
      }
      gains.add(new Gain(ps.get(f).name(), direction.gain(bestPrediction, reference), ps.get(f).describe(bestValue)));
      if (direction.gain(bestPrediction, best) > 0) {
        best = bestPrediction;
      }
    }
    for (int t = 0; t < table.size(); t++) {
      double prediction = forest.predict(table.row(t));
      if (direction.gain(prediction, best) > 0) {
        best = prediction;
      }
    }
    return new Result(reference, direction.gain(best, reference), gains);
  }

  /** One value per piece of the forest's prediction along parameter f: levels, or piece midpoints. */
  private static double[] candidates(RandomForest forest, Parameter p, int f) {
    if (p.categorical()) {
      return IntStream.range(0, p.levelCount()).asDoubleStream().toArray();
    }
    List<Double> cuts = new ArrayList<>(List.of(p.lower(), p.upper()));
    for (Tree t : forest.trees()) {
      for (int n = 0; n < t.size(); n++) {
        if (!t.isLeaf(n) && t.feature(n) == f && t.threshold(n) > p.lower() && t.threshold(n) < p.upper()) {
          cuts.add(t.threshold(n));
        }
      }
    }
    double[] b = cuts.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    if (b.length == 1) {
      return b;
    }
    double[] mid = new double[b.length - 1];
    for (int k = 0; k < mid.length; k++) {
      mid[k] = b[k] + (b[k + 1] - b[k]) / 2;
    }
    return mid;
  }
}
