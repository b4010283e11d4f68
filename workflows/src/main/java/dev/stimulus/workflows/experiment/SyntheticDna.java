package dev.stimulus.workflows.experiment;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic DNA for examples and tests: uniform random ACGT sequences, half of them positive
 * with a planted motif on either strand (the motif or its reverse complement, at a random position),
 * the negatives guaranteed to hold neither. A model that finds the motif separates the classes
 * perfectly; one that does not is at chance. The same seed gives the same bytes.
 */
public final class SyntheticDna {

  /** The default planted motif (8 bases, not its own reverse complement). */
  public static final String MOTIF = "TGACTCAG";

  private static final char[] BASES = {'A', 'C', 'G', 'T'};

  private SyntheticDna() {}

  /**
   * CSV with header {@code id,sequence,label}: {@code rows} rows of {@code length} bases.
   *
   * @throws IllegalArgumentException for a motif longer than the sequences or not in ACGT
   */
  public static String csv(int rows, int length, long seed, String motif) {
    if (rows < 2 || length < 1 || motif.isEmpty() || motif.length() > length || !motif.matches("[ACGT]+")) {
      throw new IllegalArgumentException("need at least 2 rows and a motif of A/C/G/T no longer than the sequences"
          + String.format(Locale.ROOT, " (rows %d, length %d, motif '%s')", rows, length, motif));
    }
    String reverse = reverseComplement(motif);
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder("id,sequence,label\n");
    char[] seq = new char[length];
    for (int i = 0; i < rows; i++) {
      boolean positive = random.nextBoolean();
      String s;
      do {
        for (int p = 0; p < length; p++) {
          seq[p] = BASES[random.nextInt(4)];
        }
        s = new String(seq);
      } while (s.contains(motif) || s.contains(reverse));
      if (positive) {
        String planted = random.nextBoolean() ? motif : reverse;
        int at = random.nextInt(length - motif.length() + 1);
        s = s.substring(0, at) + planted + s.substring(at + motif.length());
      }
      out.append(i).append(',').append(s).append(',').append(positive ? 1 : 0).append('\n');
    }
    return out.toString();
  }

  static String reverseComplement(String dna) {
    StringBuilder b = new StringBuilder(dna.length());
    for (int i = dna.length() - 1; i >= 0; i--) {
      b.append(switch (dna.charAt(i)) {
        case 'A' -> 'T';
        case 'C' -> 'G';
        case 'G' -> 'C';
        default -> 'A';
      });
    }
    return b.toString();
  }
}
