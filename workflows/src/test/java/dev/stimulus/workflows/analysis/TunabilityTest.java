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
 * Tunability on surrogates of functions whose one-parameter optima are known: f = 10 x1 + x2 + 2 [act
 * = relu] (maximised), x3 irrelevant, x uniform on [0,1]. From the default (x1 = x2 = x3 = 0.5, act =
 * tanh): tuning x1 alone gains 10 * 0.5 = 5, x2 0.5, act 2, x3 0; all together 5 + 0.5 + 2 = 7.5. The
 * forest flattens the edges of the domain (its leaves at x1 near 1 average over a neighbourhood), so
 * the continuous gains are a little short of the analytic ones.
 */
class TunabilityTest {

  private static final Map<String, Object> DEFAULTS = Map.of("x1", 0.5, "x2", 0.5, "x3", 0.5, "act", "tanh");

  @Test
  void gainsFromDefaults() {
    TrialTable table = table();
    RandomForest forest = RandomForest.fit(table, RandomForest.Options.defaults(4));
    Tunability.Result r = Tunability.against(forest, table, DEFAULTS, Direction.MAXIMIZE);
    assertEquals(10 * 0.5 + 0.5, r.defaultPrediction(), 0.3, "f(default) = 5.5");
    assertEquals(5.0, r.of("x1").gain(), 0.3);
    assertEquals(0.5, r.of("x2").gain(), 0.15);
    assertEquals(2.0, r.of("act").gain(), 0.2);
    assertEquals("relu", r.of("act").bestValue());
    assertTrue(r.of("x3").gain() < 0.1, "x3 " + r.of("x3"));
    assertEquals(7.5, r.overall(), 0.5);
    assertEquals(List.of("x1", "act", "x2", "x3"), r.ranked().stream().map(Tunability.Gain::parameter).toList());
  }

  @Test
  void aDefaultAlreadyAtItsOptimumHasNoGain() {
    TrialTable table = table();
    RandomForest forest = RandomForest.fit(table, RandomForest.Options.defaults(4));
    Map<String, Object> relu = Map.of("x1", 0.5, "x2", 0.5, "x3", 0.5, "act", "relu");
    Tunability.Result max = Tunability.against(forest, table, relu, Direction.MAXIMIZE);
    assertEquals(0.0, max.of("act").gain(), "relu is the best level: the optimum is the default itself");
    // Minimising instead, the best level is another one and x1 is best at its lower end.
    Tunability.Result min = Tunability.against(forest, table, relu, Direction.MINIMIZE);
    assertEquals(2.0, min.of("act").gain(), 0.2);
    assertEquals(5.0, min.of("x1").gain(), 0.3);
  }

  @Test
  void defaultsMustNameKnownParametersAndLevels() {
    TrialTable table = table();
    RandomForest forest = RandomForest.fit(table, RandomForest.Options.defaults(4).withTrees(2));
    StageException e = assertThrows(StageException.class, () -> Tunability.against(
        forest, table, Map.of("x1", 0.5, "x2", 0.5, "x3", 0.5, "act", "swish"), Direction.MAXIMIZE));
    assertTrue(e.getMessage().contains("default configuration, parameter 'act': level 'swish'"), e.getMessage());
    e = assertThrows(StageException.class, () -> Tunability.against(
        forest, table, Map.of("x1", 0.5, "x2", 0.5, "act", "relu"), Direction.MAXIMIZE));
    assertTrue(e.getMessage().contains("parameter 'x3': expected a number, found nothing"), e.getMessage());
    e = assertThrows(StageException.class, () -> Tunability.against(
        forest, table, Map.of("x1", 0.5, "x2", 0.5, "x3", 0.5, "act", "relu", "lr", 0.1), Direction.MAXIMIZE));
    assertTrue(e.getMessage().contains("no parameter 'lr'"), e.getMessage());
  }

  private static TrialTable table() {
    SplittableRandom rng = new SplittableRandom(12);
    String[] acts = {"relu", "tanh", "gelu"};
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double x1 = rng.nextDouble();
      double x2 = rng.nextDouble();
      String act = acts[rng.nextInt(3)];
      rows.add(Map.of("x1", x1, "x2", x2, "x3", rng.nextDouble(), "act", act,
          "y", 10 * x1 + x2 + (act.equals("relu") ? 2 : 0)));
    }
    return TrialTable.fromRows(rows, "y").withBounds("x1", 0, 1).withBounds("x2", 0, 1).withBounds("x3", 0, 1);
  }
}
