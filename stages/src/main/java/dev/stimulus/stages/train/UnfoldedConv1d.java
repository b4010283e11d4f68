package dev.stimulus.stages.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 1-D convolution (stride 1, no padding) computed as one matrix product over all windows of the
 * batch: the windows are gathered into [n * positions, channels * kernel] and multiplied by the
 * weights seen as [channels * kernel, filters].
 *
 * <p>Why not DJL's {@code Conv1d}: libtorch runs that on oneDNN, whose JIT kernels depend on the
 * CPU, or, with oneDNN off (portable mode), on ATen's fallback, which multiplies one sample at a
 * time. This form goes through the same GEMM as the dense layers, so it is as reproducible as they
 * are, and batches the work. Parameters are named, shaped, initialised and saved as
 * {@code Conv1d}'s ({@code weight} [filters, channels, kernel], {@code bias} [filters]).
 */
final class UnfoldedConv1d extends AbstractBlock {

  /**
   * DJL's Convolution writes version 3 with its input shapes, then weight and bias: the same bytes
   * here make a saved model load into either form of the network.
   */
  private static final byte VERSION = 3;

  private final int filters;
  private final int kernel;
  private final Parameter weight;
  private final Parameter bias;

  UnfoldedConv1d(int filters, int kernel) {
    super(VERSION);
    this.filters = filters;
    this.kernel = kernel;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long channels = inputShapes[0].get(1);
    weight.setShape(new Shape(filters, channels, kernel));
    bias.setShape(new Shape(filters));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), filters, in.get(2) - kernel + 1)};
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow(); // [n, channels, length]
    Device device = x.getDevice();
    NDArray w = store.getValue(weight, device, training); // [filters, channels, kernel]
    NDArray b = store.getValue(bias, device, training);
    long n = x.getShape().get(0);
    long channels = x.getShape().get(1);
    long positions = x.getShape().get(2) - kernel + 1;
    NDList shifted = new NDList(kernel);
    for (int k = 0; k < kernel; k++) {
      shifted.add(x.get(":, :, {}:{}", k, k + positions)); // [n, channels, positions]
    }
    // [n, channels, positions, kernel] -> [n, positions, channels, kernel] -> one row per window
    NDArray windows = NDArrays.stack(shifted, 3).transpose(0, 2, 1, 3).reshape(n * positions, channels * kernel);
    NDArray out = windows.matMul(w.reshape(filters, channels * kernel).transpose()).add(b); // [n * positions, filters]
    return new NDList(out.reshape(n, positions, filters).transpose(0, 2, 1));
  }
}
