package dev.stimulus.stages.split;

import static dev.stimulus.stages.table.Fixtures.json;
import static dev.stimulus.stages.table.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupHashKFoldSplitTest {

  /** Resolves params as the executor does (aliases included) and runs with that context seed. */
  private static Table split(Stage s, byte[] data, String params, long seed) {
    ObjectNode resolved = s.resolveParams(json(params), "split " + s.name());
    byte[] out = s.run(StageInput.of(StageKind.Ports.DATA, data), resolved, StageContext.forTest(seed))
        .bytes(StageKind.Ports.TABLE);
    return Partitions.read(out);
  }

  /** {@code n} rows with id "id<i>", group g<i mod groups> and a value. */
  private static byte[] data(int n, int groups) {
    StringBuilder sb = new StringBuilder("id,group,value\n");
    for (int i = 0; i < n; i++) {
      sb.append("id").append(i).append(",g").append(i % groups).append(',').append(i * 3).append('\n');
    }
    return utf8(sb.toString());
  }

  private static Map<String, Integer> foldCounts(Table t) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < t.size(); i++) {
      counts.merge(Partitions.fold(t, i), 1, Integer::sum);
    }
    return counts;
  }

  // ---- GroupSplit

  @Test
  void groupSplitNeverSplitsAGroupAndCountsGroups() {
    for (long seed = 0; seed < 20; seed++) {
      Table t = split(new GroupSplit(), data(300, 20), "{\"column\":\"group\",\"ratios\":[0.6,0.2,0.2]}", seed);
      Map<String, String> foldOfGroup = new HashMap<>();
      Map<String, Set<String>> groupsPerFold = new TreeMap<>();
      for (int i = 0; i < t.size(); i++) {
        String g = t.cell(i, 3);
        String f = Partitions.fold(t, i);
        String before = foldOfGroup.putIfAbsent(g, f);
        assertTrue(before == null || before.equals(f), "group " + g + " in " + before + " and " + f);
        groupsPerFold.computeIfAbsent(f, k -> new HashSet<>()).add(g);
      }
      // 20 groups * (0.6, 0.2, 0.2) = exactly 12, 4, 4 groups
      assertEquals(12, groupsPerFold.get("train").size());
      assertEquals(4, groupsPerFold.get("validation").size());
      assertEquals(4, groupsPerFold.get("test").size());
    }
  }

  @Test
  void groupSplitIsSeeded() {
    byte[] d = data(100, 10);
    String p = "{\"column\":\"group\"}";
    assertArrayEquals(folds(split(new GroupSplit(), d, p, 3)), folds(split(new GroupSplit(), d, p, 3)));
    assertFalse(java.util.Arrays.equals(folds(split(new GroupSplit(), d, p, 3)), folds(split(new GroupSplit(), d, p, 4))));
  }

  @Test
  void groupSplitUnknownColumn() {
    StageException e = assertThrows(StageException.class,
        () -> split(new GroupSplit(), data(5, 2), "{\"column\":\"patient\"}", 0));
    assertEquals("split GroupSplit: unknown column 'patient' (available: id, group, value)", e.getMessage());
  }

  private static String[] folds(Table t) {
    String[] f = new String[t.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = Partitions.fold(t, i);
    }
    return f;
  }

  // ---- HashSplit

  @Test
  void hashSplitBucketsMatchSha256ComputedElsewhere() {
    // Buckets from Python: int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') % 1000000
    var sha = HashSplit.sha256();
    assertEquals(386040, HashSplit.bucket("0", sha));
    assertEquals(162913, HashSplit.bucket("1", sha));
    assertEquals(779351, HashSplit.bucket("17", sha));
    assertEquals(772051, HashSplit.bucket("\u00e9", sha));
    // ratios 0.3/0.4/0.3 cut at 300000 and 700000
    Table t = split(new HashSplit(), utf8("id,x\n0,a\n1,b\n2,c\n17,d\nid-42,e\n\u00e9,f\n"),
        "{\"column\":\"id\",\"ratios\":[0.3,0.4,0.3]}", 0);
    assertArrayEquals(new String[] {"validation", "train", "train", "test", "validation", "test"}, folds(t));
  }

  @Test
  void hashSplitKeepsFoldsWhenRowsAreAppendedOrSeedChanges() {
    Table before = split(new HashSplit(), data(500, 1), "{\"column\":\"id\",\"ratios\":[0.7,0.3]}", 1);
    // more rows, another experiment seed, the old rows in reverse order after the new ones
    StringBuilder grown = new StringBuilder("id,group,value\n");
    for (int i = 1499; i >= 0; i--) {
      grown.append("id").append(i).append(",g0,").append(i).append('\n');
    }
    Table after = split(new HashSplit(), utf8(grown.toString()), "{\"column\":\"id\",\"split\":[0.7,0.3]}", 99);
    Map<String, String> foldOfId = new HashMap<>();
    for (int i = 0; i < after.size(); i++) {
      foldOfId.put(after.cell(i, 2), Partitions.fold(after, i));
    }
    for (int i = 0; i < before.size(); i++) {
      assertEquals(Partitions.fold(before, i), foldOfId.get(before.cell(i, 2)), before.cell(i, 2));
    }
    // uniform buckets: 1500 rows at 0.7 gives 1050 +- 18 (SD); 5 SD tolerance
    assertEquals(1050, foldCounts(after).get("train"), 90);
    assertEquals(Set.of("train", "test"), foldCounts(after).keySet());
  }

  @Test
  void hashSplitHasNoSeedAndRefusesBlankIds() {
    assertTrue(new HashSplit().params().list().stream().noneMatch(p -> p.name().equals("seed")));
    StageException e = assertThrows(StageException.class,
        () -> split(new HashSplit(), utf8("id,x\na,1\n ,2\n"), "{\"column\":\"id\"}", 0));
    assertEquals("split HashSplit: column 'id', row 1 (line 3): blank id; every row needs an id to hash", e.getMessage());
  }

  // ---- KFoldSplit

  @Test
  void kFoldPartsPartitionTheRowsAndEachRowIsValidationOnce() {
    int n = 103;
    int k = 5;
    byte[] d = data(n, 1);
    int[] validationCount = new int[n];
    Set<Integer> testRows = null;
    for (int fold = 0; fold < k; fold++) {
      // a different context seed per fold, as different action keys give: the parts must not depend on it
      Table t = split(new KFoldSplit(), d, "{\"k\":5,\"fold\":" + fold + ",\"test\":0.2,\"seed\":7}", 1000 + fold);
      Set<Integer> test = new HashSet<>();
      int validation = 0;
      for (int i = 0; i < n; i++) {
        switch (Partitions.fold(t, i)) {
          case "validation" -> {
            validationCount[i]++;
            validation++;
          }
          case "test" -> test.add(i);
          default -> { }
        }
      }
      // 103 rows: test = 20.6 -> 21 by largest remainder; 82 left in 5 parts of 16 or 17
      assertTrue(validation == 16 || validation == 17, "validation rows " + validation);
      assertEquals(21, test.size());
      if (testRows != null) {
        assertEquals(testRows, test, "the same test rows for every fold");
      }
      testRows = test;
    }
    for (int i = 0; i < n; i++) {
      assertEquals(testRows.contains(i) ? 0 : 1, validationCount[i], "row " + i);
    }
  }

  @Test
  void kFoldWithoutTestHasNoTestFoldAndSeedChangesParts() {
    byte[] d = data(40, 1);
    Table a = split(new KFoldSplit(), d, "{\"k\":4,\"fold\":2}", 0);
    assertEquals(Map.of("train", 30, "validation", 10), foldCounts(a));
    Table b = split(new KFoldSplit(), d, "{\"k\":4,\"fold\":2,\"seed\":1}", 0);
    assertFalse(java.util.Arrays.equals(folds(a), folds(b)));
  }

  @Test
  void kFoldChecksFoldAndSize() {
    StageException e = assertThrows(StageException.class,
        () -> split(new KFoldSplit(), data(10, 1), "{\"k\":3,\"fold\":3}", 0));
    assertEquals("split KFoldSplit: parameter 'fold' must be below k = 3 (parts are numbered 0 .. 2), found 3",
        e.getMessage());
    StageException small = assertThrows(StageException.class,
        () -> split(new KFoldSplit(), data(4, 1), "{\"k\":5}", 0));
    assertTrue(small.getMessage().contains("4 rows remain after the test share for k = 5 parts"), small.getMessage());
    StageException bigK = assertThrows(StageException.class,
        () -> split(new KFoldSplit(), data(4, 1), "{\"k\":101}", 0));
    assertTrue(bigK.getMessage().contains("'k' must be <= 100"), bigK.getMessage());
  }

  // ---- legacy ratio forms

  @Test
  void legacyRatiosAndTheSplitAliasResolveAlike() {
    for (Stage s : List.of(new RandomSplit(), new StratifiedSplit(), new GroupSplit(), new HashSplit())) {
      String column = s instanceof RandomSplit ? "" : "\"column\":\"group\",";
      for (String r : List.of("[0.6,0.2,0.2]", "[0.7,0.3]")) {
        ObjectNode byRatios = s.resolveParams(json("{" + column + "\"ratios\":" + r + "}"), s.name());
        ObjectNode bySplit = s.resolveParams(json("{" + column + "\"split\":" + r + "}"), s.name());
        assertEquals(byRatios, bySplit, s.name());
        Table t = split(s, data(60, 12), "{" + column + "\"split\":" + r + "}", 4);
        assertEquals(r.equals("[0.7,0.3]") ? Set.of("train", "test") : Set.of("train", "validation", "test"),
            foldCounts(t).keySet(), s.name() + " " + r);
      }
      StageException both = assertThrows(StageException.class, () -> s.resolveParams(
          json("{" + column + "\"split\":[0.7,0.3],\"ratios\":[0.7,0.3]}"), "split " + s.name()));
      assertTrue(both.getMessage().contains("give only one"), both.getMessage());
    }
    // a split without ratios does not take the alias
    StageException e = assertThrows(StageException.class,
        () -> new KFoldSplit().resolveParams(json("{\"split\":[0.7,0.3]}"), "split KFoldSplit"));
    assertTrue(e.getMessage().contains("unknown parameter split"), e.getMessage());
  }

  @Test
  void seedsUsedForKFoldAreIndependentOfContext() {
    // the same params under two context seeds give the same table (the shuffle follows 'seed')
    byte[] d = data(30, 1);
    assertArrayEquals(folds(split(new KFoldSplit(), d, "{\"k\":3,\"fold\":1,\"seed\":5}", 1)),
        folds(split(new KFoldSplit(), d, "{\"k\":3,\"fold\":1,\"seed\":5}", new Random(9).nextLong())));
  }
}
