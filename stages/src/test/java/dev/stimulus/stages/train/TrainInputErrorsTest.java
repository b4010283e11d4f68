package dev.stimulus.stages.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bad params and bad tensors fail before training with a message naming what is wrong. */
class TrainInputErrorsTest {

  private static final String FAST = "{\"hidden\":[4],\"epochs\":1}";

  private static void fails(String expectedPart, Supplier<?> action) {
    StageException e = assertThrows(StageException.class, action::get);
    assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' lacks '" + expectedPart + "'");
  }

  private static byte[] binary(int rows, int dim) {
    float[] x = Fixtures.inputs(rows, dim, 1);
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = i % 2;
    }
    return Fixtures.tensors("binary", dim, Map.of("train", new float[][] {x, y}));
  }

  @Test
  void invalidParams() {
    byte[] ok = binary(10, 3);
    fails("'lr' must be > 0", () -> Fixtures.train(ok, "{\"lr\":0}", 1));
    fails("'lr' must be <= 10", () -> Fixtures.params("{\"lr\":11}"));
    fails("'hidden' element 1 must be >= 1", () -> Fixtures.params("{\"hidden\":[0]}"));
    fails("'activation' must be one of [relu, tanh, gelu]", () -> Fixtures.params("{\"activation\":\"sigmoid\"}"));
    fails("'optimizer' must be one of", () -> Fixtures.params("{\"optimizer\":\"rmsprop\"}"));
    fails("'batch_size' must be >= 1", () -> Fixtures.params("{\"batch_size\":0}"));
    fails("'epochs' must be <= 10000", () -> Fixtures.params("{\"epochs\":10001}"));
    fails("'dropout' must be <= 0.9", () -> Fixtures.params("{\"dropout\":0.95}"));
    fails("'task' must be one of", () -> Fixtures.params("{\"task\":\"ranking\"}"));
    fails("unknown architecture 'transformer' (known: cnn1d, mlp)", () -> Fixtures.train(ok, "{\"architecture\":\"transformer\"}", 1));
  }

  @Test
  void noTrainRowsOrNoColumns() {
    fails("no train rows (train.x is empty)", () -> Fixtures.train(binary(0, 3), FAST, 1));
    fails("train.x has 0 columns", () -> Fixtures.train(binary(5, 0), FAST, 1));
    float[] x = Fixtures.inputs(4, 2, 1);
    byte[] testOnly = Fixtures.tensors("binary", 2, Map.of("test", new float[][] {x, {0, 1, 0, 1}}));
    fails("no train rows (train.x is missing)", () -> Fixtures.train(testOnly, FAST, 1));
  }

  @Test
  void labelsThatDoNotFitTheTask() {
    float[] x = Fixtures.inputs(4, 2, 1);
    byte[] twos = Fixtures.tensors("binary", 2, Map.of("train", new float[][] {x, {0, 1, 2, 1}}));
    fails("train.y row 2 is 2.0, but a binary label must be a class index 0..1", () -> Fixtures.train(twos, FAST, 1));

    Map<String, Tensor> t = new TreeMap<>();
    t.put("train.x", Tensor.f32(x, 4, 2));
    t.put("train.y", Tensor.f32(new float[] {0, 1, 2, 1}, 4));
    t.put("validation.x", Tensor.f32(x, 4, 2));
    t.put("validation.y", Tensor.f32(new float[] {0, 5, 2, 1}, 4));
    byte[] outOfRange = Safetensors.write(t, Map.of("task", "multiclass", "num_classes", "3"));
    fails("validation.y row 1 is 5.0, but a multiclass label must be a class index 0..2",
        () -> Fixtures.train(outOfRange, FAST, 1));
    t.put("validation.y", Tensor.f32(new float[] {0, 1.5f, 2, 1}, 4));
    byte[] fractional = Safetensors.write(t, Map.of("task", "multiclass", "num_classes", "3"));
    fails("validation.y row 1 is 1.5", () -> Fixtures.train(fractional, FAST, 1));
  }

  @Test
  void nonFiniteInputs() {
    float[] x = Fixtures.inputs(4, 2, 1);
    x[5] = Float.NaN;
    byte[] nan = Fixtures.tensors("binary", 2, Map.of("train", new float[][] {x, {0, 1, 0, 1}}));
    fails("train.x row 2 column 1 is NaN", () -> Fixtures.train(nan, FAST, 1));
    float[] ok = Fixtures.inputs(4, 2, 1);
    byte[] infLabel = Fixtures.tensors("regression", 2,
        Map.of("train", new float[][] {ok, {0, Float.POSITIVE_INFINITY, 0, 1}}));
    fails("train.y row 1 is Infinity", () -> Fixtures.train(infLabel, FAST, 1));
  }

  @Test
  void malformedTensorFiles() {
    float[] x = Fixtures.inputs(4, 2, 1);
    fails("task is 'auto' but the tensors' metadata has no 'task'",
        () -> Fixtures.train(Fixtures.tensors(null, 2, Map.of("train", new float[][] {x, {0, 1, 0, 1}})), FAST, 1));
    fails("metadata 'task' must be one of binary, multiclass, regression, found 'ordinal'",
        () -> Fixtures.train(Fixtures.tensors("ordinal", 2, Map.of("train", new float[][] {x, {0, 1, 0, 1}})), FAST, 1));
    fails("train.x has 4 rows but train.y has 3",
        () -> Fixtures.train(Safetensors.write(Map.of("train.x", Tensor.f32(x, 4, 2),
            "train.y", Tensor.f32(new float[] {0, 1, 0}, 3)), Map.of("task", "binary")), FAST, 1));
    fails("fold 'train' has train.x but no train.y",
        () -> Fixtures.train(Safetensors.write(Map.of("train.x", Tensor.f32(x, 4, 2)), Map.of()), FAST, 1));
    fails("unexpected tensor 'holdout.x'",
        () -> Fixtures.train(Safetensors.write(Map.of("holdout.x", Tensor.f32(x, 4, 2)), Map.of()), FAST, 1));
    fails("train.x must be F32 [rows, columns]",
        () -> Fixtures.train(Safetensors.write(Map.of("train.x", Tensor.f32(x, 8),
            "train.y", Tensor.f32(new float[8], 8)), Map.of("task", "binary")), FAST, 1));
    fails("train.y must be F32 [rows]",
        () -> Fixtures.train(Safetensors.write(Map.of("train.x", Tensor.f32(x, 4, 2),
            "train.y", Tensor.i64(new long[4], 4)), Map.of("task", "binary")), FAST, 1));
    fails("validation.x has 3 columns but the folds before it have 2",
        () -> Fixtures.train(Safetensors.write(Map.of("train.x", Tensor.f32(x, 4, 2),
            "train.y", Tensor.f32(new float[4], 4), "validation.x", Tensor.f32(new float[6], 2, 3),
            "validation.y", Tensor.f32(new float[2], 2)), Map.of("task", "binary")), FAST, 1));
    fails("not a safetensors file", () -> Fixtures.train(new byte[] {1, 2, 3}, FAST, 1));
  }
}
