package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Sampler: in each chosen fold separately, drops rows so that every class of {@code column} keeps
 * as many rows as that fold's smallest class (undersampling to the minority count). The rows kept
 * within a class are a uniform random choice; kept rows stay in table order; other folds are not
 * touched. Linear in the number of rows (one pass to group, one partial shuffle per class).
 */
public final class BalanceSampler extends TableTransform {

  public BalanceSampler() {
    super("BalanceSampler", 1, Semantics.SAMPLER,
        "drops rows so every class of a column has the minority class's count, per fold");
  }

  @Override
  public ParamSpec params() {
    return trainColumnParams("the class column to balance");
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    int column = column(table, params, "column");
    Random random = new Random(context.seed());
    boolean[] keep = new boolean[table.size()];
    java.util.Arrays.fill(keep, true);
    for (List<Integer> rows : rowsOfFolds(table, params).values()) {
      // classes in sorted order, so the draws do not depend on hashing
      Map<String, List<Integer>> byClass = new TreeMap<>();
      for (int i : rows) {
        keep[i] = false;
        byClass.computeIfAbsent(table.cell(i, column), k -> new ArrayList<>()).add(i);
      }
      int minority = byClass.values().stream().mapToInt(List::size).min().orElse(0);
      for (List<Integer> members : byClass.values()) {
        keepRandom(members, minority, random, keep);
      }
    }
    return keepRows(table, keep);
  }
}
