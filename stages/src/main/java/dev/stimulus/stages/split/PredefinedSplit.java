package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * Takes the folds from a column of the data: 0/1/2 (the stimulus convention) or train/validation/test.
 * The column stays in the table as a data column.
 */
public final class PredefinedSplit extends SplitStage {

  public PredefinedSplit() {
    super("PredefinedSplit", 1, "folds from a data column holding 0/1/2 or train/validation/test");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        // No seed: the assignment is not random, so an experiment's seed must not split its cache.
        Param.string("column", null, "the column holding each row's fold: 0/1/2 or train/validation/test"));
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random random) {
    int column = column(data, params, "column");
    String[] folds = new String[data.size()];
    for (int i = 0; i < data.size(); i++) {
      String v = data.cell(i, column).strip();
      folds[i] = switch (v) {
        case "0", Partitions.TRAIN -> Partitions.TRAIN;
        case "1", Partitions.VALIDATION -> Partitions.VALIDATION;
        case "2", Partitions.TEST -> Partitions.TEST;
        default -> throw new StageException(owner() + ": column '" + data.header().get(column) + "', "
            + data.rowName(i) + " (" + data.where(i) + "): '" + v + "' is not a fold; expected 0, 1, 2 or "
            + String.join(", ", Partitions.FOLDS));
      };
    }
    return folds;
  }
}
