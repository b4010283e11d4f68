package dev.stimulus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.Digest;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code stimulus} command as a user meets it: output, exit codes, and errors without stack traces. */
class CliTest {

  static final String EXPERIMENT = SmallExperiments.titanic("small", 3, "data.csv", 0.2, 2);

  @TempDir Path dir;
  Path csv;
  Path experiment;

  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeEach
  void files() throws Exception {
    csv = SmallExperiments.copyCsv(dir, "data.csv");
    experiment = dir.resolve("experiment.yaml");
    Files.writeString(experiment, EXPERIMENT);
  }

  /** The command line as given (no --state: for commands that use no store). */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  Result stimulus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] withState = args;
    if (!args[0].equals("stages")) {
      withState = new String[args.length + 2];
      System.arraycopy(args, 0, withState, 0, args.length);
      withState[args.length] = "--state";
      withState[args.length + 1] = dir.resolve("state").toString();
    }
    int code = Main.execute(withState, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static void assertNoStackTrace(Result r) {
    assertFalse(r.all().contains("\tat "), "no stack trace: " + r.all());
    assertFalse(r.all().contains("Exception"), "no exception names: " + r.all());
  }

  @Test
  void runThenRerunIsEntirelyCachedAndLineageReachesTheRawCsv() throws Exception {
    Result first = stimulus("run", experiment.toString(), "--no-progress");
    assertEquals(0, first.code(), first.all());
    assertTrue(first.out().contains("2 trials, 10 invocations: 10 ran, 0 cached, 0 failed"), first.out());
    assertTrue(first.out().contains("best trial: "), first.out());
    assertTrue(first.out().lines().anyMatch(l -> l.startsWith("*")), "best trial marked: " + first.out());
    assertTrue(first.out().contains("reproducibility: portable"), first.out());

    Result plan = stimulus("plan", experiment.toString());
    assertEquals(0, plan.code(), plan.all());
    assertTrue(plan.out().contains("train 2/2 cached"), plan.out());

    Result second = stimulus("run", experiment.toString(), "--no-progress");
    assertEquals(0, second.code(), second.all());
    assertTrue(second.out().contains("10 invocations: 0 ran, 10 cached, 0 failed"), second.out());

    Result lineage = stimulus("lineage", "best", "-e", "small");
    assertEquals(0, lineage.code(), lineage.all());
    String raw = Digest.of(Files.readAllBytes(csv)).hex();
    assertTrue(lineage.out().startsWith("train djl"), lineage.out());
    for (String step : new String[] {"encode columns", "split RandomSplit", "ingest file", raw, csv.toUri().toString()}) {
      assertTrue(lineage.out().contains(step), "lineage names " + step + ":\n" + lineage.out());
    }
    // The training's platform and mode: portable by default, on ATen's baseline kernels.
    assertTrue(lineage.out().lines().anyMatch(l -> l.trim().startsWith("platform: portable mode on ")
        && l.contains("[aten default, mkl COMPATIBLE, onednn off]") && l.contains("PyTorch 2.7.1")), lineage.out());
    Result dot = stimulus("lineage", "best", "--format", "dot");
    assertTrue(dot.out().startsWith("digraph"), dot.out());
  }

  @Test
  void reproducibilityOptionIsCheckedAndRefusedOnConductor() {
    Result bad = stimulus("run", experiment.toString(), "--reproducibility", "turbo");
    assertEquals(2, bad.code(), bad.all());
    assertTrue(bad.err().contains("error: --reproducibility must be 'portable' or 'fast', found 'turbo'"), bad.all());
    assertNoStackTrace(bad);
    Result onConductor = stimulus("run", experiment.toString(), "--engine", "conductor", "--reproducibility", "fast",
        "--conductor", "http://127.0.0.1:9");
    assertEquals(2, onConductor.code(), onConductor.all());
    assertTrue(onConductor.err().contains("on Conductor start the workers with 'stimulus worker --reproducibility fast'"),
        onConductor.all());
  }

  /** A sampled search prints each batch's summary, then one table and record over every batch. */
  @Test
  void tpeSearchRunsInBatchesAndPrintsEach() throws Exception {
    Files.writeString(experiment, EXPERIMENT.replace("lr: 0.01", "lr: {loguniform: [1.0e-3, 1.0e-1]}")
        + "search: {strategy: tpe, budget: 3, batch: 1, n_startup: 1}\n");
    Result plan = stimulus("plan", experiment.toString());
    assertEquals(0, plan.code(), plan.all());
    assertTrue(plan.out().contains("search tpe: 3 configurations, in batches of 1 = 3 trials"), plan.out());
    Result r = stimulus("run", experiment.toString(), "--no-progress");
    assertEquals(0, r.code(), r.all());
    for (int b = 1; b <= 3; b++) {
      assertTrue(r.out().contains("batch " + b + ": 1 configuration, " + b + "/3 done; 1 trials"), r.out());
    }
    assertTrue(r.out().contains("3 trials, "), r.out());
    assertTrue(r.out().contains("best trial: "), r.out());
  }

  @Test
  void aStimulusPyModelConfigGivenOnTheCommandLineIsTheModelSearchSpace() throws Exception {
    Path model = dir.resolve("model.yaml");
    Files.writeString(model, """
        n_trials: 2
        network_params:
          dropout: {mode: float, params: {low: 0.0, high: 0.3}}
        sampler: {name: RandomSampler}
        """);
    Result plan = stimulus("plan", experiment.toString(), "--model-config", model.toString());
    assertEquals(0, plan.code(), plan.all());
    assertTrue(plan.out().contains("search random: 2 configurations"), plan.out());
    Files.writeString(model, Files.readString(model).replace("dropout:", "lr:"));
    Result twice = stimulus("plan", experiment.toString(), "--model-config", model.toString());
    assertEquals(Main.USER_ERROR, twice.code(), twice.all());
    assertTrue(twice.err().contains("model.yaml:3:3: network_params.lr: 'lr' is given twice"), twice.err());
    assertNoStackTrace(twice);
  }

  @Test
  void malformedCsvNamesTheLineBeforeAnythingRuns() throws Exception {
    Files.writeString(csv, Files.readString(csv).replaceFirst("\n4,1,1,female,35.0,1,0,53.1,S\n", "\n4,1,1,female\n"));
    Result r = stimulus("run", experiment.toString(), "--no-progress");
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().contains(csv + ": row 3 (line 5): expected 9 cells (as many as header names), found 4"), r.all());
    assertTrue(!r.out().contains("finished"), "no stage ran:\n" + r.out());
    assertNoStackTrace(r);
  }

  @Test
  void unknownColumnListsTheAvailableOnes() throws Exception {
    Files.writeString(experiment, EXPERIMENT.replace("{name: age, role: input", "{name: agee, role: input"));
    Result r = stimulus("run", experiment.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().contains("agee") && r.err().contains("passenger_id, survived, pclass, sex, age"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void unknownStageListsTheKnownOnes() throws Exception {
    Files.writeString(experiment, EXPERIMENT.replace("name: RandomSplit", "name: RandomSplitt"));
    Result r = stimulus("plan", experiment.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().contains("unknown split stage 'RandomSplitt'") && r.err().contains("RandomSplit"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void outOfRangeParameterIsNamed() throws Exception {
    Files.writeString(experiment, EXPERIMENT.replace("std: 0.2", "std: -0.5"));
    Result r = stimulus("run", experiment.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().contains("'std' must be >= 0, found -0.5"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void invalidYamlNamesTheLine() throws Exception {
    Files.writeString(experiment, "version: 1\nname: [unclosed\nseed: 1\n");
    Result r = stimulus("run", experiment.toString());
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().contains("experiment.yaml") && r.err().matches("(?s).*:\\d+.*"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void lineageBeforeAnyRunIsAClearError() {
    Result r = stimulus("lineage", "best");
    assertEquals(Main.USER_ERROR, r.code(), r.all());
    assertTrue(r.err().contains("no experiment runs yet"), r.err());
  }

  @Test
  void stagesListsTheCatalogueWithParameters() {
    Result r = stimulus("stages");
    assertEquals(0, r.code(), r.all());
    for (String s : new String[] {"split     RandomSplit", "transform GaussianNoise", "encode    columns", "train     djl",
        "evaluate  metrics", "std number >= 0: ", "encoder   TextOneHot", "architectures (train 'architecture'): "}) {
      assertTrue(r.out().contains(s), "lists " + s + ":\n" + r.out());
    }
  }

  @Test
  void docsStagesMatchesTheCatalogue() throws Exception {
    Path doc = Path.of("..", "docs", "stages.md");
    assertEquals(StagesCommand.markdown(), Files.readString(doc),
        "docs/stages.md is out of date: run ./stimulus stages --format markdown > docs/stages.md");
  }

  @Test
  void generateDnaWritesTheSeededExampleData() throws Exception {
    Path out = dir.resolve("motif.csv");
    Result r = run("generate", "dna", "--out", out.toString(), "--rows", "50", "--length", "30", "--seed", "4");
    assertEquals(0, r.code(), r.all());
    assertEquals(dev.stimulus.workflows.experiment.SyntheticDna.csv(50, 30, 4, "TGACTCAG"), Files.readString(out));
    Result bad = run("generate", "protein", "--out", out.toString());
    assertEquals(Main.USER_ERROR, bad.code(), bad.all());
    assertTrue(bad.err().contains("generate: unknown kind 'protein' (known: dna)"), bad.all());
  }
}
