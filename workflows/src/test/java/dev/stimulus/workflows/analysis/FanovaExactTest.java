package dev.stimulus.workflows.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * fANOVA of single trees whose variance decomposition is worked out by hand (uniform measure on each
 * parameter's domain), and of fitted trees checked against a brute-force integration over the full
 * grid of cells (the original algorithm), which shares no code with the sweep of {@link Fanova}.
 */
class FanovaExactTest {

  private static final double EXACT = 1e-12;

  /**
   * Tree over x1, x2, x3 in [0,1]: x1 <= 0.5 -> 0; else x2 <= 0.25 -> 4; else 8. x3 is never split.
   * Leaf volumes 0.5, 0.125, 0.375. Mean = 0.125*4 + 0.375*8 = 3.5. Total variance = 0.5*3.5^2 +
   * 0.125*0.5^2 + 0.375*4.5^2 = 6.125 + 0.03125 + 7.59375 = 13.75. E[f|x1]: 0 below 0.5, 0.25*4 +
   * 0.75*8 = 7 above: V1 = 0.5*3.5^2 * 2 = 12.25. E[f|x2]: 0.5*0 + 0.5*4 = 2 for x2 <= 0.25, 0.5*8 = 4
   * above: V2 = 0.25*1.5^2 + 0.75*0.5^2 = 0.75. Pure interaction V12 = 13.75 - 12.25 - 0.75 = 0.75.
   */
  @Test
  void twoLevelNumericTree() {
    Tree t = new Tree();
    int right = t.numericSplit(1, 0.25, t.leaf(4), t.leaf(8));
    t.root(t.numericSplit(0, 0.5, t.leaf(0), right));
    List<Parameter> ps = List.of(unit("x1"), unit("x2"), unit("x3"));
    Fanova.Decomposition d = Fanova.decompose(t, ps, true);
    assertEquals(3.5, d.mean, EXACT);
    assertEquals(13.75, d.total, EXACT);
    assertEquals(12.25, d.main[0], EXACT);
    assertEquals(0.75, d.main[1], EXACT);
    assertEquals(0.0, d.main[2], EXACT);
    assertEquals(0.75, d.pair[0][1], EXACT);
    assertEquals(0.0, d.pair[0][2], EXACT);
    assertEquals(0.0, d.pair[1][2], EXACT);
  }

  /**
   * Tree over x in [0,4] and y in [0,1], x split at two depths on different branches: x <= 1 -> (y <=
   * 0.5 -> 0 else 2); else x <= 3 -> 4 else 8. Cells of x: [0,1] [1,3] [3,4] with measures 1/4, 1/2,
   * 1/4. Leaf volumes 1/8, 1/8, 1/2, 1/4. Mean = 2/8 + 2 + 2 = 4.25. Total = (4.25^2 + 2.25^2)/8 +
   * 0.25^2/2 + 3.75^2/4 = 6.4375. E[f|x] = 1, 4, 8 on the three cells: Vx = 3.25^2/4 + 0.25^2/2 +
   * 3.75^2/4 = 6.1875. E[f|y] = 0/4 + 4/2 + 8/4 = 4 below 0.5 and 2/4 + 2 + 2 = 4.5 above: Vy =
   * 0.25^2 = 0.0625. Pure interaction = 6.4375 - 6.1875 - 0.0625 = 0.1875.
   */
  @Test
  void numericParameterSplitAtSeveralDepths() {
    Tree t = new Tree();
    int low = t.numericSplit(1, 0.5, t.leaf(0), t.leaf(2));
    int high = t.numericSplit(0, 3, t.leaf(4), t.leaf(8));
    t.root(t.numericSplit(0, 1, low, high));
    List<Parameter> ps = List.of(Parameter.numeric("x", Parameter.Kind.NUMERIC, 0, 4), unit("y"));
    Fanova.Decomposition d = Fanova.decompose(t, ps, true);
    assertEquals(4.25, d.mean, EXACT);
    assertEquals(6.4375, d.total, EXACT);
    assertEquals(6.1875, d.main[0], EXACT);
    assertEquals(0.0625, d.main[1], EXACT);
    assertEquals(0.1875, d.pair[0][1], EXACT);
  }

  /**
   * Categorical c with levels {a, b, c} (measure 1/3 each) and x in [0, 2]: c in {a} -> 3; else x <=
   * 0.5 -> 0 else 6. Volumes 1/3, 2/3 * 1/4 = 1/6, 2/3 * 3/4 = 1/2. Mean = 1 + 0 + 3 = 4. Total = 1/3 +
   * 16/6 + 4/2 = 5. E[f|c] = 3 for a, 0.25*0 + 0.75*6 = 4.5 for b and c: Vc = (1 + 0.25 + 0.25)/3 =
   * 0.5. E[f|x] = 3/3 + 0 = 1 for x <= 0.5, 1 + 4 = 5 above: Vx = 0.25*9 + 0.75*1 = 3. Pure
   * interaction = 5 - 0.5 - 3 = 1.5. Fractions 0.1, 0.6, 0.3.
   */
  @Test
  void categoricalSplit() {
    Tree t = new Tree();
    int rest = t.numericSplit(1, 0.5, t.leaf(0), t.leaf(6));
    t.root(t.categoricalSplit(0, new boolean[] {true, false, false}, t.leaf(3), rest));
    List<Parameter> ps = List.of(
        Parameter.categorical("c", List.of("a", "b", "c")), Parameter.numeric("x", Parameter.Kind.NUMERIC, 0, 2));
    Fanova.Result r = Fanova.analyse(new RandomForest(ps, List.of(t)));
    assertEquals(0.1, r.main("c").mean(), EXACT);
    assertEquals(0.6, r.main("x").mean(), EXACT);
    assertEquals(0.3, r.interaction("c", "x").mean(), EXACT);
    assertEquals(0.0, r.main("c").std(), EXACT);
  }

  /**
   * Two trees: the first tree of {@link #twoLevelNumericTree} (x1 share 12.25/13.75) and a tree that
   * only splits x1 (share 1). The forest reports the mean of the shares and their population standard
   * deviation: |a - b| / 2 for two values.
   */
  @Test
  void meanAndSpreadAcrossTrees() {
    Tree a = new Tree();
    int right = a.numericSplit(1, 0.25, a.leaf(4), a.leaf(8));
    a.root(a.numericSplit(0, 0.5, a.leaf(0), right));
    Tree b = new Tree();
    b.root(b.numericSplit(0, 0.3, b.leaf(1), b.leaf(2)));
    Tree constant = new Tree();
    constant.root(constant.leaf(5));
    List<Parameter> ps = List.of(unit("x1"), unit("x2"), unit("x3"));
    Fanova.Result r = Fanova.analyse(new RandomForest(ps, List.of(a, b, constant)));
    double shareA = 12.25 / 13.75;
    assertEquals((shareA + 1) / 2, r.main("x1").mean(), EXACT);
    assertEquals((1 - shareA) / 2, r.main("x1").std(), EXACT);
    assertEquals(3, r.trees());
    assertEquals(2, r.treesWithVariance(), "the constant tree has no variance to share out");
  }

  /** Fitted trees (numeric, integer and categorical parameters) against brute-force grid integration. */
  @Test
  void sweepAgreesWithFullGridOnFittedTrees() {
    SplittableRandom rng = new SplittableRandom(11);
    List<Map<String, Object>> rows = new ArrayList<>();
    String[] colours = {"red", "green", "blue", "cyan"};
    for (int i = 0; i < 80; i++) {
      Map<String, Object> row = new TreeMap<>();
      double a = rng.nextDouble();
      long k = rng.nextLong(1, 9);
      String c = colours[rng.nextInt(4)];
      row.put("a", a);
      row.put("k", k);
      row.put("colour", c);
      row.put("y", Math.sin(6 * a) * k + (c.equals("red") ? 3 : 0) + rng.nextDouble());
      rows.add(row);
    }
    TrialTable table = TrialTable.fromRows(rows, "y").withBounds("a", 0, 1).withBounds("k", 1, 8);
    RandomForest forest = RandomForest.fit(table, RandomForest.Options.defaults(5).withTrees(4));
    for (Tree t : forest.trees()) {
      Fanova.Decomposition fast = Fanova.decompose(t, table.parameters(), true);
      Fanova.Decomposition grid = fullGrid(t, table.parameters());
      double scale = grid.total;
      assertEquals(grid.total, fast.total, 1e-9 * scale);
      for (int f = 0; f < 3; f++) {
        assertEquals(grid.main[f], fast.main[f], 1e-9 * scale, "main " + f);
        for (int g = f + 1; g < 3; g++) {
          assertEquals(grid.pair[f][g], fast.pair[f][g], 1e-9 * scale, "pair " + f + "," + g);
        }
      }
    }
  }

  /**
   * The original fANOVA computation: every combination of cells of all parameters (cells cut at all
   * the tree's thresholds), the tree evaluated at each cell's midpoint, marginals by summation.
   */
  private static Fanova.Decomposition fullGrid(Tree t, List<Parameter> ps) {
    int p = ps.size();
    double[][] points = new double[p][];
    double[][] weights = new double[p][];
    for (int f = 0; f < p; f++) {
      Parameter param = ps.get(f);
      if (param.categorical()) {
        int l = param.levelCount();
        points[f] = new double[l];
        weights[f] = new double[l];
        for (int c = 0; c < l; c++) {
          points[f][c] = c;
          weights[f][c] = 1.0 / l;
        }
        continue;
      }
      List<Double> cuts = new ArrayList<>(List.of(param.lower(), param.upper()));
      for (int n = 0; n < t.size(); n++) {
        if (!t.isLeaf(n) && t.feature(n) == f) {
          cuts.add(t.threshold(n));
        }
      }
      double[] b = cuts.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
      points[f] = new double[b.length - 1];
      weights[f] = new double[b.length - 1];
      for (int k = 0; k + 1 < b.length; k++) {
        points[f][k] = (b[k] + b[k + 1]) / 2;
        weights[f][k] = (b[k + 1] - b[k]) / (param.upper() - param.lower());
      }
    }
    int[] dims = Arrays.stream(points).mapToInt(a -> a.length).toArray();
    int cells = Arrays.stream(dims).reduce(1, (x, y) -> x * y);
    double[] value = new double[cells];
    double[] weight = new double[cells];
    int[][] index = new int[cells][p];
    double mean = 0;
    for (int c = 0; c < cells; c++) {
      int rest = c;
      double[] x = new double[p];
      weight[c] = 1;
      for (int f = 0; f < p; f++) {
        index[c][f] = rest % dims[f];
        rest /= dims[f];
        x[f] = points[f][index[c][f]];
        weight[c] *= weights[f][index[c][f]];
      }
      value[c] = t.predict(x);
      mean += weight[c] * value[c];
    }
    Fanova.Decomposition d = new Fanova.Decomposition();
    d.mean = mean;
    for (int c = 0; c < cells; c++) {
      d.total += weight[c] * (value[c] - mean) * (value[c] - mean);
    }
    d.main = new double[p];
    d.pair = new double[p][p];
    for (int f = 0; f < p; f++) {
      double[] sum = new double[dims[f]];
      for (int c = 0; c < cells; c++) {
        sum[index[c][f]] += weight[c] * value[c];
      }
      for (int k = 0; k < dims[f]; k++) {
        double m = sum[k] / weights[f][k];
        d.main[f] += weights[f][k] * (m - mean) * (m - mean);
      }
    }
    for (int f = 0; f < p; f++) {
      for (int g = f + 1; g < p; g++) {
        double[][] sum = new double[dims[f]][dims[g]];
        for (int c = 0; c < cells; c++) {
          sum[index[c][f]][index[c][g]] += weight[c] * value[c];
        }
        double v = 0;
        for (int i = 0; i < dims[f]; i++) {
          for (int j = 0; j < dims[g]; j++) {
            double w = weights[f][i] * weights[g][j];
            double m = sum[i][j] / w;
            v += w * (m - mean) * (m - mean);
          }
        }
        d.pair[f][g] = v - d.main[f] - d.main[g];
      }
    }
    return d;
  }

  private static Parameter unit(String name) {
    return Parameter.numeric(name, Parameter.Kind.NUMERIC, 0, 1);
  }
}
