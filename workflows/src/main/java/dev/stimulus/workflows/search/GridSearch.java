package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.List;

/** Every point of a space without ranges, in grid order, in one batch; nothing it is told changes that. */
final class GridSearch implements SearchStrategy {

  private final List<SearchSpace.Point> points;
  private int next;

  private GridSearch(SearchSpace space) {
    this.points = space.enumerate();
  }

  @Override
  public List<SearchSpace.Point> ask(int n) {
    List<SearchSpace.Point> out = points.subList(next, Math.min(points.size(), next + n));
    next += out.size();
    return List.copyOf(out);
  }


  public static final class Factory implements SearchStrategy.Factory {
    @Override
    public String name() {
      return "grid";
    }

    @Override
    public String description() {
      return "every combination of the listed values, in one batch";
    }

    @Override
    public boolean samples() {
      return false;
    }



    @Override
    public SearchStrategy create(SearchSpace space, ObjectNode options, long seed) {
      if (space.size().isEmpty()) {
        throw new OptionException("strategy", "the grid takes explicit values, and the space has ranges");
      }
      return new GridSearch(space);
    }
  }
}
