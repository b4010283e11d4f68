package dev.stimulus.stages.train;

import dev.stimulus.stages.StageException;
import java.util.Locale;

/**
 * How much of the machine training and evaluation may use, traded against where their bytes can
 * be reproduced.
 *
 * <p>PyTorch's CPU kernels are chosen at run time by the CPU: ATen's vectorised kernels by the
 * capability it detects (default, AVX2, AVX-512), MKL's GEMM by its own processor dispatch, and
 * oneDNN's JIT convolutions by the instruction set and caches. Each choice rounds differently, so a
 * model trained with them has bytes that depend on the CPU it trained on. The mode is a property of
 * the process (the kernels are chosen once, when the engine loads) and is recorded with every
 * output it produced; it is not part of an action's identity.
 */
public enum Reproducibility {

  /**
   * The default: the same bytes on any x86-64 CPU. ATen runs its baseline (non-vectorised)
   * kernels, MKL its conditional-numerical-reproducibility {@code COMPATIBLE} branch, oneDNN is
   * off (convolutions go through ATen's im2col and MKL), threads are fixed.
   */
  PORTABLE("portable"),

  /** The machine's best kernels: faster on large models, bytes reproducible on this platform only. */
  FAST("fast");

  /** System property choosing the mode of this process; the environment's is {@link #ENV}. */
  public static final String PROPERTY = "stimulus.reproducibility";

  /** Environment variable choosing the mode when the system property is not set. */
  public static final String ENV = "STIMULUS_REPRODUCIBILITY";

  private final String id;

  Reproducibility(String id) {
    this.id = id;
  }

  /** The name used in experiment files, options and records: {@code portable} or {@code fast}. */
  public String id() {
    return id;
  }

  /**
   * Parses a mode by name, case-insensitively.
   *
   * @param where what the value came from, for the message
   */
  public static Reproducibility parse(String value, String where) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Reproducibility r : values()) {
      if (r.id.equals(v)) {
        return r;
      }
    }
    throw new StageException(where + " must be 'portable' or 'fast', found '" + value + "'");
  }

  /** The mode configured for this process: {@link #PROPERTY}, else {@link #ENV}, else portable. */
  public static Reproducibility configured() {
    String p = System.getProperty(PROPERTY);
    if (p != null && !p.isBlank()) {
      return parse(p, "system property " + PROPERTY);
    }
    String e = System.getenv(ENV);
    if (e != null && !e.isBlank()) {
      return parse(e, "environment variable " + ENV);
    }
    return PORTABLE;
  }

  /**
   * Asks for a mode for this process, before anything trains. Once the engine has loaded its
   * kernels the mode is fixed: asking for the other one then fails with a message saying how to
   * get it (a separate process).
   */
  public static void request(Reproducibility mode) {
    DjlRuntime.request(mode);
  }

  /** The mode this process trains in: the one in force if the engine has loaded, else the configured one. */
  public static Reproducibility current() {
    return DjlRuntime.mode();
  }
}
