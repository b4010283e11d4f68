package dev.stimulus.stages.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.stimulus.stages.train.Fixtures.CNN;
import static dev.stimulus.stages.train.Fixtures.ONE_HOT;
import static dev.stimulus.stages.train.Fixtures.encode;
import static dev.stimulus.stages.train.Fixtures.motifTable;

import dev.stimulus.core.Digest;
import dev.stimulus.stages.evaluate.DjlGoldens;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Cnn1dTest {

  private static double accuracy(TrainedModel m, EncodedFolds.Fold f) {
    float[] logits = m.outputs(f.x(), f.rows());
    int right = 0;
    for (int i = 0; i < f.rows(); i++) {
      right += (logits[i] > 0) == (f.y()[i] == 1) ? 1 : 0;
    }
    return right / (double) f.rows();
  }

  @Test
  void learnsAPlantedMotif() {
    byte[] tensors = encode(motifTable(400, 200, 1), ONE_HOT);
    StageOutput out = Fixtures.train(tensors, CNN, 3);
    ModelSpec spec = ModelSpec.fromJson(out.bytes(Ports.SPEC));
    assertEquals("cnn1d", spec.architecture());
    assertEquals(120, spec.inputDim());
    assertEquals("{\"convolution\":\"unfolded\",\"filters\":[16],\"input_shape\":[30,4],\"kernel_sizes\":[6]}",
        dev.stimulus.core.CanonicalJson.write(spec.options()));
    EncodedFolds data = EncodedFolds.read(tensors);
    try (TrainedModel m = TrainedModel.load(spec, out.bytes(Ports.MODEL))) {
      double train = accuracy(m, data.fold("train"));
      double test = accuracy(m, data.fold("test"));
      assertTrue(train > 0.9, "train accuracy " + train);
      assertTrue(test > 0.85, "test accuracy " + test);
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    byte[] tensors = encode(motifTable(64, 0, 2), ONE_HOT);
    String params = CNN.replace("\"epochs\":8", "\"epochs\":2").replace("\"hidden\":[8]", "\"hidden\":[8],\"dropout\":0.2");
    StageOutput a = Fixtures.train(tensors, params, 5);
    StageOutput b = Fixtures.train(tensors, params, 5);
    StageOutput c = Fixtures.train(tensors, params, 6);
    assertArrayEquals(a.bytes(Ports.MODEL), b.bytes(Ports.MODEL));
    assertArrayEquals(a.bytes(Ports.CURVE), b.bytes(Ports.CURVE));
    assertArrayEquals(a.bytes(Ports.SPEC), b.bytes(Ports.SPEC));
    assertFalse(java.util.Arrays.equals(a.bytes(Ports.MODEL), c.bytes(Ports.MODEL)));
  }

  @Test
  void asciiSequencesAreOneChannelAndLayersStack() {
    String ascii = "{\"name\":\"seq\",\"role\":\"input\",\"encoder\":{\"name\":\"TextAscii\"}}";
    byte[] tensors = encode(motifTable(48, 0, 3), ascii);
    StageOutput out = Fixtures.train(tensors, "{\"architecture\":\"cnn1d\",\"filters\":[4,4],\"kernel_sizes\":[3,5],"
        + "\"hidden\":[],\"epochs\":1,\"activation\":\"gelu\"}", 1);
    ModelSpec spec = ModelSpec.fromJson(out.bytes(Ports.SPEC));
    assertEquals("[30,1]", spec.options().get("input_shape").toString());
    try (TrainedModel m = TrainedModel.load(spec, out.bytes(Ports.MODEL))) {
      assertEquals(48, m.outputs(EncodedFolds.read(tensors).fold("train").x(), 48).length);
    }
  }

  @Test
  void unsuitableInputsAreRefused() {
    byte[] oneHot = encode(motifTable(20, 0, 4), ONE_HOT);
    String tooWide = message(() -> Fixtures.train(oneHot, "{\"architecture\":\"cnn1d\",\"filters\":[2,2],"
        + "\"kernel_sizes\":[20,12]}", 1));
    assertTrue(tooWide.contains("kernel sizes [20,12] are too wide for sequences of length 30"), tooWide);
    String mismatch = message(() -> Fixtures.train(oneHot, "{\"architecture\":\"cnn1d\",\"filters\":[2,2],"
        + "\"kernel_sizes\":[3]}", 1));
    assertTrue(mismatch.contains("'filters' and 'kernel_sizes' must be non-empty lists of the same length"), mismatch);
    String noMeta = message(() -> Fixtures.train(Fixtures.problem("binary", 20, 4, 1), "{\"architecture\":\"cnn1d\"}", 1));
    assertTrue(noMeta.contains("metadata has no 'input_columns'"), noMeta);
    String withExtra = new String(motifTable(20, 0, 4), StandardCharsets.UTF_8).lines()
        .map(l -> l + (l.startsWith("row_id") ? ",extra" : ",1.5")).reduce("", (a, l) -> a + l + "\n");
    byte[] twoColumns = encode(withExtra.getBytes(StandardCharsets.UTF_8),
        ONE_HOT + ",{\"name\":\"extra\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}}");
    String two = message(() -> Fixtures.train(twoColumns, "{\"architecture\":\"cnn1d\"}", 1));
    assertTrue(two.contains("takes exactly one input column"), two);
  }

  private static String message(Runnable r) {
    return assertThrows(StageException.class, r::run).getMessage();
  }

  /**
   * Golden digests of a tiny fixed cnn1d training. If this fails, the bytes the train stage produces
   * for cnn1d have changed (this code, DJL or the engine): bump DjlTrain.version() and update them.
   */
  @Test
  void goldenDigests() {
    StageOutput out = DjlGoldens.cnn1d();
    assertEquals(2, new DjlTrain().version());
    assertEquals(Map.of("model", DjlGoldens.PORTABLE.get("cnn1d.model"),
        "curve", DjlGoldens.PORTABLE.get("cnn1d.curve"),
        "spec", "{\"activation\":\"relu\",\"architecture\":\"cnn1d\",\"dropout\":0,\"hidden\":[8],\"input_dim\":120,"
            + "\"num_classes\":2,\"options\":{\"convolution\":\"unfolded\",\"filters\":[8],\"input_shape\":[30,4],\"kernel_sizes\":[6]},"
            + "\"output_dim\":1,\"task\":\"binary\"}"), Map.of("model", Digest.of(out.bytes(Ports.MODEL)).hex(),
        "curve", Digest.of(out.bytes(Ports.CURVE)).hex(), "spec", new String(out.bytes(Ports.SPEC), StandardCharsets.UTF_8)));
  }

  /**
   * The unfolded convolution portable mode trains with computes what DJL's Conv1d computes: the
   * same trained parameters rebuilt as a native network give the same outputs within float rounding.
   */
  @Test
  void unfoldedConvolutionMatchesTheNativeOneOnTheSameParameters() {
    byte[] tensors = encode(motifTable(40, 0, 6), ONE_HOT);
    StageOutput out = Fixtures.train(tensors, CNN.replace("\"epochs\":8", "\"epochs\":1"), 6);
    ModelSpec unfolded = ModelSpec.fromJson(out.bytes(Ports.SPEC));
    assertEquals("unfolded", unfolded.options().path("convolution").asText());
    com.fasterxml.jackson.databind.node.ObjectNode options = unfolded.options().deepCopy();
    options.put("convolution", "native");
    ModelSpec nativeSpec = unfolded.withOptions(options);
    EncodedFolds.Fold train = EncodedFolds.read(tensors).fold("train");
    try (TrainedModel a = TrainedModel.load(unfolded, out.bytes(Ports.MODEL));
        TrainedModel b = TrainedModel.load(nativeSpec, out.bytes(Ports.MODEL))) {
      float[] x = a.outputs(train.x(), train.rows());
      float[] y = b.outputs(train.x(), train.rows());
      assertEquals(train.rows(), x.length);
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], y[i], 1e-4f * Math.max(1f, Math.abs(x[i])), "row " + i);
      }
    }
  }
}
