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
  static final String MLP = "{\"hidden\":[4],\"epochs\":2,\"batch_size\":8,\"lr\":0.01}";

  /** The cnn1d fixture's train parameters. */
  static final String CNN = "{\"architecture\":\"cnn1d\",\"filters\":[4],\"kernel_sizes\":[6],"
      + "\"hidden\":[4],\"epochs\":2,\"batch_size\":8,\"lr\":0.01}";

  /**
   * The digests in portable mode. They hold on any x86-64 CPU: {@code PortableDigestsTest} checks
   * them in JVMs that see other CPU capabilities. When they change (this code, DJL or the engine),
   * bump the train and evaluate versions.
   */
  public static final Map<String, String> PORTABLE = Map.of(
      "mlp.model", "b0617a824b4a5b15aa9c2601a71a53de01914b8a62597b787f219fd9ec0e82e7",
      "mlp.curve", "45a59526cd425ae8a858bfb4a37c7d1b336362a8c88bb627e918782d4e09cee1",
      "cnn1d.model", "b0f0c46dc6ac382afe376448cddaf45c8a2313c07445796490b129b4313b4aa0",
      "cnn1d.curve", "da362fc5e07d4ebdba42d722ca76a285c2620dc6e6151037316ab0cffe38c034",
      "evaluate.metrics", "054dd22bac8d6bc4ce12a47a81fbb42018dfe376175843a5c0cead856ed62852",
      "evaluate.predictions", "469fd5944f2bb3aeb8e3450a263156cd31509774a21e368e23d17d230cf302c7");

  private DjlGoldens() {}

  /** Output name (e.g. {@code mlp.model}) to the SHA-256 of its bytes. */
  public static Map<String, String> digests() throws Exception {
    Map<String, String> out = new TreeMap<>();
    byte[] problem = Fixtures.problem("binary", 32, 3, 5);
    StageOutput mlp = Fixtures.train(problem, MLP, 5);
    put(out, "mlp", mlp, Ports.MODEL, Ports.CURVE);
    byte[] motifs = Fixtures.encode(Fixtures.motifTable(32, 0, 5), Fixtures.ONE_HOT);
    put(out, "cnn1d", Fixtures.train(motifs, CNN, 5), Ports.MODEL, Ports.CURVE);
    StageOutput evaluated = EvaluateMetricsTest.evaluate(mlp, problem,
        EvaluateMetricsTest.index(EncodedFolds.read(problem)), "{}");
    put(out, "evaluate", evaluated, Ports.METRICS, Ports.PREDICTIONS);
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
