package dev.stimulus.stages.evaluate;

import dev.stimulus.core.Digest;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.train.EncodedFolds;
import dev.stimulus.stages.train.Fixtures;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DJL golden fixtures in one place: a small MLP and a small cnn1d trained through the real train
 * stage, and the MLP evaluated through the real evaluate stage. The golden-digest tests pin these
 * digests; {@code PortableDigestsTest} runs {@link #main} in JVMs that each see another CPU
 * capability and asserts that all of them print the same digests.
 */
public final class DjlGoldens {

  /** The MLP fixture's train parameters (also the model the evaluation fixture scores). */
  static final String MLP = "{\"hidden\":[32,16],\"epochs\":2,\"batch_size\":16,\"lr\":0.01}";

  /** The cnn1d fixture's train parameters. */
  static final String CNN = "{\"architecture\":\"cnn1d\",\"filters\":[8],\"kernel_sizes\":[6],"
      + "\"hidden\":[8],\"epochs\":2,\"batch_size\":16,\"lr\":0.01}";

  /**
   * The digests in portable mode. They hold on any x86-64 CPU: {@code PortableDigestsTest} checks
   * them in JVMs that see other CPU capabilities. When they change (this code, DJL or the engine),
   * bump the train and evaluate versions.
   */
  public static final Map<String, String> PORTABLE = Map.of(
      "mlp.model", "19eac8ab9f931e2e7e2bdf06882a6185f6293a0a2cf03361588940e3ed24225f",
      "mlp.curve", "82ff29120c519e3edd7ce5e48c582499f1167684bec56e548ff8e413e5cb7d42",
      "cnn1d.model", "a79d98edd99b2da614b9159fed36d1b26d5d3d1db7f1bba9930f6b38baa958ba",
      "cnn1d.curve", "c3252e75a141f018b1f3f8b939bc03cb96ec16a77f8860852dc6d465980cbf08",
      "evaluate.metrics", "b19302b165be8a789f9c5c18f9dd2a2e160783fff8037d09c993df8a9a3d6b6e",
      "evaluate.predictions", "4c08ba8716645210bcb11ee3c0711e5802fc93c7aa4f70c54e0b3b7b2fee7050");

  private DjlGoldens() {}

  /** The MLP problem: binary, 24 standard-normal inputs, 64 train rows. */
  public static byte[] mlpTensors() {
    return Fixtures.problem("binary", 64, 24, 5);
  }

  /** The MLP fixture trained through the train stage. */
  public static StageOutput mlp() {
    return Fixtures.train(mlpTensors(), MLP, 5);
  }

  /** The cnn1d fixture: 64 one-hot motif sequences of 30 nt, trained through the train stage. */
  public static StageOutput cnn1d() {
    byte[] motifs = Fixtures.encode(Fixtures.motifTable(64, 0, 5), Fixtures.ONE_HOT);
    return Fixtures.train(motifs, CNN, 5);
  }

  /** The MLP fixture's model scored on its own folds through the evaluate stage. */
  public static StageOutput evaluated(StageOutput mlp) throws Exception {
    byte[] problem = mlpTensors();
    return EvaluateMetricsTest.evaluate(mlp, problem, EvaluateMetricsTest.index(EncodedFolds.read(problem)), "{}");
  }

  /** Output name (e.g. {@code mlp.model}) to the SHA-256 of its bytes. */
  public static Map<String, String> digests() throws Exception {
    Map<String, String> out = new TreeMap<>();
    StageOutput mlp = mlp();
    put(out, "mlp", mlp, Ports.MODEL, Ports.CURVE);
    put(out, "cnn1d", cnn1d(), Ports.MODEL, Ports.CURVE);
    put(out, "evaluate", evaluated(mlp), Ports.METRICS, Ports.PREDICTIONS);
    return out;
  }

  private static void put(Map<String, String> out, String fixture, StageOutput o, String... ports) {
    for (String port : ports) {
      out.put(fixture + "." + port, Digest.of(o.bytes(port)).hex());
    }
  }

  /** Prints {@code name=digest} lines, sorted, then {@code platform=} and the platform block as JSON. */
  public static void main(String[] args) throws Exception {
    digests().forEach((name, hex) -> System.out.println(name + "=" + hex));
    System.out.println("platform=" + dev.stimulus.stages.train.Platform.current().toJson());
  }
}
