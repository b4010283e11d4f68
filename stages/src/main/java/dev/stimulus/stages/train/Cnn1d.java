package dev.stimulus.stages.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;

/**
 * A 1-D convolutional network for one encoded sequence column (TextOneHot [length, alphabet], or
 * TextAscii [length] as one channel): the flat rows [n, length * channels] are reshaped to
 * [n, channels, length]; then per entry of the train stage's {@code filters}/{@code kernel_sizes} a
 * convolution (stride 1, no padding), the activation and dropout (when above 0); then the global
 * maximum over positions (a motif detector: "is the pattern anywhere?"); then the dense head of
 * {@link Mlp} ({@code hidden} widths, then the output layer).
 *
 * <p>The input shape comes from the encoder's {@code input_columns} metadata at training time and is
 * recorded with the filters, kernel sizes and the convolution's form in the spec's {@code options}.
 */
public final class Cnn1d implements Architecture {

  static final String INPUT_SHAPE = "input_shape";
  static final String FILTERS = "filters";
  static final String KERNEL_SIZES = "kernel_sizes";

  /**
   * How the convolutions compute, recorded in the spec so that any process rebuilds the network
   * the model was trained with: {@code native} (DJL's Conv1d: oneDNN in fast mode) or
   * {@code unfolded} ({@link UnfoldedConv1d}: one GEMM over all windows, which portable mode uses
   * because with oneDNN off ATen's fallback convolves one sample at a time).
   */
  static final String CONVOLUTION = "convolution";
  static final String NATIVE = "native";
  static final String UNFOLDED = "unfolded";

  @Override
  public String name() {
    return "cnn1d";
  }

  @Override
  public ObjectNode options(ObjectNode trainParams, EncodedFolds data) {
    String where = "train djl: architecture cnn1d";
    JsonNode filters = trainParams.get(FILTERS);
    JsonNode kernels = trainParams.get(KERNEL_SIZES);
    if (filters.isEmpty() || filters.size() != kernels.size()) {
      throw new StageException(where + ": 'filters' and 'kernel_sizes' must be non-empty lists of the same length"
          + " (one convolution layer per entry), found " + filters + " and " + kernels);
    }
    long[] shape = inputShape(data, where);
    long remaining = shape[0];
    for (JsonNode k : kernels) {
      remaining -= k.longValue() - 1;
    }
    if (remaining < 1) {
      throw new StageException(where + ": kernel sizes " + kernels + " are too wide for sequences of length " + shape[0]
          + " (each convolution shortens the sequence by kernel size - 1); use smaller kernel_sizes or fewer layers");
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.putArray(INPUT_SHAPE).add(shape[0]).add(shape[1]);
    o.set(FILTERS, filters.deepCopy());
    o.set(KERNEL_SIZES, kernels.deepCopy());
    o.put(CONVOLUTION, Reproducibility.current() == Reproducibility.PORTABLE ? UNFOLDED : NATIVE);
    return o;
  }

  /** [length, channels] of the single input column, from the tensors' {@code input_columns} metadata. */
  private static long[] inputShape(EncodedFolds data, String where) {
    String meta = data.metadata("input_columns");
    if (meta == null) {
      throw new StageException(where + " needs the input shape, but the tensors' metadata has no 'input_columns'"
          + " (tensors written by the encode stage 'columns' have it)");
    }
    JsonNode columns;
    try {
      columns = CanonicalJson.MAPPER.readTree(meta);
    } catch (Exception e) {
      throw new StageException(where + ": safetensors metadata 'input_columns' is not JSON: " + e.getMessage());
    }
    if (columns == null || !columns.isArray() || columns.size() != 1) {
      throw new StageException(where + " takes exactly one input column, a sequence encoded as [length, channels]"
          + " (e.g. TextOneHot); the tensors have " + (columns == null || !columns.isArray() ? "none" : columns.size() + ": " + meta)
          + "; encode the other columns away or use architecture mlp");
    }
    JsonNode s = columns.get(0).path("shape");
    if (!s.isArray() || s.isEmpty() || s.size() > 2 || !s.get(0).canConvertToLong()
        || (s.size() == 2 && !s.get(1).canConvertToLong())) {
      throw new StageException(where + ": input column " + columns.get(0).path("name") + " has shape " + s
          + "; expected [length, channels] (TextOneHot) or [length] (TextAscii)");
    }
    long[] shape = {s.get(0).longValue(), s.size() == 2 ? s.get(1).longValue() : 1};
    if (shape[0] < 1 || shape[1] < 1 || shape[0] * shape[1] != data.dim()) {
      throw new StageException(where + ": input shape " + s + " does not match the " + data.dim()
          + " values per row in the tensors");
    }
    return shape;
  }

  @Override
  public Block build(ModelSpec spec) {
    ObjectNode o = spec.options();
    JsonNode shape = o.path(INPUT_SHAPE);
    JsonNode filters = o.path(FILTERS);
    JsonNode kernels = o.path(KERNEL_SIZES);
    if (shape.size() != 2 || filters.isEmpty() || filters.size() != kernels.size()) {
      throw new StageException("model spec for cnn1d: options must hold input_shape [length, channels] and"
          + " equally long filters and kernel_sizes lists, found " + o);
    }
    long length = shape.get(0).longValue();
    long channels = shape.get(1).longValue();
    String convolution = o.path(CONVOLUTION).asText(NATIVE);
    if (!convolution.equals(NATIVE) && !convolution.equals(UNFOLDED)) {
      throw new StageException("model spec for cnn1d: options.convolution must be '" + NATIVE + "' or '" + UNFOLDED
          + "', found '" + convolution + "'");
    }
    boolean unfolded = convolution.equals(UNFOLDED);
    SequentialBlock net = new SequentialBlock();
    // rows arrive flat, position-major ([p0 a0, p0 a1, ..., p1 a0, ...]); convolutions want [n, channels, length]
    net.add(LambdaBlock.singleton(x -> x.reshape(-1, length, channels).transpose(0, 2, 1), "to_channels_first"));
    for (int i = 0; i < filters.size(); i++) {
      if (unfolded) {
        net.add(new UnfoldedConv1d(filters.get(i).intValue(), kernels.get(i).intValue()));
      } else {
        net.add(Conv1d.builder().setKernelShape(new Shape(kernels.get(i).longValue())).setFilters(filters.get(i).intValue())
            .build());
      }
      net.add(Mlp.activation(spec.activation()));
      if (spec.dropout() > 0) {
        net.add(Dropout.builder().optRate((float) spec.dropout()).build());
      }
    }
    net.add(Pool.globalMaxPool1dBlock());
    net.add(Blocks.batchFlattenBlock());
    Mlp.addDenseLayers(net, spec);
    return net;
  }
}
