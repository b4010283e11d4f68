package dev.stimulus.stages.split;

import static dev.stimulus.stages.table.Fixtures.run;
import static dev.stimulus.stages.table.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SplitTest {

  /** {@code n} rows; row i has class "c" + (i mod 3 weighted so the classes are 50, 31 and 7 rows). */
  private static byte[] data(int n) {
    StringBuilder sb = new StringBuilder("x,label\n");
    for (int i = 0; i < n; i++) {
      sb.append(i * 10).append(',').append(i < 50 ? "a" : i < 81 ? "b" : "c").append('\n');
    }
    return utf8(sb.toString());
  }

  private static Table split(Stage s, byte[] data, String params, long seed) {
    return Partitions.read(run(s, StageKind.Ports.DATA, data, params, seed).bytes(StageKind.Ports.TABLE));
  }

  private static Map<String, Integer> foldCounts(Table t) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < t.size(); i++) {
      counts.merge(Partitions.fold(t, i), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void randomSplitCountsAreExactLargestRemainder() {
    // 712 * (0.7, 0.15, 0.15) = 498.4, 106.8, 106.8: floors sum to 710; the two .8 remainders get one each.
    Table t = split(new RandomSplit(), data(712), "{\"ratios\":[0.7,0.15,0.15]}", 1);
    assertEquals(Map.of("train", 498, "validation", 107, "test", 107), foldCounts(t));
    // 7 * (0.7, 0.3) = 4.9, 2.1: the leftover row goes to train.
    assertEquals(Map.of("train", 5, "test", 2), foldCounts(split(new RandomSplit(), data(7), "{\"ratios\":[0.7,0.3]}", 1)));
  }

  @Test
  void splitKeepsRowOrderIdsAndColumns() {
    Table t = split(new RandomSplit(), data(20), "{}", 3);
    assertEquals(java.util.List.of("row_id", "fold", "x", "label"), t.header());
    for (int i = 0; i < 20; i++) {
      assertEquals(Integer.toString(i), t.cell(i, 0));
      assertEquals(Integer.toString(i * 10), t.cell(i, 2));
    }
  }

  @Test
  void stratifiedSplitKeepsEachClassWithinOneRow() {
    double[] ratios = {0.6, 0.2, 0.2};
    Table t = split(new StratifiedSplit(), data(88), "{\"column\":\"label\",\"ratios\":[0.6,0.2,0.2]}", 5);
    Map<String, Integer> classSize = Map.of("a", 50, "b", 31, "c", 7);
    for (var cls : classSize.entrySet()) {
      for (int f = 0; f < 3; f++) {
        int n = 0;
        for (int i = 0; i < t.size(); i++) {
          if (t.cell(i, 3).equals(cls.getKey()) && Partitions.fold(t, i).equals(Partitions.FOLDS.get(f))) {
            n++;
          }
        }
        double exact = ratios[f] * cls.getValue();
        assertTrue(Math.abs(n - exact) < 1, cls.getKey() + " in " + Partitions.FOLDS.get(f) + ": " + n + " vs " + exact);
      }
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherAssignment() {
    for (Stage s : new Stage[] {new RandomSplit(), new StratifiedSplit()}) {
      String params = s instanceof StratifiedSplit ? "{\"column\":\"label\"}" : "{}";
      byte[] a = run(s, StageKind.Ports.DATA, data(88), params, 11).bytes(StageKind.Ports.TABLE);
      byte[] b = run(s, StageKind.Ports.DATA, data(88), params, 11).bytes(StageKind.Ports.TABLE);
      byte[] c = run(s, StageKind.Ports.DATA, data(88), params, 12).bytes(StageKind.Ports.TABLE);
      assertArrayEquals(a, b, s.name());
      assertFalse(java.util.Arrays.equals(a, c), s.name());
      assertEquals(foldCounts(Partitions.read(a)), foldCounts(Partitions.read(c)), s.name());
    }
  }

  @Test
  void predefinedSplitReadsNumbersAndNamesAndKeepsTheColumn() {
    byte[] data = utf8("seq,split\nAC,0\nGT,1\nTT,2\nCC,test\nGG, train\n");
    Table t = split(new PredefinedSplit(), data, "{\"column\":\"split\"}", 0);
    assertEquals("row_id,fold,seq,split\n0,train,AC,0\n1,validation,GT,1\n2,test,TT,2\n3,test,CC,test\n4,train,GG,\" train\"\n",
        dev.stimulus.stages.table.Fixtures.text(Csv.write(t)));
  }

  @Test
  void predefinedSplitRefusesOtherValues() {
    StageException e = assertThrows(StageException.class, () -> split(new PredefinedSplit(),
        utf8("seq,split\nAC,0\nGT,3\n"), "{\"column\":\"split\"}", 0));
    assertEquals("split PredefinedSplit: column 'split', row 1 (line 3): '3' is not a fold; expected 0, 1, 2 or"
        + " train, validation, test", e.getMessage());
  }

  @Test
  void ratiosMustSumToOne() {
    StageException e = assertThrows(StageException.class,
        () -> split(new RandomSplit(), data(10), "{\"ratios\":[0.7,0.2,0.2]}", 0));
    assertTrue(e.getMessage().contains("must sum to 1"), e.getMessage());
    // within the 1e-6 tolerance is fine
    split(new RandomSplit(), data(10), "{\"ratios\":[0.7,0.1500001,0.15]}", 0);
  }

  @Test
  void ratiosMustHaveTwoOrThreeValues() {
    for (String r : new String[] {"[1.0]", "[0.25,0.25,0.25,0.25]"}) {
      StageException e = assertThrows(StageException.class,
          () -> split(new RandomSplit(), data(10), "{\"ratios\":" + r + "}", 0));
      assertTrue(e.getMessage().contains("must have 2 (train, test) or 3"), e.getMessage());
    }
  }

  @Test
  void negativeRatiosAreRefused() {
    StageException byParamSpec = assertThrows(StageException.class,
        () -> split(new RandomSplit(), data(10), "{\"ratios\":[0.5,-0.2,0.7]}", 0));
    assertTrue(byParamSpec.getMessage().contains("must be >= 0"), byParamSpec.getMessage());
    StageException byRatios = assertThrows(StageException.class,
        () -> Ratios.of(dev.stimulus.stages.table.Fixtures.json("[0.5,-0.2,0.7]"), "split RandomSplit"));
    assertTrue(byRatios.getMessage().contains("must not be negative"), byRatios.getMessage());
  }

  @Test
  void emptyDataIsRefused() {
    StageException e = assertThrows(StageException.class, () -> split(new RandomSplit(), utf8("a,b\n"), "{}", 0));
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
  }

  @Test
  void stratifiedUnknownColumnListsAvailable() {
    StageException e = assertThrows(StageException.class,
        () -> split(new StratifiedSplit(), data(10), "{\"column\":\"class\"}", 0));
    assertEquals("split StratifiedSplit: unknown column 'class' (available: x, label)", e.getMessage());
  }

  @Test
  void largestRemainderSumsToNAndStaysWithinOneRow() {
    Ratios r = Ratios.of(dev.stimulus.stages.table.Fixtures.json("[0.5,0.3,0.2]"), "t");
    for (int n = 0; n < 200; n++) {
      int[] c = r.counts(n);
      assertEquals(n, c[0] + c[1] + c[2]);
      assertTrue(Math.abs(c[0] - 0.5 * n) < 1 && Math.abs(c[1] - 0.3 * n) < 1 && Math.abs(c[2] - 0.2 * n) < 1, "n=" + n);
    }
    assertNotEquals(0, r.counts(1)[0]);
  }

  @Test
  void stratifiedWithinOneRowPerClassForManySeedsAndLegacyRatios() {
    Map<String, Integer> classSize = Map.of("a", 50, "b", 31, "c", 7);
    for (double[] ratios : new double[][] {{0.6, 0.2, 0.2}, {0.7, 0.3}}) {
      String r = ratios.length == 3 ? "[0.6,0.2,0.2]" : "[0.7,0.3]";
      java.util.List<String> folds = ratios.length == 3 ? Partitions.FOLDS : java.util.List.of("train", "test");
      for (long seed = 0; seed < 25; seed++) {
        Table t = split(new StratifiedSplit(), data(88), "{\"column\":\"label\",\"ratios\":" + r + "}", seed);
        for (var cls : classSize.entrySet()) {
          for (int f = 0; f < folds.size(); f++) {
            int n = 0;
            for (int i = 0; i < t.size(); i++) {
              n += t.cell(i, 3).equals(cls.getKey()) && Partitions.fold(t, i).equals(folds.get(f)) ? 1 : 0;
            }
            assertTrue(Math.abs(n - ratios[f] * cls.getValue()) < 1, cls.getKey() + " " + folds.get(f) + " seed " + seed);
          }
        }
      }
    }
  }
}
