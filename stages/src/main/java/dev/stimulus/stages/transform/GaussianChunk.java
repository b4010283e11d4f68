package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * Noise, in place: replaces each text by a window of {@code chunk_size} characters. The window's
 * centre is drawn from N(L/2, (std * L)^2) for a text of L characters, and the window is then moved
 * (clipped) to lie inside the text: start = round(centre - chunk_size/2) limited to
 * [0, L - chunk_size]. So std = 0 always takes the middle and a large std piles up at both ends.
 * A text shorter than {@code chunk_size} is an error. One Gaussian draw per cell, row by row then
 * column by column.
 */
public final class GaussianChunk extends TableTransform {

  public GaussianChunk() {
    super("GaussianChunk", 1, Semantics.NOISE,
        "replaces each text by a chunk of chunk_size characters around a Gaussian-drawn centre");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        columnsParam("the text columns to cut"),
        new Param("chunk_size", Param.Type.INT, null, 1.0, 1_000_000.0, null,
            "characters kept from each text (every text must be at least this long)"),
        Param.number("std", 0.1, 0, 1000, "standard deviation of the centre, as a fraction of the text length"),
        foldsParam(ALL_FOLDS),
        seedParam());
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    int chunk = params.get("chunk_size").intValue();
    double std = params.get("std").doubleValue();
    Random random = new Random(context.seed());
    return rewriteCells(table, params, (cell, row, column) -> {
      int[] cp = cell.codePoints().toArray();
      if (cp.length < chunk) {
        throw new StageException(owner() + ": column '" + table.header().get(column) + "', " + table.rowName(row)
            + ": text of " + cp.length + " characters is shorter than chunk_size " + chunk);
      }
      double centre = cp.length / 2.0 + std * cp.length * random.nextGaussian();
      long start = Math.round(centre - chunk / 2.0);
      int from = (int) Math.max(0, Math.min(cp.length - chunk, start));
      return new String(cp, from, chunk);
    });
  }
}
