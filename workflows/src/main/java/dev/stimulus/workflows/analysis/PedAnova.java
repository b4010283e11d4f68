package dev.stimulus.workflows.analysis;

import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * PED-ANOVA ("PED-ANOVA: efficiently quantifying hyperparameter importance in arbitrary
 * subspaces", IJCAI 2023): what matters for reaching the top quantile of trials. The
 * paper shows that the local fANOVA importance of parameter d in the top-gamma set, relative to the
 * top-gamma' set, is proportional to the Pearson divergence between the two sets' marginal densities
 * of x_d: {@code D_d = integral q(x) (p(x)/q(x) - 1)^2 dx}, with p the density of the top gamma
 * (the best ceil(gamma n) trials) and q that of the top gamma' (all trials by default). No surrogate
 * is fitted; a parameter whose values in the top trials look like those of all trials scores 0.
 *
 * <p>The estimator follows the paper's recipe (Parzen estimates on a grid); the prior and the grid
 * details are this implementation's choices:
 * <ul>
 *   <li>numeric: a Parzen (Gaussian kernel) density of the set's values with the normal-reference
 *       bandwidth {@code h = 1.059 min(sd, IQR/1.34) n^(-1/5)}, floored at the domain width over the
 *       grid size,
 *       mixed with a uniform prior of weight one observation; evaluated at {@value #GRID} equally
 *       spaced points over the domain (every integer when an INTEGER domain has fewer); each
 *       observation's kernel is normalised to sum 1 over the grid points, which truncates it to the
 *       domain, so every estimate is a probability per grid point;
 *   <li>categorical: level frequencies with the same prior, {@code (count + 1/L) / (n + 1)};
 *   <li>{@code D = sum_k q_k (p_k / q_k - 1)^2} over the grid points or levels.
 * </ul>
 * {@link Result#importances()} also reports each D over the sum of all (the paper's normalised form).
 */
public final class PedAnova {

  static final int GRID = 50;

  /** One parameter's Pearson divergence and its share of the total. */
  public record Importance(String parameter, double divergence, double share) {}

  /**
   * Importances in {@link TrialTable#parameters()} order, the quantiles and how many trials fell in
   * each set.
   */
  public record Result(List<Importance> importances, double gamma, double gammaPrime, int topTrials, int baseTrials) {
    public Result {
      importances = List.copyOf(importances);
    }

    /** Most important first (ties by name). */
    public List<Importance> ranked() {
      return importances.stream()
          .sorted(Comparator.comparingDouble(Importance::divergence).reversed().thenComparing(Importance::parameter))
          .toList();
    }

    public Importance of(String name) {
      return importances.stream().filter(i -> i.parameter().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no parameter '" + name + "'"));
    }
  }

  private PedAnova() {}

  /** The top {@code gamma} (e.g. 0.1) against all trials. */
  public static Result analyse(TrialTable table, Direction direction, double gamma) {
    return analyse(table, direction, gamma, 1.0);
  }

  /** The top {@code gamma} against the top {@code gammaPrime}, {@code 0 < gamma < gammaPrime <= 1}. */
  public static Result analyse(TrialTable table, Direction direction, double gamma, double gammaPrime) {
    if (!(gamma > 0 && gamma < gammaPrime && gammaPrime <= 1)) {
      throw new StageException(
          "PED-ANOVA quantiles: expected 0 < gamma < gammaPrime <= 1, found gamma=" + gamma + ", gammaPrime=" + gammaPrime);
    }
    int n = table.size();
    int top = (int) Math.ceil(gamma * n);
    int base = (int) Math.ceil(gammaPrime * n);
    if (top < 2 || top >= base) {
      throw new StageException(
          "PED-ANOVA needs at least 2 trials in the top " + gamma + " and more in the top " + gammaPrime
              + "; with " + n + " trials they hold " + top + " and " + base);
    }
    // Best first; ties by trial index so the sets do not depend on the sort's stability.
    Integer[] byObjective = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Comparator<Integer> better = Comparator.comparingDouble(table::objective);
    if (direction == Direction.MAXIMIZE) {
      better = better.reversed();
    }
    Arrays.sort(byObjective, better.thenComparingInt(i -> i));
    List<Importance> raw = new ArrayList<>();
    List<Parameter> ps = table.parameters();
    for (int f = 0; f < ps.size(); f++) {
      double[] topValues = values(table, byObjective, top, f);
      double[] baseValues = values(table, byObjective, base, f);
      double d = divergence(ps.get(f), topValues, baseValues);
      raw.add(new Importance(ps.get(f).name(), d, 0));
    }
    double sum = raw.stream().mapToDouble(Importance::divergence).sum();
    List<Importance> out = raw.stream()
        .map(i -> new Importance(i.parameter(), i.divergence(), sum > 0 ? i.divergence() / sum : 0))
        .toList();
    return new Result(out, gamma, gammaPrime, top, base);
  }

  private static double[] values(TrialTable table, Integer[] order, int count, int f) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = table.value(order[i], f);
    }
    return v;
  }

  static double divergence(Parameter p, double[] top, double[] base) {
    double[] grid = grid(p);
    double[] pTop = density(p, grid, top);
    double[] pBase = density(p, grid, base);
    double d = 0;
    for (int k = 0; k < grid.length; k++) {
      double r = pTop[k] / pBase[k] - 1;
      d += pBase[k] * r * r;
    }
    return d;
  }

  /** The evaluation points: the levels' indices, or a grid over the numeric domain. */
  private static double[] grid(Parameter p) {
    if (p.categorical()) {
      return IntStream.range(0, p.levelCount()).asDoubleStream().toArray();
    }
    double lo = p.lower();
    double hi = p.upper();
    if (!(hi > lo)) {
      return new double[] {lo};
    }
    if (p.kind() == Parameter.Kind.INTEGER && !p.log() && hi - lo + 1 <= GRID) {
      return IntStream.rangeClosed((int) lo, (int) hi).asDoubleStream().toArray();
    }
    double[] g = new double[GRID];
    for (int k = 0; k < GRID; k++) {
      g[k] = lo + (hi - lo) * k / (GRID - 1);
    }
    return g;
  }

  /** A probability per grid point, summing to 1: the set's estimate mixed with a one-observation prior. */
  private static double[] density(Parameter p, double[] grid, double[] values) {
    int n = values.length;
    double[] q = new double[grid.length];
    if (p.categorical()) {
      for (double v : values) {
        q[(int) v] += 1;
      }
      for (int k = 0; k < q.length; k++) {
        q[k] = (q[k] + 1.0 / q.length) / (n + 1);
      }
      return q;
    }
    if (grid.length == 1) {
      return new double[] {1};
    }
    double h = Math.max(normalReferenceBandwidth(values), (p.upper() - p.lower()) / GRID);
    double[] kernel = new double[grid.length];
    for (double v : values) {
      double sum = 0;
      for (int k = 0; k < grid.length; k++) {
        double z = (grid[k] - v) / h;
        kernel[k] = Math.exp(-0.5 * z * z);
        sum += kernel[k];
      }
      for (int k = 0; k < grid.length; k++) {
        q[k] += kernel[k] / sum; // each observation's kernel, truncated to the domain, weighs 1
      }
    }
    for (int k = 0; k < grid.length; k++) {
      q[k] = (q[k] + 1.0 / grid.length) / (n + 1);
    }
    return q;
  }

  private static double normalReferenceBandwidth(double[] values) {
    int n = values.length;
    double mean = Arrays.stream(values).sum() / n;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / Math.max(1, n - 1));
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
    return 1.059 * spread * Math.pow(n, -0.2);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }
}
