package dev.stimulus.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory {@link ObjectBackend}: for unit tests of the logic above the backend only. */
public final class MemoryBackend implements ObjectBackend {

  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  @Override
  public boolean putIfAbsent(String key, byte[] bytes, Map<String, String> metadata) {
    return objects.putIfAbsent(key, bytes.clone()) == null;
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    objects.put(key, bytes.clone());
  }

  @Override
  public Optional<byte[]> get(String key) {
    byte[] b = objects.get(key);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  @Override
  public List<String> list(String prefix) {
    return objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet().stream().toList();
  }

  @Override
  public String describe() {
    return "memory";
  }

  /** Test hook: replaces an object's bytes behind the store's back, as disk corruption would. */
  public void corrupt(String key, byte[] bytes) {
    objects.put(key, bytes.clone());
  }
}
