package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.table.Table;

/** Changes nothing: the table re-written canonically (the "no transform" arm of an experiment). */
public final class Identity extends TableTransform {

  public Identity() {
    super("Identity", 1, Semantics.NONE, "no change; the table written canonically");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of();
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    return table;
  }
}
