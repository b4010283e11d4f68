package dev.stimulus.stages.train;

import dev.stimulus.stages.evaluate.DjlGoldens;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DjlTrainTest {

  static final String SMALL = "{\"hidden\":[16],\"epochs\":30,\"batch_size\":16,\"lr\":0.01}";
  static final String TINY = "{\"hidden\":[8],\"epochs\":3,\"batch_size\":8,\"lr\":0.01}";

  /** Rows of the curve CSV after the header, split into fields (blank validation kept). */
  static List<String[]> curve(StageOutput out) {
    List<String> lines = new String(out.bytes(Ports.CURVE), StandardCharsets.UTF_8).lines().toList();
    assertEquals("epoch,train_loss,validation_loss", lines.get(0));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @Test
  void binaryMlpSeparatesALinearlySeparableSet() {
    byte[] tensors = Fixtures.problem("binary", 200, 4, 1);
    StageOutput out = Fixtures.train(tensors, SMALL, 7);
    ModelSpec spec = ModelSpec.fromJson(out.bytes(Ports.SPEC));
    assertEquals(ModelSpec.of("mlp", 4, List.of(16), 0, "relu", Task.BINARY, 2), spec);
    EncodedFolds.Fold train = EncodedFolds.read(tensors).fold("train");
    try (TrainedModel m = TrainedModel.load(spec, out.bytes(Ports.MODEL))) {
      float[] logits = m.outputs(train.x(), train.rows());
      int right = 0;
      for (int i = 0; i < train.rows(); i++) {
        right += (logits[i] > 0) == (train.y()[i] == 1) ? 1 : 0;
      }
      assertTrue(right >= 0.95 * train.rows(), "train accuracy " + right + "/" + train.rows());
    }
    List<String[]> curve = curve(out);
    assertEquals(30, curve.size());
    assertEquals("1", curve.get(0)[0]);
    assertFalse(curve.get(29)[2].isEmpty(), "a validation fold gives a validation loss");
    assertEquals("cpu()", out.notes().get("device"));
    var platform = out.execution().get("platform");
    assertTrue(platform.path("engine").asText().contains("PyTorch 2.7.1"), platform.toString());
    assertTrue(platform.path("engine").asText().contains("DJL 0.35.1"), platform.toString());
    // The test JVM trains in the default mode: portable, on ATen's baseline kernels, without oneDNN.
    assertEquals("portable", platform.path("reproducibility").asText(), platform.toString());
    assertEquals("default", platform.path("kernels").path("aten").asText(), platform.toString());
    assertEquals("off", platform.path("kernels").path("oneDnn").asText(), platform.toString());
    assertEquals(1, platform.path("threads").path("intraOp").asInt(), platform.toString());
    assertEquals(Reproducibility.PORTABLE, Reproducibility.current());
    // The mode is fixed once the engine has loaded: asking for the other one fails and says how to get it.
    var e = assertThrows(dev.stimulus.stages.StageException.class, () -> Reproducibility.request(Reproducibility.FAST));
    assertTrue(e.getMessage().contains("already trains in portable mode") && e.getMessage().contains("another process"),
        e.getMessage());
    Reproducibility.request(Reproducibility.PORTABLE);
  }

  @Test
  void multiclassAndRegressionLossesFall() {
    for (String task : List.of("multiclass", "regression")) {
      byte[] tensors = Fixtures.problem(task, 150, 4, 3);
      StageOutput out = Fixtures.train(tensors, "{\"hidden\":[16],\"epochs\":15,\"batch_size\":16,\"lr\":0.01,"
          + "\"activation\":\"tanh\"}", 11);
      ModelSpec spec = ModelSpec.fromJson(out.bytes(Ports.SPEC));
      assertEquals(task.equals("multiclass") ? 3 : 1, spec.outputDim(), task);
      List<String[]> curve = curve(out);
      double firstTrain = Double.parseDouble(curve.get(0)[1]);
      double lastTrain = Double.parseDouble(curve.get(curve.size() - 1)[1]);
      double firstVal = Double.parseDouble(curve.get(0)[2]);
      double lastVal = Double.parseDouble(curve.get(curve.size() - 1)[2]);
      assertTrue(lastTrain < 0.5 * firstTrain, task + " train loss " + firstTrain + " -> " + lastTrain);
      assertTrue(lastVal < 0.7 * firstVal, task + " validation loss " + firstVal + " -> " + lastVal);
    }
  }

  @Test
  void everyOptionTrains() {
    byte[] tensors = Fixtures.problem("binary", 64, 3, 9);
    StageOutput out = Fixtures.train(tensors, "{\"hidden\":[8,4],\"epochs\":3,\"batch_size\":100,\"lr\":0.05,"
        + "\"activation\":\"gelu\",\"optimizer\":\"sgd\",\"dropout\":0.5,\"task\":\"regression\"}", 1);
    assertEquals(Task.REGRESSION, ModelSpec.fromJson(out.bytes(Ports.SPEC)).task());
    StageOutput linear = Fixtures.train(tensors, "{\"hidden\":[],\"epochs\":2}", 1);
    assertEquals(List.of(), ModelSpec.fromJson(linear.bytes(Ports.SPEC)).hidden());
    assertEquals(2, curve(linear).size());
  }

  @Test
  void noValidationFoldLeavesTheColumnBlank() {
    float[] x = Fixtures.inputs(40, 3, 2);
    byte[] tensors = Fixtures.tensors("binary", 3,
        java.util.Map.of("train", new float[][] {x, Fixtures.binaryLabels(x, 3)}));
    List<long[]> progress = new ArrayList<>();
    StageOutput out = new DjlTrain().run(dev.stimulus.stages.StageInput.of(Ports.TENSORS, tensors), Fixtures.params(TINY),
        new dev.stimulus.stages.StageContext(1, 1, (done, total, message) -> progress.add(new long[] {done, total})));
    for (String[] row : curve(out)) {
      assertEquals(3, row.length);
      assertEquals("", row[2]);
    }
    assertEquals(List.of("1/3", "2/3", "3/3"), progress.stream().map(p -> p[0] + "/" + p[1]).toList());
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    byte[] tensors = Fixtures.problem("binary", 80, 4, 4);
    String params = "{\"hidden\":[8],\"epochs\":3,\"batch_size\":8,\"lr\":0.01,\"dropout\":0.2}";
    StageOutput a = Fixtures.train(tensors, params, 42);
    StageOutput b = Fixtures.train(tensors, params, 42);
    StageOutput c = Fixtures.train(tensors, params, 43);
    assertArrayEquals(a.bytes(Ports.MODEL), b.bytes(Ports.MODEL));
    assertArrayEquals(a.bytes(Ports.CURVE), b.bytes(Ports.CURVE));
    assertArrayEquals(a.bytes(Ports.SPEC), b.bytes(Ports.SPEC));
    assertFalse(Arrays.equals(a.bytes(Ports.MODEL), c.bytes(Ports.MODEL)));
    assertArrayEquals(a.bytes(Ports.SPEC), c.bytes(Ports.SPEC));
  }

  /**
   * Two threads training at once must neither crash (DJL allows one GradientCollector per JVM) nor
   * mix their random draws: each result equals the same training run alone.
   */
  @Test
  void concurrentTrainingsAreSerialisedAndUnaffected() throws Exception {
    byte[] tensors = Fixtures.problem("binary", 80, 4, 4);
    byte[] alone1 = Fixtures.train(tensors, TINY, 1).bytes(Ports.MODEL);
    byte[] alone2 = Fixtures.train(tensors, TINY, 2).bytes(Ports.MODEL);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        long seed = 1 + i % 2;
        runs.add(pool.submit(() -> Fixtures.train(tensors, TINY, seed).bytes(Ports.MODEL)));
      }
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(i % 2 == 0 ? alone1 : alone2, runs.get(i).get(), "run " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Loading a model for evaluation initialises a block, which draws from the engine's global random
   * generator. Done on another thread in the middle of a training with dropout, it would change that
   * training's masks and so its bytes; the loads must wait for the training.
   */
  @Test
  void loadingModelsDuringATrainingDoesNotChangeItsBytes() throws Exception {
    byte[] tensors = Fixtures.problem("binary", 80, 4, 4);
    String params = "{\"hidden\":[16],\"epochs\":6,\"batch_size\":8,\"lr\":0.01,\"dropout\":0.3}";
    StageOutput other = Fixtures.train(tensors, TINY, 9);
    ModelSpec spec = ModelSpec.fromJson(other.bytes(Ports.SPEC));
    byte[] alone = Fixtures.train(tensors, params, 7).bytes(Ports.MODEL);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    java.util.concurrent.atomic.AtomicBoolean training = new java.util.concurrent.atomic.AtomicBoolean(true);
    try {
      Future<?> loads = pool.submit(() -> {
        while (training.get()) {
          TrainedModel.load(spec, other.bytes(Ports.MODEL)).close();
        }
        return null;
      });
      byte[] concurrent = Fixtures.train(tensors, params, 7).bytes(Ports.MODEL);
      training.set(false);
      loads.get();
      assertArrayEquals(alone, concurrent);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Golden digests of a tiny fixed training. If this fails, the bytes the train stage produces have
   * changed — through this code, DJL or the PyTorch engine: bump DjlTrain.version() (cached results
   * would otherwise be reused for different behaviour) and update the digests.
   */
  @Test
  void goldenDigests() {
    StageOutput out = DjlGoldens.mlp();
    assertEquals(2, new DjlTrain().version());
    assertEquals(DjlGoldens.PORTABLE.get("mlp.model"), dev.stimulus.core.Digest.of(out.bytes(Ports.MODEL)).hex());
    assertEquals(DjlGoldens.PORTABLE.get("mlp.curve"), dev.stimulus.core.Digest.of(out.bytes(Ports.CURVE)).hex());
    assertEquals("{\"activation\":\"relu\",\"architecture\":\"mlp\",\"dropout\":0,\"hidden\":[32,16],\"input_dim\":24,"
        + "\"num_classes\":2,\"output_dim\":1,\"task\":\"binary\"}", new String(out.bytes(Ports.SPEC), StandardCharsets.UTF_8));
  }

  @Test
  void reproducibilityModesParseByNameAndRefuseAnythingElse() {
    assertEquals(Reproducibility.FAST, Reproducibility.parse(" Fast ", "x"));
    assertEquals(Reproducibility.PORTABLE, Reproducibility.parse("portable", "x"));
    for (String bad : new String[] {"", "turbo", "portable,fast", "p\u00f6rtable", null}) {
      var e = assertThrows(dev.stimulus.stages.StageException.class, () -> Reproducibility.parse(bad, "--reproducibility"));
      assertTrue(e.getMessage().startsWith("--reproducibility must be 'portable' or 'fast'"), e.getMessage());
    }
  }
}
