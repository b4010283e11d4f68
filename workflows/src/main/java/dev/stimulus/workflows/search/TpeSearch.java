package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kégl, 2011), univariate.
 *
 * <p>The first {@code n_startup} completed configurations are drawn at random (as {@code random}
 * does). After that, every configuration asked for is drawn from the model of what was told: the
 * completed configurations are sorted by loss and split at the {@code gamma} quantile into the
 * good ones (the best {@code ceil(gamma * n)}, at least one) and the others. Then, walking the
 * tree of the space, each choice (split alternative, transform block) and then each dimension of
 * the chosen alternative is sampled on its own: {@code candidates} draws from the density l(x) of
 * the good configurations, keeping the one that maximises l(x) / g(x), g being the density of the
 * others. Numbers use adaptive Parzen estimators ({@link Parzen}, on the log scale for log
 * ranges; integers as numbers on [lo - 0.5, hi + 0.5], rounded); choices and categories use their
 * frequencies with a prior weight of one spread evenly over the categories. A conditional
 * parameter is modelled only from the configurations where it exists (per sub-space), so a
 * block's parameters learn from that block's trials alone.
 *
 * <p>A batch is sampled from one model (nothing told in between); its members differ because each
 * is drawn anew. Configurations whose trials all failed are not modelled.
 */
final class TpeSearch implements SearchStrategy {

  static final int DEFAULT_STARTUP = 10;
  static final double DEFAULT_GAMMA = 0.25;
  static final int DEFAULT_CANDIDATES = 24;

  private final SearchSpace space;
  private final SplittableRandom random;
  private final UnitSampler startup;
  private final int nStartup;
  private final double gamma;
  private final int candidates;
  private final List<Scored> history = new ArrayList<>();

  private record Scored(SearchSpace.Point point, double loss, int order) {}

  private TpeSearch(SearchSpace space, long seed, int nStartup, double gamma, int candidates) {
    this.space = space;
    SplittableRandom root = new SplittableRandom(seed);
    this.startup = new UnitSampler(space, root.split());
    this.random = root.split();
    this.nStartup = nStartup;
    this.gamma = gamma;
    this.candidates = candidates;
  }

  @Override
  public List<SearchSpace.Point> ask(int n) {
    List<SearchSpace.Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(history.size() < Math.max(1, nStartup) ? startup.next() : sample());
    }
    return out;
  }

  @Override
  public void tell(List<Observation> observations) {
    for (Observation o : observations) {
      if (o.loss().isPresent() && Double.isFinite(o.loss().getAsDouble())) {
        history.add(new Scored(o.point(), o.loss().getAsDouble(), history.size()));
      }
    }
  }

  private SearchSpace.Point sample() {
    List<Scored> sorted = new ArrayList<>(history);
    sorted.sort(Comparator.comparingDouble(Scored::loss).thenComparingInt(Scored::order));
    int nGood = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
    List<SearchSpace.Point> good = sorted.subList(0, nGood).stream().map(Scored::point).toList();
    List<SearchSpace.Point> bad = sorted.subList(nGood, sorted.size()).stream().map(Scored::point).toList();
    List<Integer> alternatives = new ArrayList<>();
    SortedMap<String, Double> values = new TreeMap<>();
    List<SearchSpace.Choice> choices = space.choices();
    for (int c = 0; c < choices.size(); c++) {
      int k = choices.get(c).alternatives().size();
      final int choice = c;
      int chosen = k == 1 ? 0 : category(k, good, bad, p -> p.alternatives().get(choice));
      alternatives.add(chosen);
      for (SearchSpace.Dimension d : choices.get(c).alternatives().get(chosen).dimensions()) {
        // Per sub-space: only the configurations in which this parameter exists.
        List<SearchSpace.Point> g = good.stream().filter(p -> p.values().containsKey(d.name())).toList();
        List<SearchSpace.Point> b = bad.stream().filter(p -> p.values().containsKey(d.name())).toList();
        values.put(d.name(), value(d, g, b));
      }
    }
    return new SearchSpace.Point(alternatives, values);
  }

  private double value(SearchSpace.Dimension d, List<SearchSpace.Point> good, List<SearchSpace.Point> bad) {
    Function<SearchSpace.Point, Double> of = p -> p.values().get(d.name());
    return switch (d) {
      case SearchSpace.Categorical cat -> category(cat.values().size(), good, bad, p -> (int) (double) of.apply(p));
      case SearchSpace.Real r -> {
        Function<Double, Double> to = r.log() ? Math::log : x -> x;
        double x = numeric(to.apply(r.lo()), to.apply(r.hi()), good.stream().map(of.andThen(to)).toList(),
            bad.stream().map(of.andThen(to)).toList());
        yield r.round(r.log() ? Math.exp(x) : x);
      }
      case SearchSpace.Int i -> {
        double x = numeric(i.lo() - 0.5, i.hi() + 0.5, good.stream().map(of).toList(), bad.stream().map(of).toList());
        yield Math.max(i.lo(), Math.min(i.hi(), Math.round(x)));
      }
    };
  }

  /** The candidate drawn from l with the largest l(x) / g(x). */
  private double numeric(double lo, double hi, List<Double> good, List<Double> bad) {
    Parzen l = new Parzen(good, lo, hi);
    Parzen g = new Parzen(bad, lo, hi);
    double best = Double.NaN;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double x = l.sample(random);
      double score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) {
        best = x;
        bestScore = score;
      }
    }
    return best;
  }

  /** A category by the same rule, over smoothed frequencies (prior weight 1 spread over the k categories). */
  private int category(int k, List<SearchSpace.Point> good, List<SearchSpace.Point> bad,
      Function<SearchSpace.Point, Integer> of) {
    double[] l = frequencies(k, good, of);
    double[] g = frequencies(k, bad, of);
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double u = random.nextDouble();
      int x = 0;
      for (double acc = l[0]; acc <= u && x < k - 1; acc += l[++x]) {
        // walk the cumulative weights
      }
      double score = Math.log(l[x]) - Math.log(g[x]);
      if (score > bestScore) {
        best = x;
        bestScore = score;
      }
    }
    return best;
  }

  private static double[] frequencies(int k, List<SearchSpace.Point> points, Function<SearchSpace.Point, Integer> of) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    points.forEach(p -> w[of.apply(p)] += 1);
    double total = points.size() + 1;
    for (int i = 0; i < k; i++) {
      w[i] /= total;
    }
    return w;
  }

  public static final class Factory implements SearchStrategy.Factory {
    @Override
    public String name() {
      return "tpe";
    }

    @Override
    public String description() {
      return "Tree-structured Parzen Estimator: n_startup random configurations, then each batch drawn where"
          + " the best gamma fraction is denser than the rest";
    }

    @Override
    public boolean samples() {
      return true;
    }

    @Override
    public List<String> options() {
      return List.of("n_startup", "gamma", "candidates");
    }

    @Override
    public boolean needsObjective() {
      return true;
    }

    /** Small batches: the model learns between batches. */
    @Override
    public int defaultBatch(int budget) {
      return Math.min(budget, 4);
    }

    @Override
    public SearchStrategy create(SearchSpace space, ObjectNode options, long seed) {
      int nStartup = (int) whole(options, "n_startup", DEFAULT_STARTUP, 0);
      int candidates = (int) whole(options, "candidates", DEFAULT_CANDIDATES, 1);
      double gamma = DEFAULT_GAMMA;
      JsonNode g = options.get("gamma");
      if (g != null) {
        if (!g.isNumber() || !(g.doubleValue() > 0 && g.doubleValue() < 1)) {
          throw new OptionException("gamma", "expected a number between 0 and 1 (exclusive): the fraction of"
              + " configurations modelled as good, found " + g);
        }
        gamma = g.doubleValue();
      }
      return new TpeSearch(space, seed, nStartup, gamma, candidates);
    }

    private static long whole(ObjectNode options, String key, long dflt, long min) {
      JsonNode v = options.get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
        throw new OptionException(key, "expected a whole number >= " + min + ", found " + v);
      }
      return v.intValue();
    }
  }
}
