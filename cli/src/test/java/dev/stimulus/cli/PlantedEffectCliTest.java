package dev.stimulus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real planted-effect experiment, end to end through the real stages, the trial index and the
 * report: the label is decided by x1 alone, and the sweep adds Gaussian noise (std 0 or 3, against
 * values in [-1, 1]) to x1 in one step and to x2 in another. Noise on x1 destroys the signal; noise
 * on x2 touches a column the label does not depend on. The report must rank the first far above the
 * second.
 */
class PlantedEffectCliTest {

  static final String EXPERIMENT = """
      version: 1
      name: planted
      seed: 5
      data:
        source: planted.csv
        columns:
          - {name: id, role: meta}
          - {name: y, role: label, encoder: {name: Numeric}}
          - {name: x1, role: input, encoder: {name: Numeric}}
          - {name: x2, role: input, encoder: {name: Numeric}}
      split:
        - {name: RandomSplit, ratios: [0.6, 0.2, 0.2], seed: [1, 2]}
      transforms:
        - label: noise
          steps:
            - {name: GaussianNoise, columns: [x1], std: [0.0, 3.0]}
            - {name: GaussianNoise, columns: [x2], std: [0.0, 3.0]}
      model: {architecture: mlp, hidden: [8], lr: 0.05, batch_size: 32, epochs: 8}
      objective: {metric: validation.roc_auc, direction: maximize}
      """;

  @TempDir Path dir;

  @Test
  void theReportRanksTheParameterWithTheLargeEffectAboveTheOneWithNone() throws Exception {
    Random random = new Random(11);
    List<String> lines = new ArrayList<>(List.of("id,y,x1,x2"));
    for (int i = 0; i < 300; i++) {
      double x1 = random.nextDouble() * 2 - 1;
      double x2 = random.nextDouble() * 2 - 1;
      lines.add(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f", i, x1 > 0 ? 1 : 0, x1, x2));
    }
    Files.write(dir.resolve("planted.csv"), lines);
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"run", dir.resolve("experiment.yaml").toString(), "--no-progress",
        "--state", dir.resolve("state").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, out + "\n" + err);
    assertTrue(out.toString().contains("8 trials"), out.toString());

    JsonNode report = CanonicalJson.MAPPER.readTree(dir.resolve("state/reports/planted/report.json").toFile());
    JsonNode importance = TrackingCliTest.table(report, "importance");
    List<String> ranked = new ArrayList<>();
    importance.get("rows").forEach(r -> ranked.add(r.get(0).asText()));
    String relevant = ranked.stream().filter(n -> n.endsWith("#1.std")).findFirst().orElseThrow(
        () -> new AssertionError("no importance for the x1 noise: " + ranked));
    String irrelevant = ranked.stream().filter(n -> n.endsWith("#2.std")).findFirst().orElseThrow(
        () -> new AssertionError("no importance for the x2 noise: " + ranked));
    assertEquals(relevant, ranked.get(0), "the planted effect ranks first: " + importance);
    double big = importance.get("rows").get(0).get(2).asDouble();
    double none = importance.get("rows").get(ranked.indexOf(irrelevant)).get(2).asDouble();
    assertTrue(big > 0.5, "noise on x1 explains most of the variance: " + importance);
    assertTrue(none < 0.1, "noise on x2 explains almost none: " + importance);
  }
}
