package dev.stimulus.stages;

/**
 * What a running stage may know besides its inputs and params.
 *
 * @param seed derived from the action key (which includes the experiment seed): use it, and only it,
 *     for every random choice
 * @param threads how many threads the stage may use; must not change results (train pins it to 1)
 * @param progress where to report progress of long work; never part of any output
 */
public record StageContext(long seed, int threads, Progress progress) {

  /** Progress of long work, e.g. training epochs. */
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total, String message);

    Progress NONE = (done, total, message) -> {};
  }

  public static StageContext forTest(long seed) {
    return new StageContext(seed, 1, Progress.NONE);
  }
}
