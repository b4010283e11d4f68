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
 * Keeps every group of rows (equal values of a column, e.g. a patient or a gene family) in one fold,
 * so that no group is seen in training and again in evaluation. The ratios count groups, not rows:
 * the groups are shuffled and dealt like {@link RandomSplit} deals rows, so folds hold exact numbers
 * of groups and row counts follow the group sizes.
 */
public final class GroupSplit extends SplitStage {

  public GroupSplit() {
    super("GroupSplit", 1, "whole groups (equal values of a column) to train/validation/test; ratios count groups");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.string("column", null, "the column whose equal values form a group that stays in one fold"),
        Ratios.param(),
        seedParam());
  }

  @Override
  String[] assign(Table data, ObjectNode params, Random random) {
    Ratios ratios = Ratios.of(params.get(RATIOS), owner());
    int column = column(data, params, "column");
    // Groups in sorted order, so the dealing order depends on the values only, not on hashing.
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < data.size(); i++) {
      groups.computeIfAbsent(data.cell(i, column), k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> members = new ArrayList<>(groups.values());
    int[] order = new int[members.size()];
    for (int g = 0; g < order.length; g++) {
      order[g] = g;
    }
    String[] foldOfGroup = new String[members.size()];
    ratios.deal(order, foldOfGroup, random);
    String[] folds = new String[data.size()];
    for (int g = 0; g < members.size(); g++) {
      for (int row : members.get(g)) {
        folds[row] = foldOfGroup[g];
      }
    }
    return folds;
  }
}
