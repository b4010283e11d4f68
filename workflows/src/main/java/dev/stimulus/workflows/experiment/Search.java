package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How an experiment explores its space ({@code search:} in the file).
 *
 * @param strategy a search strategy's name ({@code grid}, {@code random}, {@code sobol}, {@code tpe}
 *     or a plug-in's)
 * @param sampled whether the strategy samples the space (and so takes ranges and a budget); grid
 *     does not: it runs every point in one batch
 * @param budget how many distinct configurations to run (each as {@code replicates} trials); for
 *     the grid, the number of its points
 * @param batch how many configurations are asked for, planned and run together
 * @param replicates trials per configuration, with different seeds (see {@link Configuration})
 * @param options the strategy's own settings (e.g. {@code gamma} of tpe), as given
 * @param space the search space as a tree of choices and dimensions
 * @param pruning the median pruner, or null for none
 */
public record Search(String strategy, boolean sampled, int budget, int batch, int replicates, ObjectNode options,
    SearchSpace space, MedianPruning pruning) {

  public Search {
    options = options.deepCopy();
  }

  /** e.g. {@code tpe: 24 configurations x 2 replicates, in batches of 4}. */
  public String describe() {
    return strategy + ": " + budget + (budget == 1 ? " configuration" : " configurations")
        + (replicates > 1 ? " x " + replicates + " replicates" : "")
        + (batch < budget ? ", in batches of " + batch : ", in one batch")
        + (pruning == null ? "" : ", " + pruning.describe());
  }
}
