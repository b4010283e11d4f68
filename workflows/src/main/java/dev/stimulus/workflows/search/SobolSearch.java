package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Quasi-random search: the points of a Sobol sequence (Joe–Kuo direction numbers), one unit
 * coordinate per choice and per dimension of the space (see {@link SearchSpace#fromUnit}), so that
 * any 2^m consecutive configurations cover every range and every alternative evenly. With
 * {@code scramble: true} (the default) the sequence is digitally shifted by a random word per
 * coordinate drawn from the experiment seed: the balance stays, the first point leaves the corner
 * of the space, and another seed gives another equally even design.
 */
final class SobolSearch implements SearchStrategy {

  private final SearchSpace space;
  private final Sobol sobol;

  private SobolSearch(SearchSpace space, Sobol sobol) {
    this.space = space;
    this.sobol = sobol;
  }

  @Override
  public List<SearchSpace.Point> ask(int n) {
    List<SearchSpace.Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] u = sobol.next();
      out.add(space.fromUnit(space.coordinates() == 0 ? new double[0] : u));
    }
    return out;
  }


  public static final class Factory implements SearchStrategy.Factory {
    @Override
    public String name() {
      return "sobol";
    }

    @Override
    public String description() {
      return "a Sobol low-discrepancy sequence over the space (digitally shifted by the seed unless scramble: false)";
    }

    @Override
    public boolean samples() {
      return true;
    }

    @Override
    public List<String> options() {
      return List.of("scramble");
    }


    @Override
    public SearchStrategy create(SearchSpace space, ObjectNode options, long seed) {
      boolean scramble = true;
      JsonNode s = options.get("scramble");
      if (s != null) {
        if (!s.isBoolean()) {
          throw new OptionException("scramble", "expected true or false, found " + s);
        }
        scramble = s.booleanValue();
      }
      int d = space.coordinates();
      if (d > Sobol.MAX_DIMENSIONS) {
        throw new OptionException("strategy", "the space has " + d + " coordinates (choices and varying parameters),"
            + " more than the " + Sobol.MAX_DIMENSIONS + " dimensions of the Sobol direction numbers packaged here;"
            + " use strategy random or tpe");
      }
      return new SobolSearch(space, new Sobol(Math.max(1, d), scramble ? seed : null));
    }
  }
}
