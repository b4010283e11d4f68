package dev.stimulus.workflows.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import dev.stimulus.workflows.experiment.SearchSpace.Alternative;
import dev.stimulus.workflows.experiment.SearchSpace.Categorical;
import dev.stimulus.workflows.experiment.SearchSpace.Choice;
import dev.stimulus.workflows.experiment.SearchSpace.Int;
import dev.stimulus.workflows.experiment.SearchSpace.Point;
import dev.stimulus.workflows.experiment.SearchSpace.Real;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  static final ObjectNode NONE = JsonNodeFactory.instance.objectNode();

  /**
   * A tree: a "block" choice whose alternative A has a real a in [0, 1] and whose alternative B
   * has an integer b in 0..10; then a "model" with x in [0, 1], y log-uniform in [1e-3, 1] and a
   * categorical c of four levels (two of them equally good).
   */
  static SearchSpace space() {
    return new SearchSpace(List.of(
        new Choice("block", List.of(
            new Alternative("A", List.of(new Real("a", 0, 1, false))),
            new Alternative("B", List.of(new Int("b", 0, 10))))),
        new Choice("model", List.of(new Alternative("model", List.of(
            new Real("x", 0, 1, false), new Real("y", 1e-3, 1, true),
            new Categorical("c", List.of(TextNode.valueOf("p"), TextNode.valueOf("q"), TextNode.valueOf("r"),
                TextNode.valueOf("s")))))))));
  }

  /**
   * The loss to minimise: (x - 0.3)^2 + (log10 y + 2)^2 / 9 + an offset per category of c, plus
   * (a - 0.7)^2 under block A or 0.05 + |b - 3| / 50 under block B, plus Gaussian noise (sd 0.01).
   * Minimum 0 (noise aside) at A, a = 0.7, x = 0.3, y = 0.01, c in {p, q}.
   */
  static double loss(Point p, SplittableRandom noise) {
    double[] offset = {0, 0, 0.1, 0.2};
    double x = p.values().get("x");
    double y = p.values().get("y");
    double f = (x - 0.3) * (x - 0.3) + Math.pow(Math.log10(y) + 2, 2) / 9 + offset[(int) (double) p.values().get("c")];
    f += p.alternatives().get(0) == 0 ? Math.pow(p.values().get("a") - 0.7, 2)
        : 0.05 + Math.abs(p.values().get("b") - 3) / 50;
    double u = 1 - noise.nextDouble();
    return f + 0.01 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * noise.nextDouble());
  }

  /** Runs ask/tell in batches; returns every point asked, in order, and the best noiseless-plus-noise loss. */
  static double bestAfter(SearchStrategy s, int budget, int batch, long noiseSeed, List<Point> asked) {
    SplittableRandom noise = new SplittableRandom(noiseSeed);
    double best = Double.POSITIVE_INFINITY;
    for (int done = 0; done < budget; done += batch) {
      List<Point> points = s.ask(batch);
      List<SearchStrategy.Observation> told = new ArrayList<>();
      for (Point p : points) {
        double l = loss(p, noise);
        best = Math.min(best, l);
        told.add(new SearchStrategy.Observation(p, OptionalDouble.of(l)));
        asked.add(p);
      }
      s.tell(told);
    }
    return best;
  }

  static SearchStrategy make(String name, long seed, ObjectNode options) {
    return Strategies.find(name).create(space(), options, seed);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  @Test
  void strategiesAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
    assertEquals(List.of("grid", "random", "sobol", "tpe"), Strategies.names());
    assertFalse(Strategies.find("grid").samples());
    assertTrue(Strategies.find("tpe").samples());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.find("annealing"));
    assertEquals("unknown search strategy 'annealing' (known: grid, random, sobol, tpe)", e.getMessage());
  }

  /**
   * TPE against random search on the same budget (48 configurations in batches of 4, TPE's first 12
   * random), over 15 seeds: the median of the best loss found must be lower for TPE, and TPE must
   * find a better best in most seeds.
   */
  @Test
  void tpeBeatsRandomSearchOnAKnownFunction() {
    int seeds = 15;
    double[] tpe = new double[seeds];
    double[] random = new double[seeds];
    ObjectNode options = JsonNodeFactory.instance.objectNode().put("n_startup", 12);
    int wins = 0;
    for (int s = 0; s < seeds; s++) {
      tpe[s] = bestAfter(make("tpe", s, options), 48, 4, 1000 + s, new ArrayList<>());
      random[s] = bestAfter(make("random", s, NONE), 48, 4, 1000 + s, new ArrayList<>());
      wins += tpe[s] < random[s] ? 1 : 0;
    }
    assertTrue(median(tpe) < median(random), "median best: tpe " + median(tpe) + ", random " + median(random));
    assertTrue(wins >= 10, "tpe better in " + wins + " of " + seeds + ": " + Arrays.toString(tpe) + " vs "
        + Arrays.toString(random));
  }

  @Test
  void sameSeedSameConfigurationsOtherSeedOthers() {
    for (String name : List.of("random", "sobol", "tpe")) {
      List<Point> a = new ArrayList<>();
      List<Point> b = new ArrayList<>();
      List<Point> c = new ArrayList<>();
      bestAfter(make(name, 7, NONE), 24, 4, 1, a);
      bestAfter(make(name, 7, NONE), 24, 4, 1, b);
      bestAfter(make(name, 8, NONE), 24, 4, 1, c);
      assertEquals(a, b, name);
      assertFalse(a.equals(c), name);
    }
  }

  /** A parameter of a block not chosen never appears; every parameter of the chosen one does. */
  @Test
  void conditionalParametersExistOnlyUnderTheirAlternative() {
    for (String name : List.of("random", "sobol", "tpe")) {
      List<Point> points = new ArrayList<>();
      bestAfter(make(name, 3, NONE), 40, 4, 2, points);
      Set<Integer> blocks = new TreeSet<>();
      for (Point p : points) {
        blocks.add(p.alternatives().get(0));
        Set<String> expected = new TreeSet<>(List.of("x", "y", "c", p.alternatives().get(0) == 0 ? "a" : "b"));
        assertEquals(expected, p.values().keySet(), name + " " + p);
        double b = p.values().getOrDefault("b", 0.0);
        assertTrue(b == Math.rint(b) && b >= 0 && b <= 10, name + " " + p);
        double y = p.values().get("y");
        assertTrue(y >= 1e-3 && y <= 1, name + " " + p);
      }
      assertEquals(Set.of(0, 1), blocks, name + " tried both blocks");
    }
  }

  /** The first 2^m Sobol configurations choose each of 2 blocks and each of 4 categories equally often. */
  @Test
  void sobolBalancesChoicesAndCategories() {
    List<Point> points = make("sobol", 11, NONE).ask(64);
    int[] blocks = new int[2];
    int[] categories = new int[4];
    int[] halvesOfX = new int[2];
    for (Point p : points) {
      blocks[p.alternatives().get(0)]++;
      categories[(int) (double) p.values().get("c")]++;
      halvesOfX[p.values().get("x") < 0.5 ? 0 : 1]++;
    }
    assertEquals(List.of(32, 32), List.of(blocks[0], blocks[1]));
    assertEquals(List.of(16, 16, 16, 16), Arrays.stream(categories).boxed().toList());
    assertEquals(List.of(32, 32), List.of(halvesOfX[0], halvesOfX[1]));
  }

  @Test
  void gridListsEveryPointOnceInGridOrder() {
    SearchSpace s = new SearchSpace(List.of(
        new Choice("split", List.of(new Alternative("s", List.of(
            new Categorical("seed", List.of(TextNode.valueOf("1"), TextNode.valueOf("2"))))))),
        new Choice("transforms", List.of(new Alternative("none", List.of()),
            new Alternative("noise", List.of(new Categorical("std", List.of(TextNode.valueOf("0.1"),
                TextNode.valueOf("0.3")))))))));
    assertEquals(6, s.size().getAsLong());
    SearchStrategy grid = Strategies.find("grid").create(s, NONE, 0);
    List<Point> all = grid.ask(100);
    assertEquals(6, all.size());
    assertEquals(new Point(List.of(0, 0), new java.util.TreeMap<>(java.util.Map.of("seed", 0.0))), all.get(0));
    assertEquals(new Point(List.of(0, 1), new java.util.TreeMap<>(java.util.Map.of("seed", 0.0, "std", 1.0))), all.get(2));
    assertEquals(new Point(List.of(0, 0), new java.util.TreeMap<>(java.util.Map.of("seed", 1.0))), all.get(3));
    assertTrue(grid.ask(1).isEmpty());
    assertThrows(SearchStrategy.OptionException.class, () -> Strategies.find("grid").create(space(), NONE, 0));
  }

  @Test
  void badOptionsNameTheirKey() {
    SearchStrategy.OptionException e = assertThrows(SearchStrategy.OptionException.class,
        () -> make("tpe", 0, JsonNodeFactory.instance.objectNode().put("gamma", 1.5)));
    assertEquals("gamma", e.key());
    e = assertThrows(SearchStrategy.OptionException.class,
        () -> make("tpe", 0, JsonNodeFactory.instance.objectNode().put("n_startup", -1)));
    assertEquals("n_startup", e.key());
    e = assertThrows(SearchStrategy.OptionException.class,
        () -> make("sobol", 0, JsonNodeFactory.instance.objectNode().put("scramble", "yes")));
    assertEquals("scramble", e.key());
  }
}
