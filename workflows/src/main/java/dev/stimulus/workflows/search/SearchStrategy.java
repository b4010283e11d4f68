package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.SearchSpace;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A way of exploring an experiment's {@link SearchSpace}, asked for configurations in batches and
 * told how they did (ask/tell). Strategies are found by name through {@link java.util.ServiceLoader}
 * ({@link Factory}); the built-ins are {@code grid}, {@code random}, {@code sobol} and {@code tpe}.
 * Every random choice comes from the seed given to {@link Factory#create}: the same experiment
 * (seed, space, results told) gives the same configurations.
 */
public interface SearchStrategy {

  /**
   * Up to {@code n} configurations to run next. Fewer (or none) means the strategy has nothing
   * more to propose. A strategy may propose a configuration again; the runner skips repeats.
   */
  List<SearchSpace.Point> ask(int n);

  /**
   * How asked configurations did. Lower loss is better; empty when every trial of it failed.
   * Strategies that do not learn (grid, random, Sobol) ignore it.
   */
  default void tell(List<Observation> observations) {}

  /** One configuration's outcome: its loss (the objective, negated when it is maximised). */
  record Observation(SearchSpace.Point point, OptionalDouble loss) {}

  /** A bad strategy option; {@code key} is its name under {@code search}, or null for the strategy. */
  final class OptionException extends IllegalArgumentException {
    private final String key;

    public OptionException(String key, String message) {
      super(message);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** Makes a strategy; registered in {@code META-INF/services/dev.stimulus.workflows.search.SearchStrategy$Factory}. */
  interface Factory {
    /** The name under {@code search.strategy}. */
    String name();

    /** One line for listings and messages. */
    String description();

    /** Whether the strategy samples (takes ranges and a budget) rather than listing every point (the grid). */
    boolean samples();

    /** The strategy's own keys under {@code search} (besides strategy, budget, batch, replicates). */
    default List<String> options() {
      return List.of();
    }

    /** Whether the strategy learns from the objective (so the experiment must name one). */
    default boolean needsObjective() {
      return false;
    }

    /** The batch size when the file gives none: by default the whole budget in one batch. */
    default int defaultBatch(int budget) {
      return budget;
    }

    /**
     * A fresh strategy over {@code space}.
     *
     * @param options the strategy's own keys under {@code search}, as given (only known keys)
     * @param seed the experiment seed
     * @throws OptionException when an option's value or the space does not suit the strategy
     */
    SearchStrategy create(SearchSpace space, ObjectNode options, long seed);
  }
}
