package dev.stimulus.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few object-store operations the artifact store needs. The production implementation talks S3
 * (any endpoint, including the embedded S3Proxy); {@link MemoryBackend} exists for unit tests of the
 * logic above it.
 *
 * <p>Keys are relative to the store's prefix; implementations add the prefix.
 */
public interface ObjectBackend extends AutoCloseable {

  /**
   * Creates {@code key} only if it does not exist yet ({@code If-None-Match: *}). Atomic: of many
   * concurrent callers exactly one gets {@code true}.
   *
   * @return true if this call created the object, false if it already existed
   */
  boolean putIfAbsent(String key, byte[] bytes, Map<String, String> metadata);

  /** Unconditional write. Used only for quarantine copies, never for cas/ or ac/. */
  void put(String key, byte[] bytes, Map<String, String> metadata);

  /** The object's bytes, or empty when absent. */
  Optional<byte[]> get(String key);

  boolean exists(String key);

  /** Deletes the key; absent keys are fine. */
  void delete(String key);

  /** Every key starting with {@code prefix}, in lexicographic order. */
  List<String> list(String prefix);

  /** Where this backend stores, for messages: e.g. {@code s3://bucket/prefix at http://127.0.0.1:9000}. */
  String describe();

  @Override
  default void close() {}
}
