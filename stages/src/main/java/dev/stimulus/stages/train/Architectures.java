package dev.stimulus.stages.train;

import dev.stimulus.stages.StageException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The architectures on the class path, by name. */
final class Architectures {

  private Architectures() {}

  static Architecture find(String name) {
    Map<String, Architecture> known = new TreeMap<>();
    for (Architecture a : ServiceLoader.load(Architecture.class, Architectures.class.getClassLoader())) {
      known.putIfAbsent(a.name(), a);
    }
    Architecture a = known.get(name);
    if (a == null) {
      throw new StageException("unknown architecture '" + name + "' (known: " + String.join(", ", known.keySet()) + ")");
    }
    return a;
  }
}
