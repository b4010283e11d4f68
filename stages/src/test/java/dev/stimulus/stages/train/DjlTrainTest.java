package dev.stimulus.stages.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DjlTrainTest {

  static final String SMALL = "{\"hidden\":[16],\"epochs\":30,\"batch_size\":16,\"lr\":0.01}";

  @Test
  void binaryMlpSeparatesALinearlySeparableSet() {
    byte[] tensors = Fixtures.problem("binary", 200, 4, 1);
    StageOutput out = Fixtures.train(tensors, SMALL, 7);
    ModelSpec spec = ModelSpec.fromJson(out.bytes(Ports.SPEC));
    assertEquals(Task.BINARY, spec.task());
    assertEquals(1, spec.outputDim());
    EncodedFolds.Fold train = EncodedFolds.read(tensors).fold("train");
    try (TrainedModel m = TrainedModel.load(spec, out.bytes(Ports.MODEL))) {
      float[] logits = m.outputs(train.x(), train.rows());
      int right = 0;
      for (int i = 0; i < train.rows(); i++) {
        right += (logits[i] > 0) == (train.y()[i] == 1) ? 1 : 0;
      }
      assertTrue(right >= 0.95 * train.rows(), "train accuracy " + right + "/" + train.rows());
    }
    List<String> curve = new String(out.bytes(Ports.CURVE), StandardCharsets.UTF_8).lines().toList();
    System.out.println(curve);
  }
}
