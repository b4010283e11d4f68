package dev.stimulus.workflows.analysis;

/** Whether smaller or larger objective values are better. */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  /** The improvement of {@code candidate} over {@code reference}: positive when it is better. */
  public double gain(double candidate, double reference) {
    return this == MAXIMIZE ? candidate - reference : reference - candidate;
  }
}
