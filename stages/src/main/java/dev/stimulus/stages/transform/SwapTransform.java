package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * Noise: in each text cell, swaps {@code swap_numbers} pairs of characters in turn. Each swap picks
 * two distinct positions uniformly at random (so a later swap may undo an earlier one, as repeated
 * random transpositions do). Texts of fewer than two characters are left as they are and draw
 * nothing. Draws run row by row, then column by column, from one seeded generator, so different
 * rows get different swaps.
 */
public final class SwapTransform extends TableTransform {

  public SwapTransform() {
    super("SwapTransform", 1, Semantics.NOISE, "swaps random pairs of characters within each text");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        columnsParam("the text columns whose characters are swapped"),
        Param.integer("swap_numbers", 1, 0, 1_000_000, "how many pairs are swapped in each text"),
        foldsParam(ALL_FOLDS),
        seedParam());
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    int swaps = params.get("swap_numbers").intValue();
    Random random = new Random(context.seed());
    return rewriteCells(table, params, (cell, row, column) -> swap(cell, swaps, random));
  }

  private static String swap(String text, int swaps, Random random) {
    int[] cp = text.codePoints().toArray();
    if (cp.length < 2 || swaps == 0) {
      return text;
    }
    for (int s = 0; s < swaps; s++) {
      int i = random.nextInt(cp.length);
      int j = random.nextInt(cp.length - 1);
      if (j >= i) {
        j++; // a position other than i, uniformly
      }
      int t = cp[i];
      cp[i] = cp[j];
      cp[j] = t;
    }
    return new String(cp, 0, cp.length);
  }
}
