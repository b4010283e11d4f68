package dev.stimulus.workflows.analysis;

import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A random-forest regression surrogate of the objective over the encoded hyper-parameters: the model
 * whose partition of the configuration space {@link Fanova} decomposes. CART trees on bootstrap
 * samples, squared-error splits, numeric thresholds at midpoints between observed values and
 * categorical splits into two level subsets (the optimal subset, found by ordering the levels by mean
 * objective, which is exact for squared error; levels absent from a node follow the heavier
 * child).
 *
 * <p>Hand-written rather than borrowed: fANOVA needs to walk each tree's splits, categorical splits
 * must be level subsets (not one-hot columns, which would split a parameter's variance over several
 * features), and no maintained Java library offers a regression forest with both, let alone fANOVA.
 *
 * <p>Deterministic: tree {@code i} draws from the {@code i}-th {@link SplittableRandom#split()} of
 * {@code new SplittableRandom(seed)}, taken in order before trees are grown in parallel; ties between
 * equally good splits go to the first candidate in the tree's drawn feature order.
 */
public final class RandomForest {

  /**
   * Forest settings. Defaults ({@link #defaults}) follow common practice for fANOVA surrogates: 32
   * bootstrapped trees grown deep (leaves of one sample, depth up to 64), every feature a candidate.
   *
   * @param maxFeatures fraction of the parameters tried at each split (at least one)
   */
  public record Options(
      int trees, int minSamplesLeaf, int minSamplesSplit, double maxFeatures, int maxDepth, boolean bootstrap,
      long seed) {

    public Options {
      if (trees < 1 || minSamplesLeaf < 1 || minSamplesSplit < 2 || maxDepth < 1
          || !(maxFeatures > 0 && maxFeatures <= 1)) {
        throw new StageException(
            "random forest options out of range: expected trees >= 1, minSamplesLeaf >= 1, minSamplesSplit >= 2,"
                + " maxDepth >= 1, 0 < maxFeatures <= 1; found " + this);
      }
    }

    public static Options defaults(long seed) {
      return new Options(32, 1, 2, 1.0, 64, true, seed);
    }

    public Options withTrees(int n) {
      return new Options(n, minSamplesLeaf, minSamplesSplit, maxFeatures, maxDepth, bootstrap, seed);
    }

    public Options withMinSamplesLeaf(int n) {
      return new Options(trees, n, Math.max(minSamplesSplit, 2 * n), maxFeatures, maxDepth, bootstrap, seed);
    }

    public Options withMaxFeatures(double fraction) {
      return new Options(trees, minSamplesLeaf, minSamplesSplit, fraction, maxDepth, bootstrap, seed);
    }
  }

  private final List<Parameter> parameters;
  private final List<Tree> trees;

  RandomForest(List<Parameter> parameters, List<Tree> trees) {
    this.parameters = List.copyOf(parameters);
    this.trees = List.copyOf(trees);
  }

  /** Fits the forest to the table's trials. */
  public static RandomForest fit(TrialTable table, Options options) {
    double[][] x = table.matrix();
    double[] y = new double[table.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = table.objective(i);
    }
    int p = table.parameters().size();
    // One global order per feature (value, then trial id); each tree filters it to its bootstrap sample.
    int[][] sorted = new int[p][];
    for (int f = 0; f < p; f++) {
      int feature = f;
      sorted[f] = IntStream.range(0, y.length).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> x[i][feature]).thenComparingInt(i -> i))
          .mapToInt(Integer::intValue).toArray();
    }
    SplittableRandom root = new SplittableRandom(options.seed());
    List<SplittableRandom> streams = new ArrayList<>(options.trees());
    for (int t = 0; t < options.trees(); t++) {
      streams.add(root.split());
    }
    List<Tree> trees = IntStream.range(0, options.trees()).parallel()
        .mapToObj(t -> new Grower(table.parameters(), x, y, sorted, options, streams.get(t)).grow())
        .toList();
    return new RandomForest(table.parameters(), trees);
  }

  /** The mean prediction of the trees for one encoded row (in {@link #parameters()} order). */
  public double predict(double[] encoded) {
    if (encoded.length != parameters.size()) {
      throw new StageException(
          "expected " + parameters.size() + " encoded parameter values, found " + encoded.length);
    }
    for (int f = 0; f < encoded.length; f++) {
      Parameter p = parameters.get(f);
      double v = encoded[f];
      if (p.categorical() ? !(v >= 0 && v < p.levelCount() && v == Math.rint(v)) : Double.isNaN(v)) {
        throw new StageException("parameter '" + p.name() + "': " + v + " is not an encoded value of it"
            + (p.categorical() ? " (a level index 0.." + (p.levelCount() - 1) + ")" : ""));
      }
    }
    double sum = 0;
    for (Tree t : trees) {
      sum += t.predict(encoded);
    }
    return sum / trees.size();
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  public int treeCount() {
    return trees.size();
  }

  List<Tree> trees() {
    return trees;
  }

  /** Grows one tree on its bootstrap sample. */
  private static final class Grower {
    private final List<Parameter> parameters;
    private final double[][] x;
    private final double[] y;
    private final Options options;
    private final SplittableRandom rng;
    private final int[] weight;
    /** Per feature, this tree's sample ordered by value; a node owns the same range in every one. */
    private final int[][] order;
    private final boolean[] goesLeft;
    private final int[] buffer;
    private final int[] features;
    private final Tree tree = new Tree();

    Grower(List<Parameter> parameters, double[][] x, double[] y, int[][] sorted, Options options, SplittableRandom rng) {
      this.parameters = parameters;
      this.x = x;
      this.y = y;
      this.options = options;
      this.rng = rng;
      int n = y.length;
      weight = new int[n];
      if (options.bootstrap()) {
        for (int i = 0; i < n; i++) {
          weight[rng.nextInt(n)]++;
        }
      } else {
        Arrays.fill(weight, 1);
      }
      int m = 0;
      for (int w : weight) {
        m += w > 0 ? 1 : 0;
      }
      order = new int[sorted.length][m];
      for (int f = 0; f < sorted.length; f++) {
        int k = 0;
        for (int i : sorted[f]) {
          if (weight[i] > 0) {
            order[f][k++] = i;
          }
        }
      }
      goesLeft = new boolean[n];
      buffer = new int[m];
      features = IntStream.range(0, sorted.length).toArray();
    }

    Tree grow() {
      int m = order.length == 0 ? 0 : order[0].length;
      if (order.length == 0) {
        double s = 0;
        double w = 0;
        for (int i = 0; i < y.length; i++) {
          s += weight[i] * y[i];
          w += weight[i];
        }
        return tree.root(tree.leaf(s / w));
      }
      return tree.root(build(0, m, 0));
    }

    /** The best split found so far at the node being grown. */
    private double bestScore;
    private int bestFeature;
    private double bestThreshold;
    private boolean[] bestLevels;

    private int build(int from, int to, int depth) {
      int node = tree.allocate();
      int[] members = order[0];
      double w = 0;
      double s = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = from; k < to; k++) {
        int i = members[k];
        w += weight[i];
        s += weight[i] * y[i];
        min = Math.min(min, y[i]);
        max = Math.max(max, y[i]);
      }
      double mean = s / w;
      if (w < options.minSamplesSplit() || depth >= options.maxDepth() || min == max || !findSplit(from, to, w, s)) {
        tree.setLeaf(node, mean);
        return node;
      }
      int f = bestFeature;
      boolean[] levels = bestLevels;
      double t = bestThreshold;
      for (int k = from; k < to; k++) {
        int i = members[k];
        double v = x[i][f];
        goesLeft[i] = levels == null ? v <= t : levels[(int) v];
      }
      int mid = from;
      for (int[] o : order) {
        mid = partition(o, from, to);
      }
      int l = build(from, mid, depth + 1);
      int r = build(mid, to, depth + 1);
      tree.set(node, f, levels == null ? t : Double.NaN, levels, l, r);
      return node;
    }

    /** Stable partition of {@code o[from, to)} into left then right members; returns the boundary. */
    private int partition(int[] o, int from, int to) {
      int k = from;
      int r = 0;
      for (int j = from; j < to; j++) {
        int i = o[j];
        if (goesLeft[i]) {
          o[k++] = i;
        } else {
          buffer[r++] = i;
        }
      }
      System.arraycopy(buffer, 0, o, k, r);
      return k;
    }

    /** Looks for the split that most reduces the squared error; false when none does. */
    private boolean findSplit(int from, int to, double w, double s) {
      double parent = s * s / w;
      bestScore = parent + 1e-12 * Math.abs(parent) + 1e-300;
      bestFeature = -1;
      int p = features.length;
      int wanted = Math.max(1, (int) Math.round(options.maxFeatures() * p));
      int evaluated = 0;
      for (int k = 0; k < p && evaluated < wanted; k++) {
        int swap = k + rng.nextInt(p - k);
        int f = features[swap];
        features[swap] = features[k];
        features[k] = f;
        int[] o = order[f];
        if (x[o[from]][f] == x[o[to - 1]][f]) {
          continue; // constant in this node: not a candidate (as in common CART implementations)
        }
        evaluated++;
        if (parameters.get(f).categorical()) {
          categoricalSplit(f, from, to, w, s);
        } else {
          numericSplit(f, from, to, w, s);
        }
      }
      return bestFeature >= 0;
    }

    /**
     * How good a split of a node of total weight {@code w} and weighted label sum {@code s} is, given
     * its left child's {@code wl} and {@code sl}: the sum over both children of (weighted sum)^2 /
     * weight, which is the squared error removed up to a constant. Minus infinity when a child is
     * lighter than min_samples_leaf, so such a split never wins.
     */
    private double splitScore(double wl, double sl, double w, double s) {
      double min = options.minSamplesLeaf();
      if (wl < min || w - wl < min) {
        return Double.NEGATIVE_INFINITY;
      }
      double sr = s - sl;
      return sl * sl / wl + sr * sr / (w - wl);
    }

    private void numericSplit(int f, int from, int to, double w, double s) {
      int[] o = order[f];
      double wl = 0;
      double sl = 0;
      for (int k = from; k < to - 1; k++) {
        int i = o[k];
        wl += weight[i];
        sl += weight[i] * y[i];
        double a = x[i][f];
        double b = x[o[k + 1]][f];
        if (a == b) {
          continue;
        }
        double score = splitScore(wl, sl, w, s);
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          double t = a + (b - a) / 2;
          bestThreshold = t < b ? t : a;
          bestLevels = null;
        }
      }
    }

    private void categoricalSplit(int f, int from, int to, double w, double s) {
      int levels = parameters.get(f).levelCount();
      double[] lw = new double[levels];
      double[] ls = new double[levels];
      int[] o = order[f];
      for (int k = from; k < to; k++) {
        int i = o[k];
        int c = (int) x[i][f];
        lw[c] += weight[i];
        ls[c] += weight[i] * y[i];
      }
      Integer[] present = IntStream.range(0, levels).filter(c -> lw[c] > 0).boxed().toArray(Integer[]::new);
      Arrays.sort(present, Comparator.<Integer>comparingDouble(c -> ls[c] / lw[c]).thenComparingInt(c -> c));
      double wl = 0;
      double sl = 0;
      for (int k = 0; k < present.length - 1; k++) {
        wl += lw[present[k]];
        sl += ls[present[k]];
        double score = splitScore(wl, sl, w, s);
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          bestThreshold = Double.NaN;
          boolean[] left = new boolean[levels];
          for (int j = 0; j <= k; j++) {
            left[present[j]] = true;
          }
          boolean absentLeft = wl > w - wl; // levels unseen here follow the heavier child
          for (int c = 0; c < levels; c++) {
            if (lw[c] == 0) {
              left[c] = absentLeft;
            }
          }
          bestLevels = left;
        }
      }
    }
  }
}
