package dev.stimulus.workflows.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * fANOVA of forests fitted to functions whose functional ANOVA decomposition under the uniform measure
 * is known analytically. The forest only approximates the function from samples, so each assertion
 * states a tolerance for the surrogate's error.
 */
class FanovaForestTest {

  /**
   * f = 10 x1 + x2 x3 (+ an irrelevant x4), all uniform on [0,1]. Var(10 x1) = 100/12 = 8.333333.
   * Var(x2 x3) = E[x2^2 x3^2] - E[x2 x3]^2 = 1/9 - 1/16 = 7/144 = 0.048611; main effect of x2 = Var(E[x2
   * x3 | x2]) = Var(x2 / 2) = 1/48 = 0.020833, the same for x3; pure interaction = 7/144 - 2/48 = 1/144
   * = 0.006944. Total = 8.381944. Fractions: x1 0.99420, x2 = x3 0.0024855, x2:x3 0.00082850, x4 0.
   */
  @Test
  void linearPlusProduct() {
    TrialTable table = uniformTable(2000, 4, 1, x -> 10 * x[0] + x[1] * x[2]);
    Fanova.Result r = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(7)));
    double total = 100.0 / 12 + 7.0 / 144;
    assertEquals(100.0 / 12 / total, r.main("x1").mean(), 0.02, "x1");
    for (String small : List.of("x2", "x3")) {
      // The analytic 0.0025 is within the forest's error on 2000 samples; its order against x1 and x4 is not.
      assertTrue(r.main(small).mean() < r.main("x1").mean() / 50, small + " << x1: " + r.main(small));
      assertTrue(r.main(small).mean() > r.main("x4").mean(), small + " > x4");
      assertEquals(1.0 / 48 / total, r.main(small).mean(), 0.003, small);
    }
    assertTrue(r.main("x4").mean() < 0.01, "irrelevant x4: " + r.main("x4"));
    assertEquals(List.of("x1"), r.ranked().subList(0, 1).stream().map(e -> e.parameters().get(0)).toList());
    assertTrue(r.interaction("x1", "x4").mean() < 0.01);
  }

  /**
   * f = (x1 - 0.5)(x2 - 0.5), uniform on [0,1]^3 (x3 irrelevant): E[f | x1] = (x1 - 0.5) E[x2 - 0.5] =
   * 0, likewise for x2, so both main effects are 0 and the pure x1:x2 interaction holds all the
   * variance (1/144). Tolerance: the forest's piecewise-constant fit leaks a few percent into main
   * effects and noise from deep leaves into x3.
   */
  @Test
  void pureInteraction() {
    TrialTable table = uniformTable(2000, 3, 2, x -> (x[0] - 0.5) * (x[1] - 0.5));
    Fanova.Result r = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(3)));
    assertEquals(1.0, r.interaction("x1", "x2").mean(), 0.1, "x1:x2 " + r.interaction("x1", "x2"));
    assertEquals(0.0, r.main("x1").mean(), 0.05, "x1 " + r.main("x1"));
    assertEquals(0.0, r.main("x2").mean(), 0.05, "x2 " + r.main("x2"));
    assertEquals(0.0, r.main("x3").mean(), 0.02, "x3 " + r.main("x3"));
  }

  /**
   * A categorical, a numeric and an irrelevant boolean: f = 2 [act = relu] + 3 x. Under the uniform
   * measure over {gelu, relu, tanh}, Var(2 [act = relu]) = 4 (1/3)(2/3) = 8/9 and Var(3 x) = 9/12 =
   * 3/4; total 59/36. Fractions: act 32/59 = 0.5424, x 27/59 = 0.4576, flag 0, no interaction.
   */
  @Test
  void categoricalParameters() {
    SplittableRandom rng = new SplittableRandom(21);
    String[] acts = {"relu", "tanh", "gelu"};
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String act = acts[rng.nextInt(3)];
      double x = rng.nextDouble();
      rows.add(Map.of("act", act, "x", x, "flag", rng.nextBoolean(), "y", (act.equals("relu") ? 2 : 0) + 3 * x));
    }
    TrialTable table = TrialTable.fromRows(rows, "y").withBounds("x", 0, 1);
    assertEquals(List.of("gelu", "relu", "tanh"), table.parameters().get(table.indexOf("act")).levels());
    Fanova.Result r = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(1)));
    assertEquals(32.0 / 59, r.main("act").mean(), 0.03, "act");
    assertEquals(27.0 / 59, r.main("x").mean(), 0.03, "x");
    assertTrue(r.main("flag").mean() < 0.01, "flag " + r.main("flag"));
    assertTrue(Math.abs(r.interaction("act", "x").mean()) < 0.01, "act:x " + r.interaction("act", "x"));
  }

  /** Same table and seed: the same forest and importances; another seed: another forest. */
  @Test
  void deterministicGivenTheSeed() {
    TrialTable table = uniformTable(300, 3, 4, x -> x[0] + x[1] * x[1]);
    Fanova.Result a = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(9)));
    Fanova.Result b = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(9)));
    Fanova.Result c = Fanova.analyse(RandomForest.fit(table, RandomForest.Options.defaults(10)));
    assertEquals(a, b);
    assertNotEquals(a, c);
    // The rows' map type and iteration order do not matter either.
    List<Map<String, Object>> shuffledMaps = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      Map<String, Object> m = new HashMap<>();
      m.put("x3", table.value(i, 2));
      m.put("y", table.objective(i));
      m.put("x1", table.value(i, 0));
      m.put("x2", table.value(i, 1));
      shuffledMaps.add(m);
    }
    TrialTable again = TrialTable.fromRows(shuffledMaps, "y");
    for (String name : List.of("x1", "x2", "x3")) {
      again = again.withBounds(name, 0, 1);
    }
    assertEquals(a, Fanova.analyse(RandomForest.fit(again, RandomForest.Options.defaults(9))));
  }

  /**
   * Forest settings other than the defaults still recover the dominant parameter, less precisely: when
   * x1 is not among a node's candidate features, the tree splits x2..x4 first and then cuts x1 at
   * different thresholds in each branch, which the decomposition rightly reports as interaction
   * variance of the surrogate (measured: x1 0.957 on 1000 trials, hence the tolerance 0.06).
   */
  @Test
  void subsampledFeaturesAndLargerLeaves() {
    TrialTable table = uniformTable(1000, 4, 5, x -> 10 * x[0] + x[1] * x[2]);
    RandomForest.Options o = RandomForest.Options.defaults(2).withMaxFeatures(0.5).withMinSamplesLeaf(5);
    Fanova.Result r = Fanova.analyse(RandomForest.fit(table, o), false);
    assertTrue(r.interactions().isEmpty());
    assertEquals(100.0 / 12 / (100.0 / 12 + 7.0 / 144), r.main("x1").mean(), 0.06);
    assertEquals("x1", r.ranked().get(0).parameters().get(0));
  }

  /** n trials with parameters x1..xp uniform on [0,1] (bounds declared as [0,1]) and y = f(x). */
  static TrialTable uniformTable(int n, int p, long seed, ToDoubleFunction<double[]> f) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[p];
      Map<String, Object> row = new HashMap<>();
      for (int j = 0; j < p; j++) {
        x[j] = rng.nextDouble();
        row.put("x" + (j + 1), x[j]);
      }
      row.put("y", f.applyAsDouble(x));
      rows.add(row);
    }
    TrialTable t = TrialTable.fromRows(rows, "y");
    for (int j = 0; j < p; j++) {
      t = t.withBounds("x" + (j + 1), 0, 1);
    }
    return t;
  }
}
