package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random search: every configuration drawn independently and uniformly (log-uniformly for
 * {@code loguniform} ranges; alternatives and categories equally likely), from a generator seeded
 * with the experiment seed.
 */
final class RandomSearch implements SearchStrategy {

  private final UnitSampler sampler;

  private RandomSearch(SearchSpace space, long seed) {
    this.sampler = new UnitSampler(space, new SplittableRandom(seed));
  }

  @Override
  public List<SearchSpace.Point> ask(int n) {
    List<SearchSpace.Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sampler.next());
    }
    return out;
  }


  public static final class Factory implements SearchStrategy.Factory {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public String description() {
      return "independent uniform draws from the space";
    }

    @Override
    public boolean samples() {
      return true;
    }



    @Override
    public SearchStrategy create(SearchSpace space, ObjectNode options, long seed) {
      return new RandomSearch(space, seed);
    }
  }
}
