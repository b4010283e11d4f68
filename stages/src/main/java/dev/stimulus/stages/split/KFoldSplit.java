package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * One fold of k-fold cross-validation. The rows are shuffled; if {@code test} is above 0, that share
 * of them (exact count, as {@link RandomSplit} computes it) is held out as test first, the same for
 * every fold; the rest is cut into k consecutive parts whose sizes differ by at most one. Part
 * {@code fold} is validation and the other k - 1 parts are train. Running the stage for
 * {@code fold} = 0 .. k-1 therefore gives every non-test row the validation fold exactly once.
 *
 * <p>The shuffle is seeded by the {@code seed} parameter (the experiment seed), NOT by the stage
 * seed: the stage seed comes from the action key, which differs between folds because {@code fold}
 * is a parameter, and the k runs must share one permutation for their parts to partition the rows.
 */
public final class KFoldSplit extends SplitStage {

  public KFoldSplit() {
    super("KFoldSplit", 1,
        "k-fold cross-validation: part 'fold' of k is validation, the rest train; optional test held out first");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.integer("k", 5, 2, 100, "number of parts"),
        Param.integer("fold", 0, 0, 99, "which part (0 .. k-1) is the validation fold"),
        Param.number("test", 0, 0, 0.9, "share of rows held out as test before the k parts are cut (0: none)"),
        Param.integer("seed", 0, 0, Long.MAX_VALUE,
            "experiment seed: seeds the shuffle, so every fold of one experiment cuts the same parts"));
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random unused) {
    int k = params.get("k").intValue();
    int fold = params.get("fold").intValue();
    if (fold >= k) {
      throw new StageException(owner() + ": parameter 'fold' must be below k = " + k + " (parts are numbered 0 .. "
          + (k - 1) + "), found " + fold);
    }
    double test = params.get("test").doubleValue();
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Ratios.shuffle(order, new Random(params.get("seed").longValue()));
    int held = test == 0 ? 0
        : Ratios.trainTest(test).counts(order.length)[1];
    int rest = order.length - held;
    if (rest < k) {
      throw new StageException(owner() + ": " + rest + " rows remain after the test share for k = " + k
          + " parts; every part needs at least one row (lower k or test)");
    }
    String[] folds = new String[data.size()];
    for (int j = 0; j < order.length; j++) {
      if (j < held) {
        folds[order[j]] = Partitions.TEST;
      } else {
        // part p holds positions [p*rest/k, (p+1)*rest/k): sizes differ by at most one
        int part = (int) ((long) (j - held) * k / rest);
        folds[order[j]] = part == fold ? Partitions.VALIDATION : Partitions.TRAIN;
      }
    }
    return folds;
  }
}
