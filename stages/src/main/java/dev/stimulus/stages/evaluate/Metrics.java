package dev.stimulus.stages.evaluate;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classification and regression metrics in plain Java (DJL has no AUC, F1 or MCC). Definitions
 * follow scikit-learn's, except that a metric whose formula divides by zero is reported as undefined
 * (null, with a reason) instead of being replaced by 0 or NaN.
 */
final class Metrics {

  private Metrics() {}

  /** Metric values by name (null = undefined) plus why each undefined one is undefined. */
  static final class Report {
    private final Map<String, Number> values = new TreeMap<>();
    private final Map<String, String> undefined = new TreeMap<>();

    /** Records {@code value}, or null with {@code reasonIfNaN} when it is NaN. */
    Report put(String name, double value, String reasonIfNaN) {
      if (Double.isNaN(value)) {
        values.put(name, null);
        undefined.put(name, reasonIfNaN);
      } else {
        values.put(name, value);
      }
      return this;
    }

    Report count(String name, long value) {
      values.put(name, value);
      return this;
    }

    /** The value, or null when undefined or absent. */
    Number get(String name) {
      return values.get(name);
    }

    Map<String, Number> values() {
      return java.util.Collections.unmodifiableMap(values);
    }

    Map<String, String> undefined() {
      return java.util.Collections.unmodifiableMap(undefined);
    }
  }

  /**
   * Binary classification: threshold-free rankings (roc_auc, pr_auc) from the scores, the rest from
   * predicting positive when {@code score >= threshold}.
   */
  static Report binary(boolean[] positive, double[] scores, double threshold) {
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < positive.length; i++) {
      boolean predicted = scores[i] >= threshold;
      if (predicted) {
        if (positive[i]) {
          tp++;
        } else {
          fp++;
        }
      } else if (positive[i]) {
        fn++;
      } else {
        tn++;
      }
    }
    long n = positive.length;
    String oneClass = tp + fn == 0 ? "the fold has no positive labels" : "the fold has no negative labels";
    return new Report()
        .count("n", n)
        .put("accuracy", ratio(tp + tn, n), "the fold has no rows")
        .put("roc_auc", rocAuc(positive, scores), n == 0 ? "the fold has no rows" : oneClass)
        .put("pr_auc", averagePrecision(positive, scores), "the fold has no positive labels")
        .put("precision", ratio(tp, tp + fp), "no row is predicted positive at threshold " + threshold)
        .put("recall", ratio(tp, tp + fn), "the fold has no positive labels")
        .put("f1", ratio(2 * tp, 2 * tp + fp + fn), "no positive labels and none predicted")
        .put("mcc", mcc(tp, fp, tn, fn),
            "labels or predictions are all one class (a zero in the denominator)");
  }

  /** Multiclass: accuracy and the unweighted mean of per-class F1 over every class seen. */
  static Report multiclass(int[] labels, int[] predictions) {
    long right = 0;
    TreeSet<Integer> classes = new TreeSet<>();
    for (int i = 0; i < labels.length; i++) {
      right += labels[i] == predictions[i] ? 1 : 0;
      classes.add(labels[i]);
      classes.add(predictions[i]);
    }
    double f1Sum = 0;
    for (int k : classes) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < labels.length; i++) {
        boolean isK = labels[i] == k;
        boolean saysK = predictions[i] == k;
        tp += isK && saysK ? 1 : 0;
        fp += !isK && saysK ? 1 : 0;
        fn += isK && !saysK ? 1 : 0;
      }
      // Every class here occurs as a label or a prediction, so the denominator is positive.
      f1Sum += 2.0 * tp / (2 * tp + fp + fn);
    }
    return new Report()
        .count("n", labels.length)
        .put("accuracy", ratio(right, labels.length), "the fold has no rows")
        .put("macro_f1", classes.isEmpty() ? Double.NaN : f1Sum / classes.size(), "the fold has no rows");
  }

  /** Regression: root mean squared error, coefficient of determination, Spearman's rho. */
  static Report regression(double[] labels, double[] predictions) {
    int n = labels.length;
    double mean = 0;
    for (double y : labels) {
      mean += y;
    }
    mean /= n;
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < n; i++) {
      ssRes += (labels[i] - predictions[i]) * (labels[i] - predictions[i]);
      ssTot += (labels[i] - mean) * (labels[i] - mean);
    }
    return new Report()
        .count("n", n)
        .put("rmse", n == 0 ? Double.NaN : Math.sqrt(ssRes / n), "the fold has no rows")
        .put("r2", n == 0 || ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot,
            n == 0 ? "the fold has no rows" : "all labels are equal (zero variance)")
        .put("spearman", spearman(labels, predictions),
            n == 0 ? "the fold has no rows" : "labels or predictions are constant (zero variance of ranks)");
  }

  /**
   * Area under the ROC curve as the Mann–Whitney statistic with average ranks for ties, which equals
   * the trapezoidal area (a tie between a positive and a negative counts one half).
   *
   * @return NaN unless both classes occur
   */
  static double rocAuc(boolean[] positive, double[] scores) {
    double[] ranks = averageRanks(scores);
    long pos = 0;
    double rankSum = 0;
    for (int i = 0; i < positive.length; i++) {
      if (positive[i]) {
        pos++;
        rankSum += ranks[i];
      }
    }
    long neg = positive.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * Average precision as scikit-learn defines it: the sum over distinct score thresholds, from the
   * highest down, of (R_n - R_{n-1}) P_n. Rows with equal scores enter together.
   *
   * @return NaN when there is no positive label
   */
  static double averagePrecision(boolean[] positive, double[] scores) {
    Integer[] order = descending(scores);
    long totalPos = 0;
    for (boolean p : positive) {
      totalPos += p ? 1 : 0;
    }
    if (totalPos == 0) {
      return Double.NaN;
    }
    long tp = 0;
    long seen = 0;
    double previousRecall = 0;
    double ap = 0;
    for (int i = 0; i < order.length; ) {
      double s = scores[order[i]];
      while (i < order.length && scores[order[i]] == s) {
        tp += positive[order[i]] ? 1 : 0;
        seen++;
        i++;
      }
      double recall = (double) tp / totalPos;
      ap += (recall - previousRecall) * ((double) tp / seen);
      previousRecall = recall;
    }
    return ap;
  }

  /**
   * Spearman's rank correlation: Pearson's correlation of average ranks.
   *
   * @return NaN when either side is constant or empty
   */
  static double spearman(double[] a, double[] b) {
    return pearson(averageRanks(a), averageRanks(b));
  }

  static double pearson(double[] a, double[] b) {
    int n = a.length;
    if (n == 0) {
      return Double.NaN;
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    if (saa == 0 || sbb == 0) {
      return Double.NaN;
    }
    return sab / Math.sqrt(saa * sbb);
  }

  /** 1-based ranks in ascending order; tied values share the mean of the ranks they span. */
  static double[] averageRanks(double[] values) {
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
    double[] ranks = new double[values.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }

  static double mcc(long tp, long fp, long tn, long fn) {
    double denominator = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    return denominator == 0 ? Double.NaN : ((double) tp * tn - (double) fp * fn) / denominator;
  }

  private static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : (double) num / den;
  }

  private static Integer[] descending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
    return order;
  }
}
