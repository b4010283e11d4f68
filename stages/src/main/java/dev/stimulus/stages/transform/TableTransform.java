package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.List;

/**
 * What every transform shares: read and check the {@code table}, change it, write it canonically.
 * Because the writer is canonical, a transform that changes nothing gives the same bytes as
 * {@link Identity}, so everything downstream of it is a cache hit.
 */
abstract class TableTransform implements Stage {

  static final String MEDIA_TYPE = "text/csv";
  static final List<String> ALL_FOLDS = Partitions.FOLDS;

  @Override
  public final StageKind kind() {
    return StageKind.TRANSFORM;
  }

  @Override
  public final StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    Table table = Partitions.read(input.bytes(StageKind.Ports.TABLE));
    Table out = apply(table, params, context);
    return new StageOutput().put(StageKind.Ports.TABLE, Csv.write(out), MEDIA_TYPE);
  }

  abstract Table apply(Table table, ObjectNode params, StageContext context);

  String owner() {
    return "transform " + name();
  }

  static Param foldsParam(List<String> dflt) {
    return Param.strings("folds", dflt, "the folds whose rows the transform applies to (train, validation, test)");
  }

  static Param columnsParam(String what) {
    return Param.strings("columns", null, what);
  }

  static Param seedParam() {
    return Param.integer("seed", 0, 0, Long.MAX_VALUE,
        "experiment seed (identity only: the executor fills it; randomness comes from the action key)");
  }
}
