package dev.stimulus.stages.transform;

import static dev.stimulus.stages.table.Fixtures.partitioned;
import static dev.stimulus.stages.table.Fixtures.run;
import static dev.stimulus.stages.table.Fixtures.text;
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
import dev.stimulus.stages.split.RandomSplit;
import dev.stimulus.stages.table.Fixtures;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformTest {

  private static final String TABLE = StageKind.Ports.TABLE;

  private static byte[] apply(Stage s, byte[] table, String params, long seed) {
    return run(s, TABLE, table, params, seed).bytes(TABLE);
  }

  private static Table applyTable(Stage s, byte[] table, String params, long seed) {
    return Partitions.read(apply(s, table, params, seed));
  }

  /** The titanic fixture split 60/20/20, as a transform would receive it. */
  private static byte[] titanicTable() {
    return run(new RandomSplit(), StageKind.Ports.DATA, Fixtures.resource("titanic_head.csv"),
        "{\"ratios\":[0.6,0.2,0.2]}", 7).bytes(TABLE);
  }

  // ---- Identity and early cutoff

  @Test
  void identityRewritesCanonically() {
    byte[] messy = utf8("\"row_id\",fold,a\r\n0,\"train\",\"x\"\r\n1,test,\"y, z\"\r\n");
    assertEquals("row_id,fold,a\n0,train,x\n1,test,\"y, z\"\n", text(apply(new Identity(), messy, "{}", 0)));
  }

  @Test
  void noiseWithZeroStdIsByteIdenticalToIdentity() {
    byte[] table = titanicTable();
    byte[] identity = apply(new Identity(), table, "{}", 0);
    byte[] noZeroStd = apply(new GaussianNoise(), table, "{\"columns\":[\"age\",\"fare\"],\"std\":0}", 99);
    assertArrayEquals(identity, noZeroStd);
    byte[] noZeroMask = apply(new UniformTextMasker(), table, "{\"columns\":[\"sex\"],\"probability\":0}", 99);
    assertArrayEquals(identity, noZeroMask);
    // and a real change does differ, so the comparison above can fail
    assertFalse(java.util.Arrays.equals(identity,
        apply(new GaussianNoise(), table, "{\"columns\":[\"age\"],\"std\":0.1}", 99)));
  }

  // ---- GaussianNoise

  @Test
  void gaussianNoiseHasTheRequestedMeanAndStd() {
    int n = 3000;
    String[] rows = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i] = "train," + (i % 7) + ",5.5";
    }
    Table t = applyTable(new GaussianNoise(), partitioned("a,b", rows), "{\"columns\":[\"a\",\"b\"],\"std\":2,\"mean\":1}", 3);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double[] noise = {Double.parseDouble(t.cell(i, 2)) - (i % 7), Double.parseDouble(t.cell(i, 3)) - 5.5};
      for (double e : noise) {
        sum += e;
        sumSq += e * e;
      }
    }
    int cells = 2 * n;
    double mean = sum / cells;
    double std = Math.sqrt(sumSq / cells - mean * mean);
    // standard errors: 2/sqrt(6000) = 0.026 for the mean, about 0.018 for the std; tolerances are > 5 SE
    assertEquals(1.0, mean, 0.15);
    assertEquals(2.0, std, 0.1);
  }

  @Test
  void gaussianNoiseOnlyTouchesChosenFoldsAndColumns() {
    byte[] in = partitioned("a,b", "train,1.0,2", "test,1.0,2", "validation,1.0,2");
    Table t = applyTable(new GaussianNoise(), in, "{\"columns\":[\"a\"],\"folds\":[\"train\"]}", 1);
    assertNotEquals("1.0", t.cell(0, 2));
    assertEquals("2", t.cell(0, 3));
    assertEquals("1.0", t.cell(1, 2));
    assertEquals("1.0", t.cell(2, 2));
  }

  @Test
  void gaussianNoiseLeavesMissingCellsMissing() {
    byte[] in = partitioned("age", "train,22", "train,", "train,NaN", "test,NA", "test,30");
    Table t = applyTable(new GaussianNoise(), in, "{\"columns\":[\"age\"]}", 1);
    assertNotEquals("22", t.cell(0, 2));
    assertEquals("", t.cell(1, 2));
    assertEquals("NaN", t.cell(2, 2));
    assertEquals("NA", t.cell(3, 2));
    assertNotEquals("30", t.cell(4, 2));
  }

  @Test
  void gaussianNoiseNamesTheBadCell() {
    byte[] in = partitioned("age", "train,22", "test,abc");
    StageException e = assertThrows(StageException.class,
        () -> apply(new GaussianNoise(), in, "{\"columns\":[\"age\"]}", 1));
    assertEquals("column 'age', row 1: 'abc' is not a number", e.getMessage());
  }

  @Test
  void unknownColumnListsAvailable() {
    StageException e = assertThrows(StageException.class,
        () -> apply(new GaussianNoise(), partitioned("age", "train,1"), "{\"columns\":[\"Age\"]}", 1));
    assertEquals("transform GaussianNoise: unknown column 'Age' (available: row_id, fold, age)", e.getMessage());
  }

  @Test
  void unknownFoldIsRefused() {
    StageException e = assertThrows(StageException.class,
        () -> apply(new GaussianNoise(), partitioned("age", "train,1"), "{\"columns\":[\"age\"],\"folds\":[\"val\"]}", 1));
    assertTrue(e.getMessage().contains("unknown fold 'val'"), e.getMessage());
  }

  // ---- UniformTextMasker

  @Test
  void maskerRealisedRateIsCloseToP() {
    int n = 400;
    int length = 100;
    String seq = "ACGT".repeat(length / 4);
    String[] rows = new String[n];
    java.util.Arrays.fill(rows, "train," + seq);
    Table t = applyTable(new UniformTextMasker(), partitioned("seq", rows),
        "{\"columns\":[\"seq\"],\"probability\":0.2,\"mask\":\"N\"}", 5);
    int masked = 0;
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String s = t.cell(i, 2);
      assertEquals(length, s.length());
      for (int p = 0; p < length; p++) {
        if (s.charAt(p) == 'N') {
          masked++;
        } else {
          assertEquals(seq.charAt(p), s.charAt(p));
        }
      }
      distinct.add(s);
    }
    // 40000 Bernoulli(0.2) draws: SE = 0.002; tolerance 0.01 is 5 SE
    assertEquals(0.2, masked / (double) (n * length), 0.01);
    // the same input sequence is masked at different positions in different rows
    assertTrue(distinct.size() > n * 0.99, "distinct masked sequences: " + distinct.size());
  }

  @Test
  void maskerWithProbabilityOneMasksEverything() {
    Table t = applyTable(new UniformTextMasker(), partitioned("seq", "test,ACGT"),
        "{\"columns\":[\"seq\"],\"probability\":1,\"mask\":\"-\"}", 5);
    assertEquals("----", t.cell(0, 2));
  }

  @Test
  void maskMustBeOneCharacter() {
    StageException e = assertThrows(StageException.class, () -> apply(new UniformTextMasker(),
        partitioned("seq", "test,ACGT"), "{\"columns\":[\"seq\"],\"mask\":\"NN\"}", 5));
    assertTrue(e.getMessage().contains("'mask' must be exactly one character"), e.getMessage());
  }

  // ---- ReverseComplement

  @Test
  void reverseComplementAppendsCopiesOfTrainRowsWithParentIds() {
    byte[] in = partitioned("seq,y", "train,AACGTn,1", "test,ACGT,0", "train,acgRYN,0");
    Table t = applyTable(new ReverseComplement(), in, "{\"columns\":[\"seq\"]}", 0);
    assertEquals(5, t.size());
    // worked by hand: reverse of AACGTn is nTGCAA, complement gives nACGTT; case and N kept
    assertArrayEquals(new String[] {"0/rc", "train", "nACGTT", "1"}, t.row(3));
    // acgRYN -> reversed NYRgca -> complemented N R Y c g t (IUPAC R<->Y)
    assertArrayEquals(new String[] {"2/rc", "train", "NRYcgt", "0"}, t.row(4));
    assertEquals("AACGTn", t.cell(0, 2)); // originals untouched, in place
  }

  @Test
  void reverseComplementTwiceIsTheIdentity() {
    String[] seqs = {"ACGTTGCA", "aaccNNgt", "GATTACA", "RYKMSWBDHVN"};
    String[] rows = new String[seqs.length];
    for (int i = 0; i < seqs.length; i++) {
      rows[i] = "train," + seqs[i];
    }
    Table once = applyTable(new ReverseComplement(), partitioned("seq", rows), "{\"columns\":[\"seq\"]}", 0);
    String[] again = new String[seqs.length];
    for (int i = 0; i < seqs.length; i++) {
      again[i] = "train," + once.cell(seqs.length + i, 2);
    }
    Table twice = applyTable(new ReverseComplement(), partitioned("seq", again), "{\"columns\":[\"seq\"]}", 0);
    for (int i = 0; i < seqs.length; i++) {
      assertEquals(seqs[i], twice.cell(seqs.length + i, 2));
    }
  }

  @Test
  void rnaAlphabetPairsAWithU() {
    Table t = applyTable(new ReverseComplement(), partitioned("seq", "train,AUGc"),
        "{\"columns\":[\"seq\"],\"alphabet\":\"rna\"}", 0);
    assertEquals("gCAU", t.cell(1, 2));
  }

  @Test
  void derivedIdsStayUnique() {
    byte[] in = utf8("row_id,fold,seq\n0,train,AC\n0/rc,train,GT\n");
    Table t = applyTable(new ReverseComplement(), in, "{\"columns\":[\"seq\"]}", 0);
    assertEquals("0/rc2", t.cell(2, 0));
    assertEquals("0/rc/rc", t.cell(3, 0));
  }

  @Test
  void unknownCharacterNamesRowAndCharacter() {
    StageException e = assertThrows(StageException.class, () -> apply(new ReverseComplement(),
        partitioned("seq", "train,ACGT", "train,ACXT"), "{\"columns\":[\"seq\"]}", 0));
    assertTrue(e.getMessage().startsWith("transform ReverseComplement: column 'seq', row 1: character 'X' at position 3"),
        e.getMessage());
    StageException u = assertThrows(StageException.class, () -> apply(new ReverseComplement(),
        partitioned("seq", "train,ACGU"), "{\"columns\":[\"seq\"]}", 0));
    assertTrue(u.getMessage().contains("for RNA set alphabet: rna"), u.getMessage());
  }
}
