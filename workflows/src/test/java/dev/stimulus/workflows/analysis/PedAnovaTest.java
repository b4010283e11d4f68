package dev.stimulus.workflows.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PED-ANOVA against the Pearson divergences of the ideal densities. If the top gamma of the trials is
 * exactly {x_d < gamma} for x_d uniform on [0,1], the top density is 1/gamma on [0, gamma] and the
 * global one 1, so D = integral p^2/q - 1 = 1/gamma - 1 (9 for gamma = 0.1). For a categorical with L
 * equally frequent levels whose top set holds one level only, D = sum p^2/q - 1 = L - 1.
 */
class PedAnovaTest {

  @Test
  void parameterThatDecidesTheTopQuantileRanksFirst() {
    TrialTable table = FanovaForestTest.uniformTable(1000, 2, 8, x -> x[0]);
    PedAnova.Result r = PedAnova.analyse(table, Direction.MINIMIZE, 0.1);
    assertEquals(100, r.topTrials());
    assertEquals(1000, r.baseTrials());
    assertEquals("x1", r.ranked().get(0).parameter());
    // The kernels smooth the step at 0.1 and the prior adds mass everywhere, both of which lower D
    // below the ideal 9; a 50-point grid and the normal-reference bandwidth (about 0.04 here) keep it above 6.
    double d = r.of("x1").divergence();
    assertTrue(d > 6 && d < 9.5, "x1 divergence " + d);
    assertTrue(r.of("x2").divergence() < 0.1, "irrelevant x2 " + r.of("x2"));
    assertTrue(r.of("x1").share() > 0.98, "x1 share " + r.of("x1"));
  }

  @Test
  void directionPicksTheOtherEnd() {
    // Maximising x1 puts the top trials at x1 > 0.9: as important, by symmetry of the estimator.
    TrialTable table = FanovaForestTest.uniformTable(1000, 2, 8, x -> x[0]);
    PedAnova.Result min = PedAnova.analyse(table, Direction.MINIMIZE, 0.1);
    PedAnova.Result max = PedAnova.analyse(table, Direction.MAXIMIZE, 0.1);
    assertEquals("x1", max.ranked().get(0).parameter());
    assertEquals(min.of("x1").divergence(), max.of("x1").divergence(), 1.0);
  }

  @Test
  void categoricalLevelThatDecidesTheTop() {
    // y = [act = relu] + 0.1 x with 333 trials per level. The top third is exactly the relu trials,
    // whose x is uniform: ideal D(act) = L - 1 = 2, D(x) = 0. With the prior of one observation spread
    // over the levels, p = (333 + 1/3, 1/3, 1/3) / 334 and q = 1/3 each, so D = 3 sum p^2 - 1 = 1.98804.
    SplittableRandom rng = new SplittableRandom(3);
    String[] acts = {"relu", "tanh", "gelu"};
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 999; i++) {
      String act = acts[i % 3];
      double x = rng.nextDouble();
      rows.add(Map.of("act", act, "x", x, "y", (act.equals("relu") ? 1 : 0) + 0.1 * x));
    }
    TrialTable table = TrialTable.fromRows(rows, "y").withBounds("x", 0, 1);
    PedAnova.Result third = PedAnova.analyse(table, Direction.MAXIMIZE, 1.0 / 3);
    assertEquals(333, third.topTrials());
    assertEquals(1.98804, third.of("act").divergence(), 1e-4);
    assertTrue(third.of("x").share() < 0.05, "x " + third.of("x"));
    // The top tenth is relu with x above about 0.7: now x's top density covers 30% of its domain
    // (ideal D = 1/0.3 - 1 = 2.33) against a third of act's levels (D = 2): x comes first. The
    // question "what matters for the top" depends on how far up one looks; that is the point.
    // act: p = (100 + 1/3, 1/3, 1/3) / 101, q = 1/3 each: D = 3 sum p^2 - 1 = 1.960591.
    PedAnova.Result tenth = PedAnova.analyse(table, Direction.MAXIMIZE, 0.1);
    assertEquals("x", tenth.ranked().get(0).parameter());
    assertEquals(1.960591, tenth.of("act").divergence(), 1e-4);
  }

  @Test
  void integerParameterOnItsValues() {
    // k uniform on 1..5, top 20% = k == 1 (ties broken by trial order): ideal D = 1/0.2 - 1 = 4 on the
    // integer grid; the normal-reference bandwidth on the top set (all 1) is 0, floored at 4/50, so the top
    // density is nearly all at 1: D = sum p^2/q - 1 close to 0.99^2 / 0.2 - 1 = 3.9.
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      long k = 1 + i % 5;
      rows.add(Map.of("k", k, "y", (double) k));
    }
    PedAnova.Result r = PedAnova.analyse(TrialTable.fromRows(rows, "y"), Direction.MINIMIZE, 0.2);
    assertEquals(4.0, r.of("k").divergence(), 0.15);
  }

  @Test
  void rejectsQuantilesOutOfRangeOrTooFewTrials() {
    TrialTable table = FanovaForestTest.uniformTable(20, 2, 1, x -> x[0]);
    StageException e = assertThrows(StageException.class,
        () -> PedAnova.analyse(table, Direction.MINIMIZE, 1.5));
    assertTrue(e.getMessage().contains("0 < gamma < gammaPrime <= 1"), e.getMessage());
    e = assertThrows(StageException.class, () -> PedAnova.analyse(table, Direction.MINIMIZE, 0.05));
    assertTrue(e.getMessage().contains("at least 2 trials"), e.getMessage());
  }
}
