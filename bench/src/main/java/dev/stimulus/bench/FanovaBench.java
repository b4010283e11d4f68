package dev.stimulus.bench;

import dev.stimulus.workflows.analysis.Fanova;
import dev.stimulus.workflows.analysis.RandomForest;
import dev.stimulus.workflows.analysis.TrialTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Times fANOVA (forest fit + main effects, the work Optuna's FanovaImportanceEvaluator does; and with
 * all pairwise interactions) on trial tables of 8 parameters (5 numeric, 1 integer, 2 categorical), and
 * Optuna's evaluator on the same CSV (bench/peers/optuna_fanova.py under Debian's /usr/bin/python3,
 * timed inside Python around the evaluator only, so interpreter start and study creation are not
 * counted). Both use 32 trees.
 *
 * <p>Usage: {@code FanovaBench [sizes, default 1000,10000] [largest size to give Optuna, default 1000]}.
 * Optuna's pure-Python fANOVA takes about a minute on 1,000 trials and grows faster than linearly, so
 * it is skipped above the second argument.
 */
public final class FanovaBench {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPT = Path.of("bench/peers/optuna_fanova.py");
  private static final int TREES = 32;

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 0 ? args[0] : "1000,10000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    int pythonMax = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    boolean python = Files.isExecutable(PYTHON) && Files.exists(SCRIPT);
    System.out.printf(Locale.ROOT, "fANOVA, 8 parameters, %d trees, %d processors%n", TREES,
        Runtime.getRuntime().availableProcessors());
    for (int n : sizes) {
      List<Map<String, Object>> rows = trials(n, 1);
      TrialTable table = TrialTable.fromRows(rows, "objective");
      RandomForest.Options options = RandomForest.Options.defaults(0).withTrees(TREES);
      time(() -> Fanova.analyse(RandomForest.fit(table, options), false)); // warm-up
      double mainOnly = best(3, () -> Fanova.analyse(RandomForest.fit(table, options), false));
      double withPairs = best(3, () -> Fanova.analyse(RandomForest.fit(table, options), true));
      System.out.printf(Locale.ROOT, "%6d trials  java: main effects %.3f s, with 28 pairs %.3f s%n", n, mainOnly,
          withPairs);
      if (python && n <= pythonMax) {
        Path csv = Files.createTempFile("fanova-bench", ".csv");
        try {
          writeCsv(csv, rows);
          double optuna = optunaSeconds(csv);
          System.out.printf(Locale.ROOT, "%6d trials  optuna: main effects %.3f s  -> java is %.0fx faster%n", n,
              optuna, optuna / mainOnly);
        } finally {
          Files.deleteIfExists(csv);
        }
      } else if (!python) {
        System.out.println("       optuna: skipped (" + PYTHON + " or " + SCRIPT + " missing)");
      } else {
        System.out.printf(Locale.ROOT, "%6d trials  optuna: skipped (above %d trials)%n", n, pythonMax);
      }
    }
  }

  /** The benchmark's planted function over 8 parameters, seeded. */
  static List<Map<String, Object>> trials(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    String[] acts = {"relu", "tanh", "gelu"};
    String[] opts = {"adam", "sgd"};
    List<Map<String, Object>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      double a = rng.nextDouble();
      double b = rng.nextDouble();
      double c = rng.nextDouble();
      r.put("a", a);
      r.put("b", b);
      r.put("c", c);
      r.put("d", rng.nextDouble());
      r.put("e", rng.nextDouble());
      long k = rng.nextLong(1, 9);
      r.put("k", k);
      String act = acts[rng.nextInt(3)];
      r.put("act", act);
      r.put("opt", opts[rng.nextInt(2)]);
      r.put("objective", 4 * a + b * c + (act.equals("relu") ? 1 : 0) + 0.1 * k + 0.1 * rng.nextGaussian());
      rows.add(r);
    }
    return rows;
  }

  private static void writeCsv(Path path, List<Map<String, Object>> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      w.write(String.join(",", rows.get(0).keySet()) + "\n");
      for (Map<String, Object> r : rows) {
        List<String> cells = r.values().stream().map(String::valueOf).toList();
        w.write(String.join(",", cells) + "\n");
      }
    }
  }

  private static double optunaSeconds(Path csv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), "time", csv.toString(), "--trees",
        Integer.toString(TREES), "--seed", "0").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
      throw new IOException("optuna_fanova.py failed: " + out);
    }
    String json = out.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElseThrow();
    String seconds = json.substring(json.indexOf("\"seconds\":") + 10, json.indexOf(','));
    return Double.parseDouble(seconds.trim());
  }

  private static double best(int runs, Runnable work) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < runs; i++) {
      best = Math.min(best, time(work));
    }
    return best;
  }

  private static double time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private FanovaBench() {}
}
