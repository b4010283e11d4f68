package dev.stimulus.workflows.experiment;

/**
 * A sampled search's median pruner ({@code search: {pruner: median, prune_startup, prune_warmup}}):
 * once {@code startup} trials have completed, every later training gets, as its {@code prune_above}
 * parameter, the median validation loss of the completed trials at each epoch, and stops after the
 * first epoch past {@code warmup} whose best validation loss so far is above it. The thresholds are
 * parameters of the training, so its action key says what it was compared with.
 *
 * @param startup completed (not pruned) trials before any training is pruned
 * @param warmup epochs of every training that are never pruned
 */
public record MedianPruning(int startup, int warmup) {

  /** e.g. {@code median pruner after 5 trials, warmup 2 epochs}. */
  public String describe() {
    return "median pruner after " + startup + (startup == 1 ? " trial" : " trials")
        + (warmup > 0 ? ", warmup " + warmup + (warmup == 1 ? " epoch" : " epochs") : "");
  }
}
