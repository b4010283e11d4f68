package dev.stimulus.workflows.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SobolTest {

  /**
   * The first eight points of the three-dimensional Sobol sequence (Joe & Kuo's direction numbers;
   * the same table as in Bratley & Fox's and every later implementation for these dimensions:
   * dimension 2 from x + 1, dimension 3 from x^2 + x + 1 with m = 1, 3).
   */
  @Test
  void firstPointsAreThePublishedSequence() {
    double[][] expected = {
        {0, 0, 0}, {0.5, 0.5, 0.5}, {0.75, 0.25, 0.25}, {0.25, 0.75, 0.75},
        {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}};
    Sobol s = new Sobol(3, null);
    for (double[] e : expected) {
      assertArrayEquals(e, s.next(), 0);
    }
  }

  /** Points of the 256-dimensional sequence as SciPy 1.17's {@code qmc.Sobol(d=256, scramble=False)} draws them. */
  @Test
  void highDimensionsMatchAPeerImplementation() {
    Sobol s = new Sobol(256, null);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      points.add(s.next());
    }
    int[] dims = {0, 1, 2, 9, 99, 255};
    double[][] scipy = {
        {0.921875, 0.640625, 0.578125, 0.171875, 0.171875, 0.453125},
        {0.2197265625, 0.0966796875, 0.5185546875, 0.0693359375, 0.1865234375, 0.2490234375},
        {0.0009765625, 0.7529296875, 0.6123046875, 0.8505859375, 0.5302734375, 0.8427734375}};
    int[] rows = {37, 1000, 1023};
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < dims.length; j++) {
        assertEquals(scipy[r][j], points.get(rows[r])[dims[j]], 0, "point " + rows[r] + " dimension " + dims[j]);
      }
    }
  }

  /**
   * The defining balance: the first 2^m points put exactly one point in each interval
   * [k/2^m, (k+1)/2^m) of every coordinate, and (dimensions 1 and 2 being a (0, m, 2)-net) exactly
   * one in every elementary box of area 2^-m. A digital shift keeps both.
   */
  @Test
  void blocksOfPowersOfTwoAreBalancedPlainAndShifted() {
    for (Long shift : new Long[] {null, 7L, 123456789L}) {
      int m = 8;
      int n = 1 << m;
      Sobol s = new Sobol(20, shift);
      double[][] p = new double[n][];
      for (int i = 0; i < n; i++) {
        p[i] = s.next();
      }
      for (int d = 0; d < 20; d++) {
        int[] hits = new int[n];
        for (double[] x : p) {
          assertTrue(x[d] >= 0 && x[d] < 1);
          hits[(int) Math.floor(x[d] * n)]++;
        }
        for (int h : hits) {
          assertEquals(1, h, "dimension " + (d + 1) + " shift " + shift);
        }
      }
      for (int bitsX = 0; bitsX <= m; bitsX++) {
        int cellsX = 1 << bitsX;
        int cellsY = 1 << (m - bitsX);
        int[] hits = new int[n];
        for (double[] x : p) {
          hits[(int) Math.floor(x[0] * cellsX) * cellsY + (int) Math.floor(x[1] * cellsY)]++;
        }
        for (int h : hits) {
          assertEquals(1, h, "box " + cellsX + "x" + cellsY + " shift " + shift);
        }
      }
    }
  }

  @Test
  void shiftMovesTheFirstPointAndDependsOnTheSeed() {
    double[] a = new Sobol(4, 1L).next();
    double[] b = new Sobol(4, 1L).next();
    double[] c = new Sobol(4, 2L).next();
    assertArrayEquals(a, b, 0);
    assertTrue(a[0] != 0 || a[1] != 0);
    assertTrue(a[0] != c[0]);
  }

  @Test
  void dimensionsAreBounded() {
    assertThrows(IllegalArgumentException.class, () -> new Sobol(257, null));
    assertThrows(IllegalArgumentException.class, () -> new Sobol(0, null));
  }
}
