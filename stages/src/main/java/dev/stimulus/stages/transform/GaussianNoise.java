package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.table.NumberCell;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * Adds {@code mean + std * N(0, 1)} noise to numeric cells, in place. Noise is drawn row by row
 * (table order), then column by column (parameter order), from {@link Random#nextGaussian}, whose
 * algorithm is fixed by its specification. With {@code std == 0} and {@code mean == 0} every cell is
 * copied verbatim, so the output equals {@link Identity}'s byte for byte.
 */
public final class GaussianNoise extends TableTransform {

  public GaussianNoise() {
    super("GaussianNoise", 1, Semantics.NOISE, "adds Gaussian noise to numeric columns");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        columnsParam("the numeric columns to add noise to"),
        Param.number("std", 1.0, 0, Double.MAX_VALUE, "standard deviation of the noise"),
        Param.number("mean", 0.0, -Double.MAX_VALUE, Double.MAX_VALUE, "mean of the noise"),
        foldsParam(ALL_FOLDS),
        seedParam());
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    double std = params.get("std").asDouble();
    double mean = params.get("mean").asDouble();
    boolean changes = std != 0 || mean != 0;
    Random random = new Random(context.seed());
    return rewriteCells(table, params, (cell, row, column) -> {
      if (NumberCell.missing(cell)) {
        return cell; // noise on an unknown value is still unknown: the encoder's missing policy decides
      }
      double value = table.number(row, column); // checked even when unchanged: bad data fails either way
      return changes ? Double.toString(value + mean + std * random.nextGaussian()) : cell;
    });
  }
}
