package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.ParamSpec;
import java.util.Arrays;

/**
 * A number as its rank among the TRAIN values, scaled to [0, 1]: with the n train values sorted,
 * a value's rank is its 0-based position, ties taking the mean of their positions (as
 * {@code scipy.stats.rankdata(method='average') - 1}), divided by n - 1. A value the train fold
 * does not have gets the linear interpolation between the ranks of the train values either side of
 * it; below the smallest train value it is 0 and above the largest 1. Missing cells are filled
 * first (the {@code missing} parameter). With a single train row every
 * value is 0.5. Robust to outliers and monotone, so it suits skewed quantities.
 */
public final class NumericRank extends NumberEncoder {

  @Override
  public String name() {
    return "NumericRank";
  }

  @Override
  public String description() {
    return "a number as its rank among the train fold's values, scaled to [0, 1], interpolated between them";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(MissingPolicy.param());
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    NumericColumn column = column(train, params);
    double[] x = column.train();
    Arrays.sort(x);
    int n = x.length;
    // distinct values and the scaled average rank of each
    double[] values = new double[n];
    double[] ranks = new double[n];
    int m = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && x[j + 1] == x[i]) {
        j++;
      }
      values[m] = x[i];
      ranks[m] = n == 1 ? 0.5 : (i + j) / 2.0 / (n - 1);
      m++;
      i = j + 1;
    }
    double[] v = Arrays.copyOf(values, m);
    double[] r = Arrays.copyOf(ranks, m);
    return new OneNumberPerCell() {
      @Override
      double number(String value, String rowName) {
        return rank(column.number(value, rowName), v, r);
      }

      @Override
      public int classes() {
        return 0;
      }

      @Override
      public ObjectNode state() {
        ObjectNode s = column.describeIn(JsonNodeFactory.instance.objectNode());
        var values = s.putArray("values");
        var ranks = s.putArray("ranks");
        for (int k = 0; k < v.length; k++) {
          values.add(v[k]);
          ranks.add(r[k]);
        }
        return s;
      }
    };
  }

  static double rank(double x, double[] values, double[] ranks) {
    int k = Arrays.binarySearch(values, x);
    if (k >= 0) {
      return ranks[k];
    }
    int above = -k - 1;
    if (above == 0) {
      return values.length == 1 ? ranks[0] : 0;
    }
    if (above == values.length) {
      return values.length == 1 ? ranks[0] : 1;
    }
    double t = (x - values[above - 1]) / (values[above] - values[above - 1]);
    return ranks[above - 1] + t * (ranks[above] - ranks[above - 1]);
  }
}
