package dev.stimulus.stages.transform;

import static dev.stimulus.stages.table.Fixtures.partitioned;
import static dev.stimulus.stages.table.Fixtures.run;
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
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text noise (SwapTransform, GaussianChunk) and properties of the sequence transforms. */
class SequenceTransformTest {

  private static final String TABLE = StageKind.Ports.TABLE;

  private static Table apply(Stage s, byte[] table, String params, long seed) {
    return Partitions.read(run(s, TABLE, table, params, seed).bytes(TABLE));
  }

  private static String[] rows(String fold, String... seqs) {
    return Arrays.stream(seqs).map(s -> fold + "," + s).toArray(String[]::new);
  }

  private static String sorted(String s) {
    char[] c = s.toCharArray();
    Arrays.sort(c);
    return new String(c);
  }

  // ---- SwapTransform

  @Test
  void oneSwapExchangesExactlyTwoPositionsAndKeepsTheCharacters() {
    String seq = "ABCDEFGHIJ"; // distinct characters: a swap of two positions changes exactly two
    String[] in = new String[500];
    Arrays.fill(in, "train," + seq);
    Table t = apply(new SwapTransform(), partitioned("s", in), "{\"columns\":[\"s\"]}", 3);
    int[] changedAt = new int[seq.length()];
    for (int i = 0; i < in.length; i++) {
      String out = t.cell(i, 2);
      assertEquals(sorted(seq), sorted(out));
      int changed = 0;
      for (int p = 0; p < seq.length(); p++) {
        if (out.charAt(p) != seq.charAt(p)) {
          changed++;
          changedAt[p]++;
        }
      }
      assertEquals(2, changed, out);
    }
    // every position is in a swap with probability 2/10: 100 of 500 expected, SD about 9
    for (int p = 0; p < seq.length(); p++) {
      assertEquals(100, changedAt[p], 45, "position " + p);
    }
  }

  @Test
  void swapsRespectFoldsAndShortTexts() {
    byte[] in = partitioned("s", "train,A", "train,", "test,ACGTACGT", "train,ACGTACGT");
    Table t = apply(new SwapTransform(), in, "{\"columns\":[\"s\"],\"swap_numbers\":5,\"folds\":[\"train\"]}", 1);
    assertEquals("A", t.cell(0, 2));
    assertEquals("", t.cell(1, 2));
    assertEquals("ACGTACGT", t.cell(2, 2)); // test fold untouched
    assertEquals(sorted("ACGTACGT"), sorted(t.cell(3, 2)));
    Table none = apply(new SwapTransform(), in, "{\"columns\":[\"s\"],\"swap_numbers\":0}", 1);
    assertEquals("ACGTACGT", none.cell(3, 2));
  }

  // ---- GaussianChunk

  @Test
  void chunkWithZeroStdIsTheMiddle() {
    // L=10, chunk 4: centre 5, start round(5 - 2) = 3; L=11: centre 5.5, start round(3.5) = 4
    Table t = apply(new GaussianChunk(), partitioned("s", rows("test", "0123456789", "0123456789a", "abcd")),
        "{\"columns\":[\"s\"],\"chunk_size\":4,\"std\":0}", 1);
    assertEquals("3456", t.cell(0, 2));
    assertEquals("4567", t.cell(1, 2));
    assertEquals("abcd", t.cell(2, 2));
  }

  @Test
  void chunkStartsFollowTheGaussianAndStayInside() {
    // 100 distinct characters, so a chunk's first character gives its start position
    StringBuilder seq = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      seq.appendCodePoint(0x100 + i);
    }
    int n = 2000;
    String[] in = new String[n];
    Arrays.fill(in, "train," + seq);
    Table t = apply(new GaussianChunk(), partitioned("s", in), "{\"columns\":[\"s\"],\"chunk_size\":10,\"std\":0.1}", 5);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      String chunk = t.cell(i, 2);
      assertEquals(10, chunk.codePointCount(0, chunk.length()));
      int start = chunk.codePointAt(0) - 0x100;
      assertEquals(seq.substring(start, start + 10), chunk);
      sum += start;
      sumSq += (double) start * start;
    }
    // start = round(50 + 10 g - 5): mean 45, SD 10 (clipping at 0 and 90 is 4.5 SD away)
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    assertEquals(45, mean, 1.2); // SE 0.22
    assertEquals(10, sd, 0.8);
    // a huge std piles chunks up at both ends
    Table wide = apply(new GaussianChunk(), partitioned("s", Arrays.copyOf(in, 200)),
        "{\"columns\":[\"s\"],\"chunk_size\":10,\"std\":100}", 5);
    long atEnds = java.util.stream.IntStream.range(0, 200).map(i -> wide.cell(i, 2).codePointAt(0) - 0x100)
        .filter(s -> s == 0 || s == 90).count();
    assertTrue(atEnds > 190, "chunks at an end: " + atEnds);
  }

  @Test
  void chunkLongerThanTextNamesRow() {
    StageException e = assertThrows(StageException.class, () -> apply(new GaussianChunk(),
        partitioned("s", rows("train", "ACGTACGT", "ACG")), "{\"columns\":[\"s\"],\"chunk_size\":5}", 1));
    assertEquals("transform GaussianChunk: column 's', row 1: text of 3 characters is shorter than chunk_size 5",
        e.getMessage());
    StageException required = assertThrows(StageException.class, () -> apply(new GaussianChunk(),
        partitioned("s", rows("train", "ACGT")), "{\"columns\":[\"s\"]}", 1));
    assertTrue(required.getMessage().contains("'chunk_size' is required"), required.getMessage());
  }

  // ---- ReverseComplement and masker properties

  @Test
  void reverseComplementTwiceIsIdentityForRandomDnaAndRnaInMixedCase() {
    Random r = new Random(2024);
    for (String alphabet : new String[] {"dna", "rna"}) {
      String letters = (alphabet.equals("dna") ? "ACGT" : "ACGU") + "NRYKMSWBDHV";
      String[] seqs = new String[200];
      for (int i = 0; i < seqs.length; i++) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(40);
        for (int p = 0; p < len; p++) {
          char c = letters.charAt(r.nextInt(letters.length()));
          sb.append(r.nextBoolean() ? c : Character.toLowerCase(c));
        }
        seqs[i] = sb.toString();
      }
      String params = "{\"columns\":[\"s\"],\"alphabet\":\"" + alphabet + "\"}";
      Table once = apply(new ReverseComplement(), partitioned("s", rows("train", seqs)), params, 0);
      String[] copies = new String[seqs.length];
      for (int i = 0; i < seqs.length; i++) {
        copies[i] = once.cell(seqs.length + i, 2);
        assertEquals(seqs[i].length(), copies[i].length());
        for (int p = 0; p < copies[i].length(); p++) {
          // case kept position by position (reversed)
          assertEquals(Character.isLowerCase(seqs[i].charAt(seqs[i].length() - 1 - p)),
              Character.isLowerCase(copies[i].charAt(p)));
        }
        assertFalse(copies[i].toUpperCase(java.util.Locale.ROOT).contains(alphabet.equals("dna") ? "U" : "T"));
      }
      Table twice = apply(new ReverseComplement(), partitioned("s", rows("train", copies)), params, 0);
      for (int i = 0; i < seqs.length; i++) {
        assertEquals(seqs[i], twice.cell(seqs.length + i, 2), alphabet);
      }
    }
  }

  @Test
  void maskerPositionsDifferBetweenRowsAndFoldsAreRespected() {
    String seq = "ACGT".repeat(10);
    String[] in = new String[100];
    for (int i = 0; i < in.length; i++) {
      in[i] = (i % 2 == 0 ? "train," : "validation,") + seq;
    }
    Table t = apply(new UniformTextMasker(), partitioned("s", in),
        "{\"columns\":[\"s\"],\"probability\":0.5,\"folds\":[\"train\"]}", 8);
    java.util.Set<String> masked = new java.util.HashSet<>();
    for (int i = 0; i < in.length; i++) {
      if (i % 2 == 0) {
        masked.add(t.cell(i, 2));
      } else {
        assertEquals(seq, t.cell(i, 2));
      }
    }
    assertEquals(50, masked.size()); // 2^-40 chance of a collision per pair
  }

  @Test
  void semanticsAreInTheDescriptions() {
    assertEquals("noise: swaps random pairs of characters within each text", new SwapTransform().description());
    assertTrue(new GaussianChunk().description().startsWith("noise: "));
    assertTrue(new ReverseComplement().description().startsWith("augmentation: "));
    assertTrue(new UniformTextMasker().description().startsWith("noise: "));
    assertTrue(new GaussianNoise().description().startsWith("noise: "));
    assertTrue(new BalanceSampler().description().startsWith("sampler: "));
    assertTrue(new RandomDownSampler().description().startsWith("sampler: "));
    assertTrue(new LabelShuffle().description().startsWith("control: "));
    assertTrue(new Identity().description().startsWith("none: "));
  }

  @Test
  void foldDefaultsFollowSemantics() {
    for (TableTransform t : new TableTransform[] {new SwapTransform(), new GaussianChunk(), new UniformTextMasker(),
        new GaussianNoise(), new ReverseComplement(), new BalanceSampler(), new RandomDownSampler(), new LabelShuffle()}) {
      var folds = t.params().list().stream().filter(p -> p.name().equals("folds")).findFirst().orElseThrow();
      String expected = t.semantics() == TableTransform.Semantics.NOISE
          ? "[\"train\",\"validation\",\"test\"]" : "[\"train\"]";
      assertEquals(expected, folds.defaultValue().toString(), t.name());
    }
  }

  @Test
  void sameSeedSameBytes() {
    byte[] in = partitioned("s", rows("train", "ACGTACGTAC", "GGGTTTAAAC", "CATCATCATC"));
    for (String[] c : new String[][] {{"SwapTransform", "{\"columns\":[\"s\"],\"swap_numbers\":2}"},
        {"GaussianChunk", "{\"columns\":[\"s\"],\"chunk_size\":4,\"std\":0.3}"}}) {
      Stage s = c[0].equals("SwapTransform") ? new SwapTransform() : new GaussianChunk();
      byte[] a = run(s, TABLE, in, c[1], 4).bytes(TABLE);
      assertArrayEquals(a, run(s, TABLE, in, c[1], 4).bytes(TABLE));
      assertNotEquals(Arrays.toString(a), Arrays.toString(run(s, TABLE, in, c[1], 5).bytes(TABLE)), c[0]);
    }
  }
}
