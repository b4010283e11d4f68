package dev.stimulus.stages.encode;

import dev.stimulus.stages.StageException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The column encoders on the class path, by name (built-ins and user jars). */
final class ColumnEncoders {

  private final Map<String, ColumnEncoder> byName = new TreeMap<>();

  private ColumnEncoders(Iterable<ColumnEncoder> encoders) {
    for (ColumnEncoder e : encoders) {
      ColumnEncoder previous = byName.putIfAbsent(e.name(), e);
      if (previous != null && previous.getClass() != e.getClass()) {
        throw new IllegalStateException("two column encoders are registered as '" + e.name() + "': "
            + previous.getClass().getName() + " and " + e.getClass().getName());
      }
    }
  }

  static ColumnEncoders load() {
    return new ColumnEncoders(ServiceLoader.load(ColumnEncoder.class, ColumnEncoders.class.getClassLoader()));
  }

  /** @throws StageException listing the known encoders */
  ColumnEncoder find(String name, String where) {
    ColumnEncoder e = byName.get(name);
    if (e == null) {
      throw new StageException(where + ": unknown encoder '" + name + "' (known: " + String.join(", ", byName.keySet()) + ")");
    }
    return e;
  }
}
