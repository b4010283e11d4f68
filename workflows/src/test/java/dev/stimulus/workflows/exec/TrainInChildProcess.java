package dev.stimulus.workflows.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One process's try at one train action: opens the embedded store under the given state directory
 * (its own S3 server over the shared files), computes the action through the {@link Invoker} and
 * prints the commit outcome. {@code CrossPlatformCommitTest} runs it in processes that see other
 * CPU capabilities.
 */
public final class TrainInChildProcess {

  /** The train parameters of the action: small, so a child finishes in seconds. */
  static final String PARAMS = "{\"hidden\":[8],\"epochs\":3,\"batch_size\":16,\"lr\":0.01}";

  private TrainInChildProcess() {}

  /** A binary problem from a fixed generator: label 1 when x0 + x1 > x2. */
  static byte[] tensors() {
    Random r = new Random(11);
    Map<String, Tensor> t = new TreeMap<>();
    for (String fold : new String[] {"train", "validation"}) {
      int rows = fold.equals("train") ? 96 : 32;
      float[] x = new float[rows * 4];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        for (int d = 0; d < 4; d++) {
          x[i * 4 + d] = (float) r.nextGaussian();
        }
        y[i] = x[i * 4] + x[i * 4 + 1] > x[i * 4 + 2] ? 1 : 0;
      }
      t.put(fold + ".x", Tensor.f32(x, rows, 4));
      t.put(fold + ".y", Tensor.f32(y, rows));
    }
    return Safetensors.write(t, Map.of("task", "binary"));
  }

  public static void main(String[] args) throws Exception {
    try (ArtifactStore store = Stores.embedded(Path.of(args[0]))) {
      byte[] tensors = tensors();
      BlobRef in = store.put(tensors, "application/x-safetensors");
      Stage train = Catalogue.load().find(StageKind.TRAIN, "djl");
      ObjectNode params = train.params().resolve(new ObjectMapper().readTree(PARAMS), "train djl");
      Map<String, BlobRef> inputs = Map.of(Ports.TENSORS, in);
      Digest key = Invoker.keyOf(train, params, inputs);
      Invoker invoker = new Invoker(store, "local", Invoker.newOwner(), 1);
      Invoker.Computed c = invoker.compute(train, params, key, inputs, Map.of(Ports.TENSORS, tensors),
          StageContext.Progress.NONE, null);
      System.out.println("key=" + key.hex());
      System.out.println("outcome=" + c.outcome());
      System.out.println("note=" + c.note());
    }
  }
}
