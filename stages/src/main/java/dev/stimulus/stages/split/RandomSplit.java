package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.table.Table;
import java.util.Random;
import java.util.stream.IntStream;

/** Shuffles the rows and deals exact fractions of them to train, validation and test. */
public final class RandomSplit extends SplitStage {

  public RandomSplit() {
    super("RandomSplit", 1, "random rows to train/validation/test in the given ratios (exact counts)");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(Ratios.param(), seedParam());
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random random) {
    Ratios ratios = Ratios.of(params.get("ratios"), owner());
    String[] folds = new String[data.size()];
    ratios.deal(IntStream.range(0, data.size()).toArray(), folds, random);
    return folds;
  }
}
