package dev.stimulus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.testing.SmallExperiments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Conductor commands' user errors and the rerun command's --set syntax (no server needed). */
class ConductorCliTest {

  @TempDir Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {Integer.toString(code), out + err.toString()};
  }

  @Test
  void anUnreachableConductorIsNamedWithTheWayToStartOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Files.writeString(dir.resolve("x.yaml"), CliTest.EXPERIMENT);
    SmallExperiments.copyCsv(dir, "data.csv");
    String url = "http://127.0.0.1:" + port;
    String[] r = run("run", "--engine", "conductor", "--conductor", url, dir.resolve("x.yaml").toString(),
        "--state", dir.resolve("state").toString());
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains("Conductor is not reachable at " + url), r[1]);
    assertTrue(r[1].contains("stimulus up"), r[1]);
    assertFalse(r[1].contains("\tat "), r[1]);

    String[] none = run("worker", "--state", dir.resolve("state").toString());
    assertEquals("2", none[0], none[1]);
    assertTrue(none[1].contains("the local stack is not running (start it with 'stimulus up')"), none[1]);

    String[] engine = run("run", "--engine", "spark", dir.resolve("x.yaml").toString(), "--state", dir.resolve("state").toString());
    assertEquals("2", engine[0], engine[1]);
    assertTrue(engine[1].contains("--engine must be local or conductor, got 'spark'"), engine[1]);
  }

  @Test
  void setReachesTheRightTrialInput() throws Exception {
    ObjectNode input = (ObjectNode) CanonicalJson.MAPPER.readTree("""
        {"dataset": "a.csv", "seed": 1,
         "split": {"name": "RandomSplit", "params": {"ratios": [0.7, 0.15, 0.15]}},
         "transforms": [{"name": "GaussianNoise", "params": {"columns": ["age"], "std": 0.1}},
                        {"name": "UniformTextMasker", "params": {"probability": 0.1}}],
         "train": {"name": "djl", "params": {"epochs": 20}}}
        """);
    assertEquals("transform", RerunCommand.apply(input, "transform.std", CanonicalJson.MAPPER.readTree("0.3")));
    assertEquals(0.3, input.at("/transforms/0/params/std").asDouble());
    assertEquals("transform", RerunCommand.apply(input, "transform.UniformTextMasker.probability",
        CanonicalJson.MAPPER.readTree("0.2")));
    assertEquals(0.2, input.at("/transforms/1/params/probability").asDouble());
    assertEquals("train", RerunCommand.apply(input, "train.epochs", CanonicalJson.MAPPER.readTree("5")));
    assertEquals(5, input.at("/train/params/epochs").asInt());
    assertEquals("transform", RerunCommand.apply(input, "transforms[0].params.columns",
        CanonicalJson.MAPPER.readTree("[\"fare\"]")));
    assertEquals("fare", input.at("/transforms/0/params/columns/0").asText());
    assertEquals("ingest", RerunCommand.apply(input, "dataset", CanonicalJson.MAPPER.getNodeFactory().textNode("b.csv")));
    var e = assertThrows(Main.UserError.class, () -> RerunCommand.apply(input, "transform.mean",
        CanonicalJson.MAPPER.readTree("1")));
    assertTrue(e.getMessage().contains("no transform step has the parameter 'mean'"), e.getMessage());
    var f = assertThrows(Main.UserError.class, () -> RerunCommand.apply(input, "model.lr", CanonicalJson.MAPPER.readTree("1")));
    assertTrue(f.getMessage().contains("expected dataset, seed"), f.getMessage());
  }
}
