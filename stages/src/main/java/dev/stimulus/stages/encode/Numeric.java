package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import java.util.List;
import java.util.TreeSet;

/**
 * A numeric cell as one number. {@code dtype} exists for compatibility with stimulus configurations:
 * values are stored as F32 either way, but integer dtypes truncate toward zero (as numpy and torch
 * casts do) and refuse values outside their range, and float16 rounds to half precision. Cells are
 * read by {@link dev.stimulus.stages.table.NumberCell} (booleans as 1/0); a missing cell follows the
 * {@code missing} parameter, and a filled value is cast like any other.
 */
public final class Numeric extends NumberEncoder {

  /** Integer dtypes and their inclusive ranges. */
  private enum IntType {
    int8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    uint8(0, 255),
    int16(Short.MIN_VALUE, Short.MAX_VALUE),
    int32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    int64(Long.MIN_VALUE, Long.MAX_VALUE);

    final double min;
    final double max;

    IntType(double min, double max) {
      this.min = min;
      this.max = max;
    }
  }

  static final List<String> DTYPES = List.of("float32", "float64", "float16", "int8", "uint8", "int16", "int32", "int64");

  @Override
  public String name() {
    return "Numeric";
  }

  @Override
  public String description() {
    return "a number as is, True/False as 1/0 (dtype: rounding and range as numpy would cast)";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(Param.choice("dtype", "float32", DTYPES, "number type the values must fit"),
        MissingPolicy.param());
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    String dtype = params.get("dtype").asText();
    NumericColumn column = column(train, params);
    double[] values = column.train();
    TreeSet<Double> distinct = new TreeSet<>();
    for (int i = 0; i < values.length && distinct.size() <= 2; i++) {
      distinct.add(convert(values[i], train.cells().get(i), dtype, train.column(), train.rowNames().get(i)));
    }
    boolean binary = distinct.equals(new TreeSet<>(List.of(0.0, 1.0)));
    return new OneNumberPerCell() {
      @Override
      double number(String value, String rowName) {
        double v = convert(column.number(value, rowName), value, dtype, train.column(), rowName);
        if (binary && v != 0 && v != 1) {
          throw new StageException("column '" + train.column() + "', " + rowName + ": " + value
              + " is not 0 or 1, but the train fold has only 0 and 1 (a binary label)");
        }
        return v;
      }

      @Override
      public int classes() {
        return binary ? 2 : 0;
      }

      @Override
      public ObjectNode state() {
        return column.describeIn(JsonNodeFactory.instance.objectNode().put("binary", binary));
      }
    };
  }

  /** {@code v} read from {@code cell} (which messages show), cast to {@code dtype}. */
  private static double convert(double v, String cell, String dtype, String column, String rowName) {
    switch (dtype) {
      case "float64" -> {
        return v;
      }
      case "float32" -> {
        return checkFinite((float) v, cell, dtype, column, rowName);
      }
      case "float16" -> {
        return checkFinite(Float.float16ToFloat(Float.floatToFloat16((float) v)), cell, dtype, column, rowName);
      }
      default -> {
        IntType t = IntType.valueOf(dtype);
        double truncated = v < 0 ? Math.ceil(v) : Math.floor(v);
        if (truncated < t.min || truncated > t.max) {
          throw new StageException("column '" + column + "', " + rowName + ": " + cell + " is outside the range of "
              + dtype + " (" + (long) t.min + " to " + (long) t.max + ")");
        }
        return truncated;
      }
    }
  }

  private static double checkFinite(float v, String cell, String dtype, String column, String rowName) {
    if (Float.isInfinite(v)) {
      throw new StageException("column '" + column + "', " + rowName + ": " + cell + " is too large for " + dtype);
    }
    return v;
  }
}
