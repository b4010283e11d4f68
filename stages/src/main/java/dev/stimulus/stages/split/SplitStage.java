package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * What every split shares: read the raw {@code data} CSV, give each row a fold, write the {@code table}
 * with row ids in the original row order.
 *
 * <p>Randomness uses {@link Random}, whose algorithms ({@code nextInt(bound)}, {@code nextGaussian})
 * are fixed by its specification, so a split is reproducible across JDK versions.
 */
abstract class SplitStage implements Stage {

  static final String MEDIA_TYPE = "text/csv";

  /** The identity-only seed parameter every split declares; the randomness comes from the context. */
  static Param seedParam() {
    return Param.integer("seed", 0, 0, Long.MAX_VALUE,
        "experiment seed (identity only: the executor fills it; randomness comes from the action key)");
  }

  @Override
  public final StageKind kind() {
    return StageKind.SPLIT;
  }

  @Override
  public final StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    Table data = Csv.read(input.bytes(StageKind.Ports.DATA), "data");
    if (data.size() == 0) {
      throw new StageException("split " + name() + ": the data has a header but no rows; nothing to split");
    }
    String[] folds = assign(data, params, new Random(context.seed()));
    Table table = Partitions.partition(data, folds);
    return new StageOutput().put(StageKind.Ports.TABLE, Csv.write(table), MEDIA_TYPE);
  }

  /** The fold of every data row, in row order. */
  abstract String[] assign(Table data, ObjectNode params, Random random);

  String owner() {
    return "split " + name();
  }
}
