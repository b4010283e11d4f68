package dev.stimulus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run records the trials and writes the report; trials, report and reindex read them back. */
class TrackingCliTest {

  @TempDir Path dir;
  Path experiment;

  @BeforeEach
  void files() throws Exception {
    SmallExperiments.copyCsv(dir, "data.csv");
    experiment = dir.resolve("experiment.yaml");
    Files.writeString(experiment, CliTest.EXPERIMENT);
  }

  record Result(int code, String out, String err) {}

  Result stimulus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--state";
    all[args.length + 1] = dir.resolve("state").toString();
    int code = Main.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static JsonNode table(JsonNode report, String name) {
    for (JsonNode s : report.get("sections")) {
      for (JsonNode t : s.get("tables")) {
        if (t.get("name").asText().equals(name)) {
          return t;
        }
      }
    }
    throw new AssertionError("no table " + name);
  }

  static String section(JsonNode report, String id) {
    for (JsonNode s : report.get("sections")) {
      if (s.get("id").asText().equals(id)) {
        return s.toString();
      }
    }
    throw new AssertionError("no section " + id);
  }

  @Test
  void runIndexesTrialsAndWritesTheReportThatTrialsReportAndReindexReadBack() throws Exception {
    Result run = stimulus("run", experiment.toString(), "--no-progress");
    assertEquals(0, run.code(), run.out() + run.err());
    Path reports = dir.resolve("state").resolve("reports").resolve("small");
    assertTrue(run.out().contains("report: " + reports.resolve("report.html").toAbsolutePath().normalize()), run.out());
    assertTrue(run.out().contains("trial index: run "), run.out());
    assertFalse(run.err().contains("warning"), run.err());

    JsonNode report = CanonicalJson.MAPPER.readTree(Files.readString(reports.resolve("report.json")));
    JsonNode cross = table(report, "cross_evaluation");
    assertEquals(4, cross.get("rows").size(), "2 variants x 2 variants: " + cross);
    for (JsonNode r : cross.get("rows")) {
      assertTrue(r.get(2).isNumber(), "every cell scored: " + r);
      if (r.get(0).asText().equals(r.get(1).asText())) {
        assertEquals(0.0, r.get(3).asDouble(), 1e-12, "the diagonal is own data");
      }
    }
    // A model scored on its own data is the trial's own evaluation (same action key): the diagonal
    // must equal each trial's recorded test accuracy.
    JsonNode trials = table(report, "trials");
    List<String> columns = new java.util.ArrayList<>();
    trials.get("columns").forEach(c -> columns.add(c.asText()));
    int variant = columns.indexOf("param_transform");
    int testAccuracy = columns.indexOf("test.accuracy");
    for (JsonNode t : trials.get("rows")) {
      for (JsonNode r : cross.get("rows")) {
        if (r.get(0).asText().equals(t.get(variant).asText()) && r.get(1).asText().equals(t.get(variant).asText())) {
          assertEquals(t.get(testAccuracy).asDouble(), r.get(2).asDouble(), 1e-12, r.toString());
        }
      }
    }
    assertTrue(table(report, "training_curve").get("rows").size() >= 2, "epochs of the best model");
    assertTrue(section(report, "lineage").contains("ingest file"), section(report, "lineage"));
    assertTrue(Files.exists(reports.resolve("cross_evaluation.csv")));

    Result csv = stimulus("trials", "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    List<String> lines = csv.out().lines().toList();
    assertEquals(3, lines.size(), csv.out());
    assertTrue(lines.get(0).startsWith("experiment,run,trial,id,status,objective"), lines.get(0));
    assertTrue(lines.get(0).contains("param:transform.GaussianNoise.std") && lines.get(0).contains("validation.accuracy"));
    assertTrue(lines.get(1).contains(",ok,") && lines.get(2).contains(",ok,"), csv.out());

    Result noisy = stimulus("trials", "--where", "transform.GaussianNoise.std=0.2", "--format", "json");
    JsonNode json = CanonicalJson.MAPPER.readTree(noisy.out());
    assertEquals(1, json.size(), noisy.out());
    assertEquals(0.2, json.get(0).get("params").get("transform.GaussianNoise.std").asDouble());

    Result again = stimulus("run", experiment.toString(), "--no-progress", "--no-report");
    assertEquals(0, again.code(), again.err());
    Result table = stimulus("trials", "-e", "small");
    assertEquals(2, table.out().lines().filter(l -> l.contains(" cached ")).count(), table.out());
    Result history = stimulus("trials", "--history", "--format", "csv");
    assertEquals(5, history.out().lines().count(), history.out());

    Result reindex = stimulus("reindex");
    assertEquals(0, reindex.code(), reindex.err());
    assertTrue(reindex.out().startsWith("reindexed 2 runs (4 trial records, 1 experiments)"), reindex.out());
    assertEquals(history.out(), stimulus("trials", "--history", "--format", "csv").out(), "reindex reproduces the index");

    Path out = dir.resolve("elsewhere");
    Result rep = stimulus("report", "small", "--out", out.toString());
    assertEquals(0, rep.code(), rep.err());
    assertTrue(Files.size(out.resolve("report.html")) > 100_000, "Chart.js inlined");
  }

  @Test
  void mistakesAreNamedWithoutStackTraces() {
    Result bad = stimulus("trials", "--where", "validation.roc_auc>>1");
    assertEquals(Main.USER_ERROR, bad.code(), bad.out() + bad.err());
    assertTrue(bad.err().contains("expected NAME OP VALUE"), bad.err());
    Result none = stimulus("report");
    assertEquals(Main.USER_ERROR, none.code(), none.err());
    assertTrue(none.err().contains("is empty") && none.err().contains("reindex"), none.err());
    Result unknown = stimulus("report", "nope");
    assertEquals(Main.USER_ERROR, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("no experiment 'nope'"), unknown.err());
    Result url = stimulus("trials", "--index", "jdbc:mysql://x");
    assertEquals(Main.USER_ERROR, url.code(), url.err());
    assertTrue(url.err().contains("expected jdbc:sqlite:FILE or jdbc:postgresql://"), url.err());
    for (Result r : List.of(bad, none, unknown, url)) {
      assertFalse(r.err().contains("\tat "), r.err());
    }
  }
}
