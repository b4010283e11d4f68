package dev.stimulus.stages.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.stimulus.stages.StageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  private static String message(Runnable r) {
    return assertThrows(StageException.class, r::run).getMessage();
  }

  @Test
  void roundTripsThroughJson() {
    for (ModelSpec spec : List.of(
        ModelSpec.of("mlp", 7, List.of(32, 16), 0.25, "gelu", Task.MULTICLASS, 4),
        ModelSpec.of("mlp", 1, List.of(), 0, "relu", Task.REGRESSION, 0),
        ModelSpec.of("mlp", 3, List.of(2), 0.1, "tanh", Task.BINARY, 0))) {
      assertEquals(spec, ModelSpec.fromJson(spec.toJson()));
    }
    ModelSpec cnn = ModelSpec.of("cnn1d", 120, List.of(8), 0, "relu", Task.BINARY, 2)
        .withOptions((com.fasterxml.jackson.databind.node.ObjectNode) dev.stimulus.stages.table.Fixtures.json(
            "{\"input_shape\":[30,4],\"filters\":[16],\"kernel_sizes\":[6]}"));
    assertEquals(cnn, ModelSpec.fromJson(cnn.toJson()));
    assertTrue(new String(cnn.toJson(), StandardCharsets.UTF_8).contains("\"options\":{\"filters\":[16],"));
    // no options: no 'options' key, so mlp specs keep the bytes they had before options existed
    assertTrue(!new String(ModelSpec.of("mlp", 1, List.of(), 0, "relu", Task.REGRESSION, 0).toJson(),
        StandardCharsets.UTF_8).contains("options"));
    assertEquals(4, ModelSpec.of("mlp", 7, List.of(), 0, "relu", Task.MULTICLASS, 4).outputDim());
    assertEquals(2, ModelSpec.of("mlp", 7, List.of(), 0, "relu", Task.BINARY, 0).numClasses());
  }

  @Test
  void malformedSpecsAreRefused() {
    assertTrue(message(() -> ModelSpec.fromJson("nope".getBytes(StandardCharsets.UTF_8))).contains("not JSON"));
    assertTrue(message(() -> ModelSpec.fromJson("{\"architecture\":\"mlp\"}".getBytes(StandardCharsets.UTF_8)))
        .contains("field 'hidden' is missing"));
    String wrongWidth = "{\"activation\":\"relu\",\"architecture\":\"mlp\",\"dropout\":0,\"hidden\":[4],"
        + "\"input_dim\":3,\"num_classes\":3,\"output_dim\":1,\"task\":\"multiclass\"}";
    assertTrue(message(() -> ModelSpec.fromJson(wrongWidth.getBytes(StandardCharsets.UTF_8)))
        .contains("output_dim 1 does not fit task multiclass with 3 classes (expected 3)"));
    String badOptions = wrongWidth.replace("\"num_classes\":3,\"output_dim\":1", "\"num_classes\":3,\"options\":[1],\"output_dim\":3");
    assertTrue(message(() -> ModelSpec.fromJson(badOptions.getBytes(StandardCharsets.UTF_8)))
        .contains("'options' must be a mapping, found [1]"));
    String zeroInputs = wrongWidth.replace("\"input_dim\":3", "\"input_dim\":0");
    assertTrue(message(() -> ModelSpec.fromJson(zeroInputs.getBytes(StandardCharsets.UTF_8)))
        .contains("'input_dim' must be a positive whole number"));
  }

  @Test
  void parametersThatDoNotFitTheSpecAreRefused() {
    ModelSpec spec = ModelSpec.of("mlp", 3, List.of(4), 0, "relu", Task.BINARY, 2);
    assertTrue(message(() -> TrainedModel.load(spec, new byte[] {1, 2, 3})).contains("do not fit the spec"));
    byte[] trained = Fixtures.train(Fixtures.problem("binary", 16, 3, 1), "{\"hidden\":[4],\"epochs\":1}", 1)
        .bytes(dev.stimulus.stages.StageKind.Ports.MODEL);
    ModelSpec wider = ModelSpec.of("mlp", 3, List.of(5), 0, "relu", Task.BINARY, 2);
    assertTrue(message(() -> TrainedModel.load(wider, trained)).contains("do not fit the spec"));
    try (TrainedModel m = TrainedModel.load(spec, trained)) {
      assertTrue(message(() -> m.outputs(new float[5], 2)).contains("takes 3 inputs per row"));
    }
  }

  /** Device choice is a code path of its own: the build machines have no GPU to exercise it. */
  @Test
  void deviceChoice() {
    assertEquals(Device.cpu(), DjlRuntime.chooseDevice("auto", 0));
    assertEquals(Device.gpu(0), DjlRuntime.chooseDevice("auto", 2));
    assertEquals(Device.cpu(), DjlRuntime.chooseDevice("CPU", 2));
    assertEquals(Device.gpu(0), DjlRuntime.chooseDevice("gpu", 1));
    assertTrue(message(() -> DjlRuntime.chooseDevice("gpu", 0)).contains("reports no GPU"));
    assertTrue(message(() -> DjlRuntime.chooseDevice("tpu", 0)).contains("must be auto, cpu or gpu, found 'tpu'"));
  }

  @Test
  void engineSeedFoldsBothHalves() {
    assertEquals(0, DjlRuntime.engineSeed(0));
    assertTrue(DjlRuntime.engineSeed(1L << 32) != DjlRuntime.engineSeed(0));
  }
}
