package dev.stimulus.stages.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.encode.ColumnsEncode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small synthetic tensors files with known structure, and a shortcut to run the train stage. */
public final class Fixtures {

  private Fixtures() {}

  /** Rows of standard normal inputs, from a fixed generator (independent of the stage seed). */
  public static float[] inputs(int rows, int dim, long seed) {
    Random r = new Random(seed);
    float[] x = new float[rows * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /** Label 1 when x0 + x1 - x2 > 0: linearly separable. */
  public static float[] binaryLabels(float[] x, int dim) {
    float[] y = new float[x.length / dim];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i * dim] + x[i * dim + 1] - x[i * dim + 2] > 0 ? 1 : 0;
    }
    return y;
  }

  /** Class = index of the largest of the first three inputs. */
  public static float[] multiclassLabels(float[] x, int dim) {
    float[] y = new float[x.length / dim];
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (x[i * dim + k] > x[i * dim + best]) {
          best = k;
        }
      }
      y[i] = best;
    }
    return y;
  }

  /** y = 2 x0 - x1 + 0.5. */
  public static float[] regressionLabels(float[] x, int dim) {
    float[] y = new float[x.length / dim];
    for (int i = 0; i < y.length; i++) {
      y[i] = 2 * x[i * dim] - x[i * dim + 1] + 0.5f;
    }
    return y;
  }

  /** A tensors file with the folds given as name -> {x, y}, and the task in the metadata. */
  public static byte[] tensors(String task, int dim, Map<String, float[][]> folds) {
    Map<String, Tensor> t = new TreeMap<>();
    folds.forEach((name, xy) -> {
      t.put(name + ".x", Tensor.f32(xy[0], xy[1].length, dim));
      t.put(name + ".y", Tensor.f32(xy[1], xy[1].length));
    });
    Map<String, String> meta = new TreeMap<>();
    if (task != null) {
      meta.put("task", task);
    }
    return Safetensors.write(t, meta);
  }

  /** Train, validation and test folds of a synthetic problem of that task. */
  public static byte[] problem(String task, int rowsPerFold, int dim, long dataSeed) {
    Map<String, float[][]> folds = new TreeMap<>();
    String[] names = {"train", "validation", "test"};
    for (int f = 0; f < names.length; f++) {
      float[] x = inputs(f == 0 ? rowsPerFold : rowsPerFold / 2, dim, dataSeed + f);
      float[] y = switch (task) {
        case "binary" -> binaryLabels(x, dim);
        case "multiclass" -> multiclassLabels(x, dim);
        default -> regressionLabels(x, dim);
      };
      folds.put(names[f], new float[][] {x, y});
    }
    return tensors(task, dim, folds);
  }

  public static ObjectNode params(String json) {
    try {
      ObjectNode given = (ObjectNode) dev.stimulus.core.CanonicalJson.MAPPER.readTree(json);
      return new DjlTrain().params().resolve(given, "train djl");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static StageOutput train(byte[] tensors, String paramsJson, long seed) {
    return new DjlTrain().run(StageInput.of(Ports.TENSORS, tensors), params(paramsJson), StageContext.forTest(seed));
  }

  public static final String MOTIF = "ACGTAC";
  public static final String CNN = "{\"architecture\":\"cnn1d\",\"filters\":[16],\"kernel_sizes\":[6],\"hidden\":[8],"
      + "\"epochs\":8,\"batch_size\":16,\"lr\":0.01}";

  /**
   * A table of random ACGT sequences of length 30 from a fixed generator: label 1 rows have the
   * motif planted at a random position, label 0 rows are redrawn until they do not contain it.
   */
  public static byte[] motifTable(int train, int test, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("row_id,fold,seq,label\n");
    for (int i = 0; i < train + test; i++) {
      boolean positive = r.nextBoolean();
      String seq;
      do {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < 30; p++) {
          s.append("ACGT".charAt(r.nextInt(4)));
        }
        if (positive) {
          int at = r.nextInt(30 - MOTIF.length() + 1);
          s.replace(at, at + MOTIF.length(), MOTIF);
        }
        seq = s.toString();
      } while (!positive && seq.contains(MOTIF));
      sb.append(i).append(',').append(i < train ? "train" : "test").append(',').append(seq).append(',')
          .append(positive ? 1 : 0).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The table through the real encode stage: TextOneHot [30, 4] input, Numeric binary label. */
  public static byte[] encode(byte[] table, String inputs) {
    String cols = "[" + inputs + ",{\"name\":\"label\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    return dev.stimulus.stages.table.Fixtures.run(new ColumnsEncode(), StageKind.Ports.TABLE, table,
        "{\"columns\":" + cols + "}", 0).bytes(Ports.TENSORS);
  }

  public static final String ONE_HOT = "{\"name\":\"seq\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}}";
}
