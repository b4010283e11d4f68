package dev.stimulus.stages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every stage implementation on the class path, found through {@link ServiceLoader}: the built-ins
 * and any user jar that registers {@code dev.stimulus.stages.Stage}.
 */
public final class Catalogue {

  private final Map<StageKind, Map<String, Stage>> byKind = new TreeMap<>();

  private Catalogue(Iterable<Stage> stages) {
    for (StageKind k : StageKind.values()) {
      byKind.put(k, new TreeMap<>());
    }
    for (Stage s : stages) {
      Stage previous = byKind.get(s.kind()).putIfAbsent(s.name(), s);
      if (previous != null && previous.getClass() != s.getClass()) {
        throw new IllegalStateException(
            "two " + s.kind().id() + " stages are registered as '" + s.name() + "': "
                + previous.getClass().getName() + " and " + s.getClass().getName());
      }
    }
  }

  /** The catalogue of the current class path. */
  public static Catalogue load() {
    return new Catalogue(ServiceLoader.load(Stage.class, Catalogue.class.getClassLoader()));
  }

  /** A catalogue of exactly these stages (tests). */
  public static Catalogue of(List<Stage> stages) {
    return new Catalogue(stages);
  }

  /**
   * The stage of that kind and name.
   *
   * @throws StageException listing the known names when there is none
   */
  public Stage find(StageKind kind, String name) {
    Stage s = byKind.get(kind).get(name);
    if (s == null) {
      throw new StageException("unknown " + kind.id() + " stage '" + name + "' (known: "
          + String.join(", ", byKind.get(kind).keySet()) + ")");
    }
    return s;
  }

  public List<Stage> all() {
    List<Stage> out = new ArrayList<>();
    byKind.values().forEach(m -> out.addAll(m.values()));
    out.sort(Comparator.comparing((Stage s) -> s.kind()).thenComparing(Stage::name));
    return out;
  }

  public List<Stage> ofKind(StageKind kind) {
    return List.copyOf(byKind.get(kind).values());
  }
}
