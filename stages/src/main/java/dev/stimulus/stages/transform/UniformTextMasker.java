package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Table;
import java.util.Random;

/**
 * Replaces each character of text cells by a mask character with a given probability, independently
 * per position (one draw per character, in row then column order). Noise: every fold by default. One
 * generator runs across all rows, so different rows are masked at different positions.
 */
public final class UniformTextMasker extends TableTransform {

  public UniformTextMasker() {
    super("UniformTextMasker", 1, Semantics.NOISE, "masks each character of text columns with a probability");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        columnsParam("the text columns to mask"),
        Param.number("probability", 0.1, 0, 1, "chance that each character is replaced by the mask"),
        Param.string("mask", "N", "the single character that replaces masked ones"),
        foldsParam(ALL_FOLDS),
        seedParam());
  }

  @Override
  Table apply(Table table, ObjectNode params, StageContext context) {
    double p = params.get("probability").asDouble();
    String mask = params.get("mask").asText();
    if (mask.codePointCount(0, mask.length()) != 1) {
      throw new StageException(owner() + ": parameter 'mask' must be exactly one character, found '" + mask + "'");
    }
    int maskCode = mask.codePointAt(0);
    Random random = new Random(context.seed());
    return rewriteCells(table, params, (cell, row, column) -> mask(cell, p, maskCode, random));
  }

  private static String mask(String text, double p, int maskCode, Random random) {
    if (p == 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.appendCodePoint(random.nextDouble() < p ? maskCode : cp));
    return out.toString();
  }
}
