package dev.stimulus.workflows.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Sobol low-discrepancy sequence in up to {@value #MAX_DIMENSIONS} dimensions, with the Joe–Kuo
 * direction numbers ({@code new-joe-kuo-6.21201}, packaged as a resource), generated in Gray-code
 * order with 32-bit precision (Antonov–Saleev): point {@code n} differs from point {@code n - 1} by
 * one direction number per dimension.
 *
 * <p>Optionally shifted: each coordinate's 32 bits are XOR-ed with a seeded random word (a random
 * digital shift). A digital shift keeps every net property of the sequence — each block of
 * {@code 2^m} points still puts exactly one point in every elementary interval it did before — while
 * moving the first point off the origin and making different seeds give different, equally balanced
 * point sets.
 */
final class Sobol {

  static final int MAX_DIMENSIONS = 256;
  private static final int BITS = 32;
  private static final String RESOURCE = "new-joe-kuo-6.21201-256.txt";
  private static final List<int[]> TABLE = readTable();

  private final int[][] directions;
  private final int[] shift;
  private final int[] state;
  private long index;

  /**
   * @param dimensions 1 to {@value #MAX_DIMENSIONS}
   * @param shiftSeed seed of the digital shift, or null for the plain sequence (first point 0)
   */
  Sobol(int dimensions, Long shiftSeed) {
    if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("Sobol points have 1 to " + MAX_DIMENSIONS + " dimensions here, asked for "
          + dimensions);
    }
    directions = new int[dimensions][];
    directions[0] = new int[BITS];
    for (int k = 0; k < BITS; k++) {
      directions[0][k] = 1 << (BITS - 1 - k);
    }
    for (int d = 1; d < dimensions; d++) {
      directions[d] = directions(TABLE.get(d - 1));
    }
    shift = new int[dimensions];
    if (shiftSeed != null) {
      SplittableRandom random = new SplittableRandom(shiftSeed);
      for (int d = 0; d < dimensions; d++) {
        shift[d] = random.nextInt();
      }
    }
    state = new int[dimensions];
  }

  /** Direction numbers v_k = m_k / 2^k as 32-bit words, by the recurrence of the primitive polynomial. */
  private static int[] directions(int[] row) {
    int s = row[1];
    int a = row[2];
    int[] v = new int[BITS];
    for (int k = 0; k < BITS; k++) {
      if (k < s) {
        v[k] = row[3 + k] << (BITS - 1 - k);
      } else {
        int x = v[k - s] ^ (v[k - s] >>> s);
        for (int i = 1; i < s; i++) {
          if (((a >>> (s - 1 - i)) & 1) == 1) {
            x ^= v[k - i];
          }
        }
        v[k] = x;
      }
    }
    return v;
  }

  int dimensions() {
    return directions.length;
  }

  /** The next point, in [0, 1) per coordinate. */
  double[] next() {
    if (index > 0) {
      // Gray code: flip the direction number of the lowest zero bit of index - 1.
      int c = Long.numberOfTrailingZeros(~(index - 1));
      if (c >= BITS) {
        throw new IllegalStateException("a 32-bit Sobol sequence has 2^32 points; all were drawn");
      }
      for (int d = 0; d < state.length; d++) {
        state[d] ^= directions[d][c];
      }
    }
    index++;
    double[] out = new double[state.length];
    for (int d = 0; d < state.length; d++) {
      out[d] = Integer.toUnsignedLong(state[d] ^ shift[d]) / 4294967296.0;
    }
    return out;
  }

  private static List<int[]> readTable() {
    List<int[]> rows = new ArrayList<>();
    try (InputStream in = Sobol.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path (a packaging error)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.startsWith("d ") || line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        int[] row = new int[f.length];
        for (int i = 0; i < f.length; i++) {
          row[i] = Integer.parseInt(f[i]);
        }
        if (row[0] != rows.size() + 2 || row.length != 3 + row[1]) {
          throw new IllegalStateException(RESOURCE + ": malformed row for dimension " + (rows.size() + 2) + ": " + line);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (rows.size() != MAX_DIMENSIONS - 1) {
      throw new IllegalStateException(RESOURCE + ": expected " + (MAX_DIMENSIONS - 1) + " rows, found " + rows.size());
    }
    return List.copyOf(rows);
  }
}
