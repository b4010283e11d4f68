package dev.stimulus.stages.transform;

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
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** BalanceSampler, RandomDownSampler and LabelShuffle. */
class SamplerTest {

  private static final String TABLE = StageKind.Ports.TABLE;

  private static Table apply(Stage s, byte[] table, String params, long seed) {
    return Partitions.read(run(s, TABLE, table, params, seed).bytes(TABLE));
  }

  /**
   * Train: class a 50 rows, b 20, c 5; validation: a 10, b 1; test: a 3. Rows are interleaved and
   * carry their position in column x, so kept rows can be traced.
   */
  private static byte[] imbalanced() {
    List<String> rows = new ArrayList<>();
    int[][] plan = {{50, 20, 5}, {10, 1, 0}, {3, 0, 0}};
    for (int f = 0; f < 3; f++) {
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < plan[f][c]; k++) {
          rows.add(Partitions.FOLDS.get(f) + "," + "abc".charAt(c));
        }
      }
    }
    java.util.Collections.shuffle(rows, new java.util.Random(1)); // a fixed interleaving
    StringBuilder sb = new StringBuilder("row_id,fold,x,label\n");
    for (int i = 0; i < rows.size(); i++) {
      String[] fl = rows.get(i).split(",");
      sb.append(i).append(',').append(fl[0]).append(',').append(i).append(',').append(fl[1]).append('\n');
    }
    return utf8(sb.toString());
  }

  private static Map<String, Integer> counts(Table t, String fold, int column) {
    Map<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < t.size(); i++) {
      if (Partitions.fold(t, i).equals(fold)) {
        out.merge(t.cell(i, column), 1, Integer::sum);
      }
    }
    return out;
  }

  private static List<String> ids(Table t, String fold) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (fold == null || Partitions.fold(t, i).equals(fold)) {
        out.add(t.cell(i, 0));
      }
    }
    return out;
  }

  // ---- BalanceSampler

  @Test
  void balanceLeavesEqualClassCountsInTrainAndOtherFoldsUntouched() {
    Table in = Partitions.read(imbalanced());
    for (long seed = 0; seed < 5; seed++) {
      Table t = apply(new BalanceSampler(), imbalanced(), "{\"column\":\"label\"}", seed);
      assertEquals(Map.of("a", 5, "b", 5, "c", 5), counts(t, "train", 3));
      assertEquals(ids(in, "validation"), ids(t, "validation"));
      assertEquals(ids(in, "test"), ids(t, "test"));
      // kept rows are original rows, unchanged and in table order
      List<String> all = ids(in, null);
      int last = -1;
      for (int i = 0; i < t.size(); i++) {
        int at = all.indexOf(t.cell(i, 0));
        assertTrue(at > last);
        last = at;
        assertArrayEquals(in.row(at), t.row(i));
      }
    }
    assertNotEquals(ids(apply(new BalanceSampler(), imbalanced(), "{\"column\":\"label\"}", 1), "train"),
        ids(apply(new BalanceSampler(), imbalanced(), "{\"column\":\"label\"}", 2), "train"));
  }

  @Test
  void balanceEachChosenFoldSeparately() {
    Table t = apply(new BalanceSampler(), imbalanced(), "{\"column\":\"label\",\"folds\":[\"train\",\"validation\"]}", 3);
    assertEquals(Map.of("a", 1, "b", 1), counts(t, "validation", 3));
    assertEquals(Map.of("a", 5, "b", 5, "c", 5), counts(t, "train", 3));
    assertEquals(Map.of("a", 3), counts(t, "test", 3)); // a single class: nothing to drop
  }

  @Test
  void balanceOnBookkeepingOrUnknownColumnIsRefused() {
    StageException e = assertThrows(StageException.class,
        () -> apply(new BalanceSampler(), imbalanced(), "{\"column\":\"fold\"}", 0));
    assertEquals("transform BalanceSampler: column 'fold' is bookkeeping and cannot be transformed", e.getMessage());
    StageException u = assertThrows(StageException.class,
        () -> apply(new BalanceSampler(), imbalanced(), "{\"column\":\"class\"}", 0));
    assertEquals("transform BalanceSampler: unknown column 'class' (available: row_id, fold, x, label)", u.getMessage());
  }

  // ---- RandomDownSampler

  @Test
  void downSamplerKeepsExactCountsPerFold() {
    Table in = Partitions.read(imbalanced());
    Table byCount = apply(new RandomDownSampler(), imbalanced(), "{\"count\":7,\"folds\":[\"train\",\"validation\"]}", 1);
    assertEquals(7, ids(byCount, "train").size());
    assertEquals(7, ids(byCount, "validation").size());
    assertEquals(ids(in, "test"), ids(byCount, "test"));
    // fraction: train 75 * 0.3 = 22.5 -> 23 (halves up); validation 11 * 0.3 = 3.3 -> 3
    Table byFraction = apply(new RandomDownSampler(), imbalanced(), "{\"fraction\":0.3,\"folds\":[\"train\",\"validation\"]}", 1);
    assertEquals(23, ids(byFraction, "train").size());
    assertEquals(3, ids(byFraction, "validation").size());
    Table all = apply(new RandomDownSampler(), imbalanced(), "{\"fraction\":1}", 1);
    assertEquals(ids(in, null), ids(all, null));
  }

  @Test
  void downSamplerChoiceIsUniform() {
    // 75 train rows, keep 15: each row kept with probability 0.2; over 200 seeds about 40 times each
    int[] kept = new int[Partitions.read(imbalanced()).size()];
    for (long seed = 0; seed < 200; seed++) {
      for (String id : ids(apply(new RandomDownSampler(), imbalanced(), "{\"count\":15}", seed), "train")) {
        kept[Integer.parseInt(id)]++;
      }
    }
    Table in = Partitions.read(imbalanced());
    for (int i = 0; i < in.size(); i++) {
      if (Partitions.fold(in, i).equals("train")) {
        assertEquals(40, kept[i], 25, "row " + i); // SD 5.7
      }
    }
  }

  @Test
  void downSamplerNeedsExactlyOneOfFractionAndCount() {
    for (String p : new String[] {"{}", "{\"fraction\":0.5,\"count\":3}"}) {
      StageException e = assertThrows(StageException.class, () -> apply(new RandomDownSampler(), imbalanced(), p, 0));
      assertTrue(e.getMessage().startsWith("transform RandomDownSampler: set exactly one of 'fraction'"), e.getMessage());
    }
    StageException tooMany = assertThrows(StageException.class,
        () -> apply(new RandomDownSampler(), imbalanced(), "{\"count\":76}", 0));
    assertTrue(tooMany.getMessage().contains("count 76 is more than the 75 rows of fold train"), tooMany.getMessage());
  }

  // ---- LabelShuffle

  @Test
  void labelShuffleKeepsTheMultisetAndChangesTheOrderOfTrainOnly() {
    Table in = Partitions.read(imbalanced());
    Table t = apply(new LabelShuffle(), imbalanced(), "{\"column\":\"label\"}", 9);
    assertEquals(in.size(), t.size());
    assertEquals(counts(in, "train", 3), counts(t, "train", 3));
    int moved = 0;
    for (int i = 0; i < in.size(); i++) {
      assertEquals(in.cell(i, 0), t.cell(i, 0));
      assertEquals(in.cell(i, 2), t.cell(i, 2)); // inputs stay
      if (Partitions.fold(in, i).equals("train")) {
        moved += in.cell(i, 3).equals(t.cell(i, 3)) ? 0 : 1;
      } else {
        assertEquals(in.cell(i, 3), t.cell(i, 3));
      }
    }
    // a random permutation of 50 a, 20 b, 5 c leaves about 32 of 75 labels changed
    assertTrue(moved > 15, "labels changed: " + moved);
    assertFalse(java.util.Arrays.equals(run(new LabelShuffle(), TABLE, imbalanced(), "{\"column\":\"label\"}", 9).bytes(TABLE),
        run(new LabelShuffle(), TABLE, imbalanced(), "{\"column\":\"label\"}", 10).bytes(TABLE)));
  }

  @Test
  void labelShuffleWithinEachChosenFold() {
    Table in = Partitions.read(imbalanced());
    Table t = apply(new LabelShuffle(), imbalanced(), "{\"column\":\"label\",\"folds\":[\"train\",\"validation\"]}", 2);
    assertEquals(counts(in, "validation", 3), counts(t, "validation", 3));
    assertEquals(counts(in, "train", 3), counts(t, "train", 3));
  }
}
