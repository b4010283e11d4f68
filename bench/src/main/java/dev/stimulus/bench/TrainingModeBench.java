package dev.stimulus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import dev.stimulus.stages.train.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Training throughput in {@code portable} against {@code fast} mode, on the same tensors, the same
 * stage and the same seed. The mode is fixed per process, so each measurement is a child JVM; rounds
 * alternate portable and fast so that the machine's noise falls on both alike. Each child trains
 * once to warm up, then times a second training through the real train stage. Reported: samples/s
 * (rows × epochs / seconds) per mode, and portable over fast as a ratio (median of the rounds).
 *
 * <p>Workloads: an MLP with three hidden layers of 256 on 64 standard-normal inputs (binary, batch
 * 256), and a cnn1d over 40-nt one-hot DNA (16 filters of width 8, hidden 32, batch 256).
 *
 * <p>Run: {@code bench/run.sh TrainingModeBench [rounds] [mlpRows] [cnnRows] [epochs]}.
 */
public final class TrainingModeBench {

  private static final String MLP = "{\"hidden\":[256,256,256],\"batch_size\":256,\"lr\":0.001,\"epochs\":%d}";
  private static final String CNN = "{\"architecture\":\"cnn1d\",\"filters\":[16],\"kernel_sizes\":[8],"
      + "\"hidden\":[32],\"batch_size\":256,\"lr\":0.001,\"epochs\":%d}";

  private TrainingModeBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String mlpRows = args.length > 1 ? args[1] : "20000";
    String cnnRows = args.length > 2 ? args[2] : "20000";
    String epochs = args.length > 3 ? args[3] : "2";
    Map<String, List<Double>> samples = new TreeMap<>();
    String platform = "";
    for (int round = 1; round <= rounds; round++) {
      for (String mode : List.of("portable", "fast")) {
        Map<String, String> out = runChild(mode, mlpRows, cnnRows, epochs);
        samples.computeIfAbsent(mode + ".mlp", k -> new ArrayList<>()).add(Double.parseDouble(out.get("mlp")));
        samples.computeIfAbsent(mode + ".cnn1d", k -> new ArrayList<>()).add(Double.parseDouble(out.get("cnn1d")));
        if (mode.equals("fast")) {
          platform = out.get("platform");
        }
        System.out.printf(Locale.ROOT, "round %d %-8s mlp %,9.0f samples/s   cnn1d %,9.0f samples/s%n", round, mode,
            Double.parseDouble(out.get("mlp")), Double.parseDouble(out.get("cnn1d")));
      }
    }
    System.out.println("fast-mode platform: " + platform);
    for (String model : List.of("mlp", "cnn1d")) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        ratios.add(samples.get("portable." + model).get(i) / samples.get("fast." + model).get(i));
      }
      System.out.printf(Locale.ROOT, "%-6s portable/fast = %.2f (median of %d rounds; per round %s)%n", model,
          median(ratios), rounds, ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }
  }

  private static Map<String, String> runChild(String mode, String mlpRows, String cnnRows, String epochs)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), TrainingModeBench.class.getName(), "child", mlpRows, cnnRows,
        epochs);
    pb.environment().put("STIMULUS_REPRODUCIBILITY", mode);
    Path log = Files.createTempFile("stimulus-train-bench", ".log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(mode + " child failed:\n" + Files.readString(log));
    }
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith(" ")) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    Files.deleteIfExists(log);
    return out;
  }

  private static void child(int mlpRows, int cnnRows, int epochs) {
    Stage train = Catalogue.load().find(StageKind.TRAIN, "djl");
    byte[] mlp = mlpTensors(mlpRows);
    byte[] cnn = cnnTensors(cnnRows);
    System.out.println("mlp=" + samplesPerSecond(train, mlp, MLP, mlpRows, epochs));
    System.out.println("cnn1d=" + samplesPerSecond(train, cnn, CNN, cnnRows, epochs));
    System.out.println("platform=" + Platform.current().toJson());
  }

  /** Trains once on a tenth of the rows to warm up, then times the full training. */
  private static double samplesPerSecond(Stage train, byte[] tensors, String params, int rows, int epochs) {
    run(train, tensors, String.format(Locale.ROOT, params, 1));
    long t0 = System.nanoTime();
    run(train, tensors, String.format(Locale.ROOT, params, epochs));
    return (double) rows * epochs / ((System.nanoTime() - t0) / 1e9);
  }

  private static void run(Stage train, byte[] tensors, String params) {
    try {
      ObjectNode p = train.params().resolve(new ObjectMapper().readTree(params), "bench");
      train.run(StageInput.of(Ports.TENSORS, tensors), p, StageContext.forTest(7));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static byte[] mlpTensors(int rows) {
    SplittableRandom r = new SplittableRandom(1);
    int dim = 64;
    float[] x = new float[rows * dim];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        x[i * dim + d] = (float) r.nextGaussian();
        s += d % 3 == 0 ? x[i * dim + d] : 0;
      }
      y[i] = s > 0 ? 1 : 0;
    }
    return Safetensors.write(Map.of("train.x", Tensor.f32(x, rows, dim), "train.y", Tensor.f32(y, rows)),
        Map.of("task", "binary"));
  }

  /** 40-nt sequences with a planted motif for half of them, through the real encode stage (TextOneHot). */
  private static byte[] cnnTensors(int rows) {
    SplittableRandom r = new SplittableRandom(2);
    StringBuilder csv = new StringBuilder("row_id,fold,seq,label\n");
    for (int i = 0; i < rows; i++) {
      char[] s = new char[40];
      for (int k = 0; k < s.length; k++) {
        s[k] = "ACGT".charAt(r.nextInt(4));
      }
      boolean positive = r.nextBoolean();
      if (positive) {
        "TATAAT".getChars(0, 6, s, r.nextInt(34));
      }
      csv.append(i).append(",train,").append(s).append(',').append(positive ? 1 : 0).append('\n');
    }
    Stage encode = Catalogue.load().find(StageKind.ENCODE, "columns");
    try {
      ObjectNode params = encode.params().resolve(new ObjectMapper().readTree("{\"columns\":["
          + "{\"name\":\"seq\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}},"
          + "{\"name\":\"label\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]}"), "bench");
      return encode.run(StageInput.of(Ports.TABLE, csv.toString().getBytes(StandardCharsets.UTF_8)), params,
          StageContext.forTest(0)).bytes(Ports.TENSORS);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
