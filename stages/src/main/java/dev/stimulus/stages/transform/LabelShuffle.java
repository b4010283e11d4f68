package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Control: permutes the values of the label {@code column} among the rows of each chosen fold
 * (Fisher-Yates, seeded), breaking any link between inputs and label while keeping the label's
 * distribution. A model trained on it should score at chance: the negative control of an
 * experiment. Shuffling only train (the default) and evaluating on the untouched folds measures
 * exactly that.
 */
public final class LabelShuffle extends TableTransform {

  public LabelShuffle() {
    super("LabelShuffle", 1, Semantics.CONTROL, "permutes the label column within each chosen fold (negative control)");
  }

  @Override
  public ParamSpec params() {
    return trainColumnParams("the label column to permute");
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    int column = column(table, params, "column");
    Random random = new Random(context.seed());
    List<String[]> rows = new ArrayList<>(table.size());
    for (int i = 0; i < table.size(); i++) {
      rows.add(table.row(i));
    }
    for (List<Integer> members : rowsOfFolds(table, params).values()) {
      for (int k = members.size() - 1; k > 0; k--) {
        int j = random.nextInt(k + 1);
        String[] a = rows.get(members.get(k));
        String[] b = rows.get(members.get(j));
        String t = a[column];
        a[column] = b[column];
        b[column] = t;
      }
    }
    return Partitions.withRows(table, rows);
  }
}
