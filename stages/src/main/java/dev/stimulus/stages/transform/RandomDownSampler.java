package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sampler: in each chosen fold separately, keeps a uniform random subset of the rows: exactly
 * {@code count} rows, or {@code round(fraction * rows)} (halves round up). Exactly one of the two is
 * set (0 means unset). Kept rows stay in table order; other folds are not touched. Linear time.
 */
public final class RandomDownSampler extends TableTransform {

  public RandomDownSampler() {
    super("RandomDownSampler", 1, Semantics.SAMPLER,
        "keeps a random fraction or count of the rows of each chosen fold");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.number("fraction", 0, 0, 1, "share of each fold's rows to keep, in (0, 1]; 0 means unset (use count)"),
        Param.integer("count", 0, 0, Integer.MAX_VALUE, "rows to keep in each fold; 0 means unset (use fraction)"),
        foldsParam(List.of(Partitions.TRAIN)),
        seedParam());
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    double fraction = params.get("fraction").doubleValue();
    int count = params.get("count").intValue();
    if ((fraction > 0) == (count > 0)) {
      throw new StageException(owner() + ": set exactly one of 'fraction' (in (0, 1]) and 'count' (rows per fold),"
          + " found fraction " + params.get("fraction") + " and count " + count);
    }
    Random random = new Random(context.seed());
    boolean[] keep = new boolean[table.size()];
    java.util.Arrays.fill(keep, true);
    for (Map.Entry<String, List<Integer>> fold : rowsOfFolds(table, params).entrySet()) {
      List<Integer> rows = fold.getValue();
      int m = count > 0 ? count : (int) Math.round(fraction * rows.size());
      if (m > rows.size()) {
        throw new StageException(owner() + ": count " + count + " is more than the " + rows.size() + " rows of fold "
            + fold.getKey() + "; a down-sampler cannot add rows");
      }
      rows.forEach(i -> keep[i] = false);
      keepRandom(rows, m, random, keep);
    }
    return keepRows(table, keep);
  }
}
