package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.table.NumberCell;

/** A column encoder that reads every cell as a number, with a declared {@link MissingPolicy}. */
abstract class NumberEncoder implements ColumnEncoder {

  @Override
  public final boolean dropsRow(String cell, ObjectNode params) {
    return MissingPolicy.of(params) == MissingPolicy.DROP && NumberCell.missing(cell);
  }

  /** The train column read by this encoder's policy. */
  final NumericColumn column(Values train, ObjectNode params) {
    return NumericColumn.fit(train, MissingPolicy.of(params), name());
  }
}
