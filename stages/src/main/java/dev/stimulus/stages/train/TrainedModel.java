package dev.stimulus.stages.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.stimulus.stages.StageException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network rebuilt from the train stage's {@code spec} and {@code model} outputs, for
 * prediction. Not thread-safe: one caller at a time.
 */
public final class TrainedModel implements AutoCloseable {

  private final ModelSpec spec;
  private final Model model;
  private final Block block;

  private TrainedModel(ModelSpec spec, Model model, Block block) {
    this.spec = spec;
    this.model = model;
    this.block = block;
  }

  /**
   * @throws StageException when the spec names an unknown architecture or the parameter bytes do not
   *     fit the block the spec describes
   */
  public static TrainedModel load(ModelSpec spec, byte[] parameters) {
    Architecture architecture = Architectures.find(spec.architecture());
    DjlRuntime.engine();
    // Initialising the block draws from the engine's global generator: never during a training.
    DjlRuntime.ENGINE_RANDOMNESS.lock();
    try {
      return loadAlone(spec, parameters, architecture);
    } finally {
      DjlRuntime.ENGINE_RANDOMNESS.unlock();
    }
  }

  private static TrainedModel loadAlone(ModelSpec spec, byte[] parameters, Architecture architecture) {
    Model model = Model.newInstance("stimulus", DjlRuntime.device(), "PyTorch");
    try {
      Block block = architecture.build(spec);
      model.setBlock(block);
      // DJL loads whatever shapes the bytes hold; initialise first so the shapes the spec implies
      // can be compared with the loaded ones, and a mismatch is an error rather than a silent swap.
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputDim()));
      Map<String, Shape> expected = shapes(block);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
        block.loadParameters(model.getNDManager(), in);
        if (in.available() > 0) {
          throw new StageException("the model parameters have " + in.available()
              + " bytes left over after the block's parameters: they belong to another spec");
        }
      }
      Map<String, Shape> loaded = shapes(block);
      if (!expected.equals(loaded)) {
        throw new StageException("the model parameters do not fit the spec: the spec implies " + expected
            + " but the parameters hold " + loaded);
      }
      return new TrainedModel(spec, model, block);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      if (e instanceof StageException se) {
        throw se;
      }
      throw new StageException("the model parameters (" + parameters.length + " bytes) do not fit the spec "
          + spec.architecture() + " " + spec.inputDim() + " -> " + spec.hidden() + " -> " + spec.outputDim()
          + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Shape> shapes(Block block) {
    Map<String, Shape> out = new LinkedHashMap<>();
    block.getParameters().forEach(p -> out.put(p.getKey(), p.getValue().getArray().getShape()));
    return out;
  }

  public ModelSpec spec() {
    return spec;
  }

  /**
   * Raw outputs (logits for classification), row-major [rows, spec.outputDim()], in inference mode
   * (no dropout). Every array of the call lives in one scope closed before returning.
   */
  public float[] outputs(float[] x, int rows) {
    if (x.length != (long) rows * spec.inputDim()) {
      throw new StageException("the model takes " + spec.inputDim() + " inputs per row, but got "
          + x.length + " values for " + rows + " rows");
    }
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray in = scope.create(x, new Shape(rows, spec.inputDim()));
      NDArray out = block.forward(new ParameterStore(scope, false), new NDList(in), false).singletonOrThrow();
      return out.toFloatArray();
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
