package dev.stimulus.stages.encode;

/** A fitted encoder that turns each cell into one number: a quantity or a class index. */
abstract class OneNumberPerCell implements ColumnEncoder.Fitted {

  @Override
  public final long[] shape() {
    return new long[] {1};
  }

  @Override
  public final void encode(String value, String rowName, float[] out, int offset) {
    out[offset] = (float) number(value, rowName);
  }

  /**
   * The cell's number.
   *
   * @throws dev.stimulus.stages.StageException naming column, row and value when it cannot be encoded
   */
  abstract double number(String value, String rowName);
}
