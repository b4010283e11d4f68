package dev.stimulus.workflows.search;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The search strategies on the class path, by name. */
public final class Strategies {

  private Strategies() {}

  private static TreeMap<String, SearchStrategy.Factory> all() {
    TreeMap<String, SearchStrategy.Factory> out = new TreeMap<>();
    for (SearchStrategy.Factory f : ServiceLoader.load(SearchStrategy.Factory.class, Strategies.class.getClassLoader())) {
      SearchStrategy.Factory earlier = out.putIfAbsent(f.name(), f);
      if (earlier != null && earlier.getClass() != f.getClass()) {
        throw new IllegalStateException("two search strategies are named '" + f.name() + "': "
            + earlier.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return out;
  }

  /** The known strategies' names, sorted. */
  public static List<String> names() {
    return new ArrayList<>(all().keySet());
  }

  /**
   * The strategy named {@code name}.
   *
   * @throws IllegalArgumentException naming the known strategies when there is none of that name
   */
  public static SearchStrategy.Factory find(String name) {
    SearchStrategy.Factory f = all().get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown search strategy '" + name + "' (known: "
          + String.join(", ", names()) + ")");
    }
    return f;
  }
}
