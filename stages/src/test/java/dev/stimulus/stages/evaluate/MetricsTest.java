package dev.stimulus.stages.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MetricsTest {

  private static final double EXACT = 1e-12;

  private static boolean[] positives(int... labels) {
    boolean[] p = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      p[i] = labels[i] == 1;
    }
    return p;
  }

  private static double value(Metrics.Report r, String name) {
    Number v = r.get(name);
    assertNotNull(v, name + " is undefined: " + r.undefined());
    return v.doubleValue();
  }

  /** The published example: labels [0,1,0,1], scores [0.1,0.9,0.7,0.6], threshold 0.5. */
  @Test
  void publishedFourRowExample() {
    Metrics.Report r = Metrics.binary(positives(0, 1, 0, 1), new double[] {0.1, 0.9, 0.7, 0.6}, 0.5);
    assertEquals(0.75, value(r, "roc_auc"), EXACT);
    assertEquals(5.0 / 6, value(r, "pr_auc"), EXACT);
    assertEquals(0.8333, value(r, "pr_auc"), 5e-5);
    assertEquals(1 / Math.sqrt(3), value(r, "mcc"), EXACT);
    assertEquals(0.5774, value(r, "mcc"), 5e-5);
    assertEquals(0.8, value(r, "f1"), EXACT);
    assertEquals(2.0 / 3, value(r, "precision"), EXACT);
    assertEquals(1.0, value(r, "recall"), EXACT);
    assertEquals(0.75, value(r, "accuracy"), EXACT);
    assertEquals(4, r.get("n").intValue());
    assertTrue(r.undefined().isEmpty());
    assertEquals(0.4472, Metrics.spearman(new double[] {0, 1, 0, 1}, new double[] {0.1, 0.9, 0.7, 0.6}), 5e-5);
    assertEquals(1 / Math.sqrt(5), Metrics.spearman(new double[] {0, 1, 0, 1}, new double[] {0.1, 0.9, 0.7, 0.6}), EXACT);
  }

  @Test
  void rocAucOfPerfectReversedAndTiedRankings() {
    boolean[] y = positives(0, 0, 1, 1, 1);
    assertEquals(1.0, Metrics.rocAuc(y, new double[] {0.1, 0.2, 0.3, 0.4, 0.5}), EXACT);
    assertEquals(0.0, Metrics.rocAuc(y, new double[] {0.5, 0.4, 0.3, 0.2, 0.1}), EXACT);
    assertEquals(0.5, Metrics.rocAuc(y, new double[] {0.7, 0.7, 0.7, 0.7, 0.7}), EXACT);
    // One positive/negative tie counts a half: pairs (n, p) = 6, five correct and one tied.
    assertEquals(5.5 / 6, Metrics.rocAuc(y, new double[] {0.1, 0.3, 0.3, 0.4, 0.5}), EXACT);
  }

  @Test
  void averagePrecisionOfPerfectAndAllTiedScores() {
    boolean[] y = positives(0, 1, 0, 1, 1);
    assertEquals(1.0, Metrics.averagePrecision(y, new double[] {0, 0.9, 0.1, 0.8, 0.7}), EXACT);
    // All tied: one threshold, recall 0 -> 1 at precision = prevalence.
    assertEquals(0.6, Metrics.averagePrecision(y, new double[] {0.5, 0.5, 0.5, 0.5, 0.5}), EXACT);
  }

  @Test
  void averageRanksShareTies() {
    assertEquals(List.of(1.5, 3.0, 1.5, 4.5, 4.5),
        toList(Metrics.averageRanks(new double[] {2, 5, 2, 9, 9})));
  }

  @Test
  void regressionOfPerfectAndMeanPredictors() {
    double[] y = {1, 2, 3, 4, 10};
    Metrics.Report perfect = Metrics.regression(y, y.clone());
    assertEquals(1.0, value(perfect, "r2"), EXACT);
    assertEquals(0.0, value(perfect, "rmse"), EXACT);
    assertEquals(1.0, value(perfect, "spearman"), EXACT);
    double[] mean = {4, 4, 4, 4, 4};
    Metrics.Report flat = Metrics.regression(y, mean);
    assertEquals(0.0, value(flat, "r2"), EXACT);
    assertEquals(Math.sqrt((9 + 4 + 1 + 0 + 36) / 5.0), value(flat, "rmse"), EXACT);
    assertNull(flat.get("spearman"), "a constant prediction has no rank correlation");
    assertTrue(flat.undefined().get("spearman").contains("constant"));
    assertEquals(-1.0, value(Metrics.regression(y, new double[] {5, 4, 3, 2, 1}), "spearman"), EXACT);
  }

  @Test
  void singleClassFoldGivesNullsWithReasonsNotNaN() {
    Metrics.Report r = Metrics.binary(positives(1, 1, 1), new double[] {0.2, 0.6, 0.9}, 0.5);
    assertNull(r.get("roc_auc"));
    assertTrue(r.undefined().get("roc_auc").contains("no negative"));
    assertNull(r.get("mcc"));
    assertEquals(2.0 / 3, value(r, "accuracy"), EXACT);
    assertEquals(1.0, value(r, "pr_auc"), EXACT);
    Metrics.Report none = Metrics.binary(positives(0, 0), new double[] {0.2, 0.3}, 0.5);
    assertNull(none.get("pr_auc"));
    assertNull(none.get("recall"));
    assertNull(none.get("precision"));
    assertNull(none.get("f1"));
    assertEquals(1.0, value(none, "accuracy"), EXACT);
    for (Map.Entry<String, Number> e : none.values().entrySet()) {
      assertTrue(e.getValue() == null || Double.isFinite(e.getValue().doubleValue()), e.toString());
    }
    Metrics.Report empty = Metrics.regression(new double[0], new double[0]);
    assertEquals(0, empty.get("n").intValue());
    assertNull(empty.get("rmse"));
    assertEquals("the fold has no rows", empty.undefined().get("r2"));
  }

  @Test
  void multiclassMacroF1ByHand() {
    // Class 0: tp 1, fp 0, fn 1 -> 2/3; class 1: tp 1, fp 1, fn 0 -> 2/3; class 2: tp 1 -> 1.
    Metrics.Report r = Metrics.multiclass(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2});
    assertEquals((2.0 / 3 + 2.0 / 3 + 1) / 3, value(r, "macro_f1"), EXACT);
    assertEquals(0.75, value(r, "accuracy"), EXACT);
  }

  /** Fixtures with ties scored by scikit-learn 1.2 and SciPy (see bench/peers/sklearn_metrics.py). */
  @TestFactory
  List<DynamicTest> agreesWithScikitLearn() throws IOException {
    JsonNode root;
    try (InputStream in = MetricsTest.class.getResourceAsStream("sklearn_metrics.json")) {
      root = new ObjectMapper().readTree(in);
    }
    double threshold = root.get("threshold").doubleValue();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("binary")) {
      tests.add(DynamicTest.dynamicTest("binary " + c.get("name").asText(), () -> {
        int[] labels = ints(c.get("labels"));
        compare(c, Metrics.binary(positives(labels), doubles(c.get("scores")), threshold));
      }));
    }
    for (JsonNode c : root.get("multiclass")) {
      tests.add(DynamicTest.dynamicTest("multiclass " + c.get("name").asText(),
          () -> compare(c, Metrics.multiclass(ints(c.get("labels")), ints(c.get("predictions"))))));
    }
    for (JsonNode c : root.get("regression")) {
      tests.add(DynamicTest.dynamicTest("regression " + c.get("name").asText(),
          () -> compare(c, Metrics.regression(doubles(c.get("labels")), doubles(c.get("predictions"))))));
    }
    assertEquals(8, tests.size());
    return tests;
  }

  private static void compare(JsonNode c, Metrics.Report r) {
    c.get("expected").fields().forEachRemaining(e ->
        assertEquals(e.getValue().doubleValue(), value(r, e.getKey()), 1e-10, c.get("name").asText() + " " + e.getKey()));
    assertEquals(c.get("labels").size(), r.get("n").intValue());
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).intValue();
    }
    return out;
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).doubleValue();
    }
    return out;
  }

  private static List<Double> toList(double[] a) {
    List<Double> out = new ArrayList<>();
    for (double d : a) {
      out.add(d);
    }
    return out;
  }
}
