package dev.stimulus.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.index.IndexedTrial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report of a planted-effect trial set: its rankings in report.json, its files, and the page as
 * a real browser (Debian's headless chromium) draws it. The page and a screenshot stay under
 * {@code target/report-test/} as test artifacts.
 */
class ReportTest {

  static final Objective AUC = new Objective("validation.roc_auc", Objective.Direction.MAXIMIZE);
  static final Path OUT = Path.of("target", "report-test");
  static Report report;
  static Path html;

  @BeforeAll
  static void write() {
    List<IndexedTrial> trials = PlantedTrials.trials("planted");
    List<IndexedTrial> other = PlantedTrials.trials("planted-again");
    Report built = ExperimentReport.build("planted", AUC, trials, null, Catalogue.load(),
        Map.of("planted", trials, "planted-again", other));
    // Without a store the planted report has no heatmap (cross-evaluation) or training curve: add one
    // of each kind so the browser test draws every kind of chart the report uses.
    List<Section> sections = new ArrayList<>(built.sections());
    sections.add(Section.of("chart-kinds", "Chart kinds", List.of(), List.of(
        new Chart("chart-heatmap-check", "heatmap", "heatmap", Specs.heatmap(List.of("a", "b"), List.of("a", "b"),
            new Double[][] {{0.9, 0.7}, {null, 0.8}}, "scored on", "trained on")),
        new Chart("chart-line-check", "line", "line", Specs.lineSeries(Specs.line("epoch", "loss"), "train loss",
            List.of(1.0, 2.0, 3.0), List.of(0.7, 0.5, 0.45)))), List.of()));
    report = new Report(built.experiment(), sections);
    html = report.write(OUT);
  }

  static JsonNode table(JsonNode json, String name) {
    for (JsonNode s : json.get("sections")) {
      for (JsonNode t : s.get("tables")) {
        if (t.get("name").asText().equals(name)) {
          return t;
        }
      }
    }
    throw new AssertionError("report.json has no table " + name);
  }

  static List<String> column(JsonNode table, int c) {
    List<String> out = new ArrayList<>();
    table.get("rows").forEach(r -> out.add(r.get(c).asText()));
    return out;
  }

  @Test
  void plantedEffectOutranksTheParameterWithoutEffect() throws Exception {
    JsonNode json = CanonicalJson.MAPPER.readTree(Files.readString(OUT.resolve("report.json")));
    JsonNode importance = table(json, "importance");
    List<String> ranked = column(importance, 0);
    assertEquals(PlantedTrials.RELEVANT, ranked.get(0), "the planted effect explains the most: " + ranked);
    assertTrue(ranked.indexOf(PlantedTrials.RELEVANT) < ranked.indexOf(PlantedTrials.IRRELEVANT), ranked.toString());
    double relevant = importance.get("rows").get(0).get(2).asDouble();
    double irrelevant = importance.get("rows").get(ranked.indexOf(PlantedTrials.IRRELEVANT)).get(2).asDouble();
    // Variance of the planted terms: std uniform on {0, .5, 1} -> 0.2^2 * 1/6 = 0.00667; fraction
    // 0.04 * log2 on {-2, -1, 0} -> 0.04^2 * 2/3 = 0.00107; lr 0.005^2 = 0.000025. So the relevant
    // noise holds about 86% of the variance, the irrelevant one none.
    assertTrue(relevant > 0.7 && relevant < 0.95, "relevant main effect " + relevant);
    assertTrue(irrelevant < 0.01, "irrelevant main effect " + irrelevant);
    assertFalse(ranked.contains("transform"), "the transform label duplicates its steps' parameters: " + ranked);

    List<String> ped = column(table(json, "ped_anova"), 0);
    assertTrue(ped.indexOf(PlantedTrials.RELEVANT) < ped.indexOf(PlantedTrials.IRRELEVANT), ped.toString());

    JsonNode effects = table(json, "effect_vs_noise");
    for (JsonNode r : effects.get("rows")) {
      String verdict = r.get(6).asText();
      if (r.get(0).asText().equals(PlantedTrials.RELEVANT)) {
        assertEquals("larger than noise and control", verdict);
        assertEquals(0.2, r.get(3).asDouble(), 0.01, "range of the level means: 0.2 * (1 - 0)");
      } else if (r.get(0).asText().equals(PlantedTrials.IRRELEVANT)) {
        assertEquals("within noise and control", verdict);
      }
    }
    JsonNode shuffle = table(json, "label_shuffle");
    assertEquals(0.5, shuffle.get("rows").get(1).get(2).asDouble(), 0.02, "control scores chance");

    JsonNode curve = table(json, "learning_curve");
    List<String> fractions = column(curve, 0);
    assertEquals(List.of("0.25", "0.5", "1"), fractions);
    double low = curve.get("rows").get(0).get(2).asDouble();
    double high = curve.get("rows").get(2).get(2).asDouble();
    assertEquals(0.08, high - low, 0.01, "0.04 * (log2 1 - log2 0.25)");

    // GaussianNoise declares std = 1.0 as its default: tuning the relevant noise down to 0 gains the
    // planted 0.2; the irrelevant one gains nothing.
    JsonNode tun = table(json, "tunability");
    for (JsonNode r : tun.get("rows")) {
      if (r.get(0).asText().equals(PlantedTrials.RELEVANT)) {
        assertEquals("stage default", r.get(2).asText());
        assertEquals(1.0, r.get(1).asDouble());
        assertEquals(0.2, r.get(4).asDouble(), 0.03);
      } else if (r.get(0).asText().equals(PlantedTrials.IRRELEVANT)) {
        assertEquals(0.0, r.get(4).asDouble(), 0.01);
      }
    }
    assertEquals(PlantedTrials.RELEVANT, tun.get("rows").get(0).get(0).asText());

    JsonNode across = table(json, "importance_distribution");
    assertTrue(column(across, 0).contains(PlantedTrials.RELEVANT));
    assertEquals("2", across.get("rows").get(0).get(1).asText(), "two experiments analysed");
  }

  @Test
  void everyTableHasItsCsvAndThePageIsSelfContained() throws Exception {
    for (Section s : report.sections()) {
      for (Table t : s.tables()) {
        List<String> lines = Files.readAllLines(OUT.resolve(t.name() + ".csv"));
        assertEquals(t.rows().size() + 1, lines.size(), t.name());
        assertEquals(String.join(",", t.columns()), lines.get(0));
      }
    }
    String page = Files.readString(html);
    assertFalse(Pattern.compile("<script[^>]+src=|<link[^>]+href=\"http", Pattern.CASE_INSENSITIVE).matcher(page).find(),
        "no external scripts or styles");
    assertTrue(page.contains("Chart.js v4.5.1") || page.contains("Chart.js v4"), "Chart.js is inlined");
    assertTrue(report.section("cross-evaluation").orElseThrow().notes().get(0).startsWith("Not available"));
    assertTrue(report.section("lineage").orElseThrow().notes().get(0).startsWith("Not available"));
  }

  @Test
  void headlessChromiumDrawsEveryChart() throws Exception {
    String chromium = chromium();
    if (chromium == null) {
      System.err.println("*** SKIPPING the browser test: chromium is not installed (apt-get install chromium;"
          + " .ci/run installs it) ***");
    }
    assumeTrue(chromium != null, "chromium is not installed");
    Path profile = Files.createTempDirectory("stimulus-chromium-");
    List<String> common = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,4000");
    String url = html.toAbsolutePath().toUri().toString();
    List<String> dumpCmd = new ArrayList<>(common);
    dumpCmd.add("--dump-dom");
    dumpCmd.add(url);
    String dom = run(dumpCmd);
    Matcher canvases = Pattern.compile("<canvas[^>]*>").matcher(dom);
    int found = 0;
    List<String> undrawn = new ArrayList<>();
    while (canvases.find()) {
      found++;
      String tag = canvases.group();
      if (!tag.contains("data-rendered=\"true\"") || tag.contains("data-ink=\"0\"")) {
        undrawn.add(tag);
      }
    }
    assertEquals(report.charts().size(), found, "one canvas per chart");
    assertTrue(found >= 8, "the planted report has importance, interaction, PED-ANOVA, tunability, noise, control,"
        + " replicate, learning-curve and across-experiment charts: " + found);
    assertTrue(undrawn.isEmpty(), "charts not drawn: " + undrawn);
    assertTrue(dom.contains("data-charts-drawn=\"" + found + "\""), "body records every chart drawn");

    Path png = OUT.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    List<String> shotCmd = new ArrayList<>(common);
    shotCmd.add("--screenshot=" + png);
    shotCmd.add(url);
    run(shotCmd);
    assertTrue(Files.size(png) > 10_000, "screenshot saved at " + png);
  }

  static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  static String run(List<String> command) throws Exception {
    Path log = Files.createTempFile("chromium-", ".log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium finished");
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
    return new String(out, StandardCharsets.UTF_8);
  }
}
