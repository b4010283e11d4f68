package dev.stimulus.stages;

import java.util.Map;
import java.util.TreeMap;

/** A stage's inputs by port name: already verified bytes from the store. */
public final class StageInput {
  private final Map<String, byte[]> ports;

  public StageInput(Map<String, byte[]> ports) {
    this.ports = new TreeMap<>(ports);
  }

  public static StageInput of(String port, byte[] bytes) {
    return new StageInput(Map.of(port, bytes));
  }

  public byte[] bytes(String port) {
    byte[] b = ports.get(port);
    if (b == null) {
      throw new IllegalArgumentException("no input on port '" + port + "' (have " + ports.keySet() + ")");
    }
    return b;
  }

  public java.util.Set<String> portNames() {
    return ports.keySet();
  }
}
