package dev.stimulus.stages.split;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.table.Partitions;
import java.util.List;
import java.util.Random;

/**
 * Split ratios: two (train, test) or three (train, validation, test) non-negative fractions summing
 * to 1, turned into exact row counts by the largest-remainder method.
 */
final class Ratios {

  static final double TOLERANCE = 1e-6;

  private final double[] ratios;
  private final List<String> folds;

  private Ratios(double[] ratios) {
    this.ratios = ratios;
    this.folds = ratios.length == 2
        ? List.of(Partitions.TRAIN, Partitions.TEST)
        : Partitions.FOLDS;
  }

  static Param param() {
    return Param.numbers("ratios", List.of(0.7, 0.15, 0.15), 0, 1,
        "fractions of rows for train, validation, test (or train, test when two); they must sum to 1");
  }

  /**
   * Reads and checks the {@code ratios} parameter.
   *
   * @throws StageException for the wrong length, a negative value or a sum other than 1
   */
  static Ratios of(JsonNode param, String owner) {
    String where = owner + ": parameter 'ratios'";
    if (param.size() != 2 && param.size() != 3) {
      throw new StageException(where + " must have 2 (train, test) or 3 (train, validation, test) values, found "
          + param.size() + ": " + param);
    }
    double[] r = new double[param.size()];
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      r[i] = param.get(i).asDouble();
      if (!(r[i] >= 0)) {
        throw new StageException(where + " must not be negative, found " + param.get(i) + " at position " + (i + 1));
      }
      sum += r[i];
    }
    if (Math.abs(sum - 1) > TOLERANCE) {
      throw new StageException(where + " must sum to 1, found " + param + " summing to " + sum);
    }
    return new Ratios(r);
  }

  /** Train and test shares {@code 1 - test, test}, already checked by the caller's param range. */
  static Ratios trainTest(double test) {
    return new Ratios(new double[] {1 - test, test});
  }

  /** Fold names, one per ratio. */
  List<String> folds() {
    return folds;
  }

  /**
   * Row counts per fold for {@code n} rows: floor of each share, then the leftover rows go one each
   * to the largest fractional parts (ties to the earlier fold), so counts sum to {@code n} and each is
   * within one row of its exact share.
   */
  int[] counts(int n) {
    int[] counts = new int[ratios.length];
    double[] remainder = new double[ratios.length];
    int assigned = 0;
    for (int i = 0; i < ratios.length; i++) {
      double exact = ratios[i] * n;
      counts[i] = (int) Math.floor(exact);
      remainder[i] = exact - counts[i];
      assigned += counts[i];
    }
    for (int left = n - assigned; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < ratios.length; i++) {
        if (ratios[i] > 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      counts[best]++;
      remainder[best] = -1;
    }
    return counts;
  }

  /**
   * Deals the given rows into folds: shuffles them with {@code random} and gives the first
   * {@code counts[0]} to the first fold and so on.
   */
  void deal(int[] rows, String[] foldOfRow, Random random) {
    shuffle(rows, random);
    int[] counts = counts(rows.length);
    int k = 0;
    for (int f = 0; f < counts.length; f++) {
      for (int c = 0; c < counts[f]; c++) {
        foldOfRow[rows[k++]] = folds.get(f);
      }
    }
  }

  /**
   * The fold of a point {@code bucket} of {@code [0, buckets)}: the unit interval is cut into
   * consecutive pieces as wide as the ratios (train first), in whole buckets so no rounding of
   * doubles decides a boundary.
   */
  String foldAt(long bucket, long buckets) {
    double cumulative = 0;
    for (int f = 0; f < ratios.length - 1; f++) {
      cumulative += ratios[f];
      if (bucket < Math.round(cumulative * buckets)) {
        return folds.get(f);
      }
    }
    return folds.get(ratios.length - 1);
  }

  /** Fisher-Yates with {@link Random#nextInt(int)}, whose output is fixed by its specification. */
  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
