package dev.stimulus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.encode.ColumnEncoder;
import dev.stimulus.stages.encode.TextOneHot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One-hot encoding and uniform masking throughput against a NumPy implementation of the same
 * operations ({@code bench/encode/onehot_mask.py}), on the same sequences, run side by side.
 *
 * <p>One-hot: {@link TextOneHot} fitted and applied to every sequence (F32 output, as the encode stage
 * writes it) vs NumPy's table lookup + {@code eye[idx]}. Masking: the {@code UniformTextMasker} stage
 * on a table (CSV in, CSV out, as the pipeline runs it) vs NumPy's {@code where(random < p)} with the
 * conversion from and back to strings. Best of {@code repeat} runs each; ratio = Java rows/s over
 * NumPy rows/s.
 *
 * <p>Run: {@code bench/encode.sh [rows] [length] [repeat]}.
 */
public final class EncodeBench {

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int length = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String python = args.length > 3 ? args[3] : "/usr/bin/python3";
    Path script = Path.of(args.length > 4 ? args[4] : "bench/encode/onehot_mask.py");

    List<String> seqs = sequences(rows, length, 1);
    Path file = Files.createTempFile("stimulus-encode-bench", ".txt");
    Path tableFile = Files.createTempFile("stimulus-encode-bench", ".csv");
    try {
      Files.write(file, seqs, StandardCharsets.US_ASCII);
      double oneHot = best(repeat, () -> oneHot(seqs));
      byte[] table = table(seqs);
      Files.write(tableFile, table);
      Stage masker = Catalogue.load().find(StageKind.TRANSFORM, "UniformTextMasker");
      ObjectNode params = masker.resolveParams(JsonNodeFactory.instance.objectNode()
          .put("probability", 0.1).set("columns", JsonNodeFactory.instance.arrayNode().add("sequence")), "bench");
      double mask = best(repeat, () -> masker.run(StageInput.of(StageKind.Ports.TABLE, table), params,
          StageContext.forTest(1)).bytes(StageKind.Ports.TABLE).length);
      JsonNode numpy = numpy(python, script, file, tableFile, repeat);

      double javaOneHot = rows / oneHot;
      double javaMask = rows / mask;
      System.out.printf(Locale.ROOT, "%d sequences x %d bases, best of %d; NumPy %s (%s)%n", rows, length, repeat,
          numpy.get("numpy").asText(), python);
      System.out.printf(Locale.ROOT, "%-28s %14s %14s %8s%n", "operation", "stimulus rows/s", "numpy rows/s", "ratio");
      row("one-hot (TextOneHot, F32)", javaOneHot, numpy.get("onehot_rows_per_s").asDouble());
      row("mask p=0.1, CSV in and out", javaMask, numpy.get("mask_table_rows_per_s").asDouble());
      row("mask p=0.1 (numpy: array only)", javaMask, numpy.get("mask_rows_per_s").asDouble());
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(tableFile);
    }
  }

  private static void row(String name, double ours, double theirs) {
    System.out.printf(Locale.ROOT, "%-28s %14.0f %14.0f %8.2f%n", name, ours, theirs, ours / theirs);
  }

  /** Uniform random ACGT, seeded. */
  static List<String> sequences(int rows, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    char[] bases = {'A', 'C', 'G', 'T'};
    List<String> out = new ArrayList<>(rows);
    char[] s = new char[length];
    for (int i = 0; i < rows; i++) {
      for (int p = 0; p < length; p++) {
        s[p] = bases[random.nextInt(4)];
      }
      out.add(new String(s));
    }
    return out;
  }

  /** Fits on all rows and encodes them into one F32 buffer, as the encode stage does per fold. */
  static long oneHot(List<String> seqs) {
    TextOneHot encoder = new TextOneHot();
    ObjectNode params = encoder.params().resolve(JsonNodeFactory.instance.objectNode(), "bench");
    List<String> names = new ArrayList<>(seqs.size());
    for (int i = 0; i < seqs.size(); i++) {
      names.add("row " + i);
    }
    ColumnEncoder.Fitted fitted = encoder.fit(new ColumnEncoder.Values("sequence", seqs, names), params);
    int width = 1;
    for (long d : fitted.shape()) {
      width *= (int) d;
    }
    float[] out = new float[seqs.size() * width];
    for (int i = 0; i < seqs.size(); i++) {
      fitted.encode(seqs.get(i), names.get(i), out, i * width);
    }
    return out.length;
  }

  /** A split table (row_id, fold, sequence) with every row in train. */
  static byte[] table(List<String> seqs) {
    StringBuilder b = new StringBuilder("row_id,fold,sequence\n");
    for (int i = 0; i < seqs.size(); i++) {
      b.append(i).append(",train,").append(seqs.get(i)).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  interface Work {
    Object run() throws Exception;
  }

  static double best(int repeat, Work work) throws Exception {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  static JsonNode numpy(String python, Path script, Path file, Path table, int repeat)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(python, script.toString(), file.toString(), Integer.toString(repeat),
        table.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(python + " " + script + " failed (is python3-numpy installed?)");
    }
    return new ObjectMapper().readTree(out);
  }
}
