package dev.stimulus.stages.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense tensor as safetensors stores it: dtype name ({@code F32}, {@code I64}), shape and raw
 * little-endian bytes.
 */
public record Tensor(String dtype, long[] shape, byte[] data) {

  public Tensor {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException overflow) {
        // A hostile header could otherwise wrap the element count around to the data length.
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
      }
    }
    if (n > Integer.MAX_VALUE || n * elementSize(dtype) != data.length) {
      throw new IllegalArgumentException(
          "tensor of dtype " + dtype + " and shape " + Arrays.toString(shape) + " needs "
              + n * elementSize(dtype) + " bytes, got " + data.length);
    }
  }

  public static Tensor f32(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new Tensor("F32", shape, b.array());
  }

  public static Tensor i64(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new Tensor("I64", shape, b.array());
  }

  public float[] floats() {
    requireDtype("F32");
    float[] out = new float[data.length / 4];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  public long[] longs() {
    requireDtype("I64");
    long[] out = new long[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  /** Number of rows: the first dimension (1 for a scalar). */
  public long rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** Elements per row. */
  public long rowSize() {
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  private void requireDtype(String want) {
    if (!dtype.equals(want)) {
      throw new IllegalStateException("tensor is " + dtype + ", not " + want);
    }
  }

  static int elementSize(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> throw new IllegalArgumentException("unsupported safetensors dtype " + dtype);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
