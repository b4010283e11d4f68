package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import java.util.List;

/**
 * A number as its z-score {@code (x - mean) / std} with the mean and the population standard
 * deviation (divisor n, as scikit-learn's StandardScaler) of the TRAIN fold. When every train value
 * is equal the standard deviation is 0 and the z-score is undefined: an error by default, or with
 * {@code zero_std: one} the values are divided by 1 (so they are only centred), as StandardScaler
 * does for constant features. Missing cells are filled first (the {@code missing} parameter), so the
 * mean and deviation are those of the completed train column.
 */
public final class Standardize extends NumberEncoder {

  @Override
  public String name() {
    return "Standardize";
  }

  @Override
  public String description() {
    return "a number as its z-score with the train fold's mean and standard deviation";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(Param.choice("zero_std", "error", List.of("error", "one"),
        "when every train value is equal: error, or one (divide by 1: values only centred)"),
        MissingPolicy.param());
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    NumericColumn column = column(train, params);
    double[] x = column.train();
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / x.length;
    double squares = 0; // second pass around the mean: no cancellation as in sum(x^2) - n mean^2
    for (double v : x) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / x.length);
    if (sd == 0) {
      if (params.get("zero_std").asText().equals("error")) {
        throw new StageException("column '" + train.column() + "': every train value is " + train.cells().get(0)
            + ", so the standard deviation is 0 and a z-score is undefined; drop the column, or set the encoder's"
            + " zero_std: one to only centre it");
      }
      sd = 1;
    }
    double std = sd;
    return new OneNumberPerCell() {
      @Override
      double number(String value, String rowName) {
        return (column.number(value, rowName) - mean) / std;
      }

      @Override
      public int classes() {
        return 0;
      }

      @Override
      public ObjectNode state() {
        return column.describeIn(JsonNodeFactory.instance.objectNode().put("mean", mean).put("std", std));
      }
    };
  }
}
