package dev.stimulus.workflows.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialTableTest {

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void infersKindsLevelsAndBounds() {
    List<Map<String, Object>> rows = List.of(
        row("epochs", 10, "lr", 0.1, "act", "relu", "hidden", List.of(64, 32), "bn", true, "m", 1, "score", 0.7),
        row("epochs", 20L, "lr", 0.01, "act", "gelu", "hidden", List.of(64), "bn", false, "m", 2.5, "score", 0.8),
        row("epochs", 30, "lr", new BigDecimal("0.05"), "act", "relu", "hidden", List.of(64), "bn", true, "m", 3,
            "score", 0.9));
    TrialTable t = TrialTable.fromRows(rows, "score");
    assertEquals(List.of("act", "bn", "epochs", "hidden", "lr", "m"),
        t.parameters().stream().map(Parameter::name).toList());
    Parameter epochs = t.parameters().get(t.indexOf("epochs"));
    assertEquals(Parameter.Kind.INTEGER, epochs.kind());
    assertEquals(10, epochs.lower());
    assertEquals(30, epochs.upper());
    assertEquals(Parameter.Kind.NUMERIC, t.parameters().get(t.indexOf("lr")).kind());
    assertEquals(Parameter.Kind.NUMERIC, t.parameters().get(t.indexOf("m")).kind(), "ints mixed with doubles");
    assertEquals(List.of("gelu", "relu"), t.parameters().get(t.indexOf("act")).levels());
    assertEquals(List.of("false", "true"), t.parameters().get(t.indexOf("bn")).levels());
    assertEquals(List.of("[64,32]", "[64]"), t.parameters().get(t.indexOf("hidden")).levels());
    assertEquals(1.0, t.value(0, t.indexOf("act")), "relu is level 1");
    assertEquals(0.05, t.value(2, t.indexOf("lr")));
    assertEquals(0.8, t.objective(1));
    assertEquals(0, t.excludedTrials());
  }

  @Test
  void failedTrialsAreLeftOutAndCounted() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row("a", 1.0, "y", 1.0));
    rows.add(row("a", 2.0, "y", Double.NaN));
    rows.add(row("a", 3.0, "y", null));
    rows.add(row("a", 4.0));
    rows.add(row("a", 5.0, "y", Double.POSITIVE_INFINITY));
    rows.add(row("a", 6.0, "y", 2));
    TrialTable t = TrialTable.fromRows(rows, "y");
    assertEquals(2, t.size());
    assertEquals(4, t.excludedTrials());
    assertEquals(6.0, t.parameters().get(0).upper(), "bounds come from the completed trials");
  }

  @Test
  void conditionalParameterBecomesCategoricalWithAnAbsentLevel() {
    List<Map<String, Object>> rows = List.of(
        row("block", "noise", "std", 0.1, "y", 1.0),
        row("block", "none", "y", 2.0),
        row("block", "noise", "std", 0.3, "y", 3.0));
    TrialTable t = TrialTable.fromRows(rows, "y");
    Parameter std = t.parameters().get(t.indexOf("std"));
    assertEquals(Parameter.Kind.CATEGORICAL, std.kind());
    assertEquals(List.of(TrialTable.ABSENT, "0.1", "0.3"), std.levels());
  }

  @Test
  void logScaleAndDeclaredBounds() {
    List<Map<String, Object>> rows = List.of(row("lr", 0.001, "y", 1.0), row("lr", 0.1, "y", 2.0));
    TrialTable t = TrialTable.fromRows(rows, "y").withLogScale("lr").withBounds("lr", 1e-4, 1);
    Parameter lr = t.parameters().get(0);
    assertTrue(lr.log());
    assertEquals(Math.log(1e-4), lr.lower(), 1e-12);
    assertEquals(0.0, lr.upper(), 1e-12);
    assertEquals(Math.log(0.001), t.value(0, 0), 1e-12);
    assertEquals(0.001, Double.parseDouble(lr.describe(t.value(0, 0))), 1e-15, "described on the linear scale");
  }

  @Test
  void badInputIsNamed() {
    StageException e = assertThrows(StageException.class,
        () -> TrialTable.fromRows(List.of(row("a", 1, "y", "high"), row("a", 2, "y", 1.0)), "y"));
    assertTrue(e.getMessage().contains("trial 0") && e.getMessage().contains("objective 'y'")
        && e.getMessage().contains("String high"), e.getMessage());

    e = assertThrows(StageException.class,
        () -> TrialTable.fromRows(List.of(row("a", new Object(), "y", 1.0), row("a", 2, "y", 1.0)), "y"));
    assertTrue(e.getMessage().contains("trial 0, parameter 'a'"), e.getMessage());

    e = assertThrows(StageException.class,
        () -> TrialTable.fromRows(List.of(row("a", Double.NaN, "y", 1.0), row("a", 2, "y", 1.0)), "y"));
    assertTrue(e.getMessage().contains("expected a finite number"), e.getMessage());

    e = assertThrows(StageException.class,
        () -> TrialTable.fromRows(List.of(row("a", 1, "y", 1.0), row("a", 2, "y", null)), "y"));
    assertTrue(e.getMessage().contains("at least 2 completed trials") && e.getMessage().contains("found 1 of 2"),
        e.getMessage());

    TrialTable t = TrialTable.fromRows(List.of(row("a", 1, "c", "x", "y", 1.0), row("a", 2, "c", "z", "y", 2.0)), "y");
    e = assertThrows(StageException.class, () -> t.withBounds("a", 1.5, 3));
    assertTrue(e.getMessage().contains("must contain every observed value"), e.getMessage());
    e = assertThrows(StageException.class, () -> t.withBounds("c", 0, 1));
    assertTrue(e.getMessage().contains("categorical"), e.getMessage());
    e = assertThrows(StageException.class, () -> t.indexOf("b"));
    assertTrue(e.getMessage().contains("[a, c]"), e.getMessage());
    TrialTable negative = TrialTable.fromRows(List.of(row("a", -1, "y", 1.0), row("a", 2, "y", 2.0)), "y");
    e = assertThrows(StageException.class, () -> negative.withLogScale("a"));
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }

  @Test
  void noParametersGiveEmptyResults() {
    TrialTable t = TrialTable.fromRows(List.of(row("y", 1.0), row("y", 2.0), row("y", 3.0)), "y");
    assertTrue(t.parameters().isEmpty());
    RandomForest forest = RandomForest.fit(t, RandomForest.Options.defaults(0).withTrees(2));
    assertEquals(2.0, forest.predict(new double[0]), 1.0, "a leaf holding a bootstrap mean");
    assertTrue(Fanova.analyse(forest).mainEffects().isEmpty());
    assertTrue(PedAnova.analyse(t, Direction.MINIMIZE, 0.5).importances().isEmpty());
  }

  @Test
  void predictRejectsValuesThatAreNoEncoding() {
    TrialTable t = TrialTable.fromRows(List.of(row("c", "a", "y", 1.0), row("c", "b", "y", 2.0)), "y");
    RandomForest forest = RandomForest.fit(t, RandomForest.Options.defaults(0).withTrees(1));
    StageException e = assertThrows(StageException.class, () -> forest.predict(new double[] {2}));
    assertTrue(e.getMessage().contains("parameter 'c': 2.0 is not an encoded value of it (a level index 0..1)"),
        e.getMessage());
    assertThrows(StageException.class, () -> forest.predict(new double[] {0, 1}));
  }

  @Test
  void constantParameterExplainsNothing() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(row("batch", 64, "x", i / 50.0, "y", i / 50.0));
    }
    Fanova.Result r = Fanova.analyse(RandomForest.fit(TrialTable.fromRows(rows, "y"), RandomForest.Options.defaults(0)));
    assertEquals(0.0, r.main("batch").mean());
    assertEquals(1.0, r.main("x").mean(), 1e-12, "a 1-D function's variance is all its own");
  }
}
