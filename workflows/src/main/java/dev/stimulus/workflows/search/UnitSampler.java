package dev.stimulus.workflows.search;

import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.SplittableRandom;

/** Independent uniform points of the space: each unit coordinate drawn from a seeded generator. */
final class UnitSampler {

  private final SearchSpace space;
  private final SplittableRandom random;

  UnitSampler(SearchSpace space, SplittableRandom random) {
    this.space = space;
    this.random = random;
  }

  SearchSpace.Point next() {
    double[] u = new double[space.coordinates()];
    for (int i = 0; i < u.length; i++) {
      u[i] = random.nextDouble();
    }
    return space.fromUnit(u);
  }
}
