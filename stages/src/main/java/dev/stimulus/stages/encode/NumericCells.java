package dev.stimulus.stages.encode;

import dev.stimulus.stages.table.Table;

/** Train cells parsed as finite decimal numbers, for encoders that learn from the values. */
final class NumericCells {

  private NumericCells() {}

  /** @throws dev.stimulus.stages.StageException naming column, row and value of a cell that is not a number */
  static double[] parse(ColumnEncoder.Values train) {
    double[] out = new double[train.cells().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Table.parseNumber(train.cells().get(i), train.column(), train.rowNames().get(i));
    }
    return out;
  }
}
