package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Like {@link RandomSplit}, but deals each class of a column separately, so every fold keeps the
 * class proportions (within one row per class).
 */
public final class StratifiedSplit extends SplitStage {

  public StratifiedSplit() {
    super("StratifiedSplit", 1, "random rows to train/validation/test keeping the proportions of a class column");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.string("column", null, "the class column whose proportions every fold keeps"),
        Ratios.param(),
        seedParam());
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random random) {
    Ratios ratios = Ratios.of(params.get("ratios"), owner());
    int column = column(data, params, "column");
    // Classes in sorted order, rows in data order: the dealing order does not depend on hashing.
    Map<String, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < data.size(); i++) {
      byClass.computeIfAbsent(data.cell(i, column), k -> new ArrayList<>()).add(i);
    }
    String[] folds = new String[data.size()];
    for (List<Integer> rows : byClass.values()) {
      ratios.deal(rows.stream().mapToInt(Integer::intValue).toArray(), folds, random);
    }
    return folds;
  }
}
