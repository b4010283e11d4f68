package dev.stimulus.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stage produced: bytes per output port with a media type, plus notes for the record's
 * execution block (e.g. the device a model trained on), which are not part of any identity.
 */
public final class StageOutput {

  /** One produced blob. */
  public record Blob(byte[] bytes, String mediaType) {}

  private final Map<String, Blob> blobs = new TreeMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();
  private final Map<String, JsonNode> execution = new TreeMap<>();

  public StageOutput put(String port, byte[] bytes, String mediaType) {
    blobs.put(port, new Blob(bytes, mediaType));
    return this;
  }

  public StageOutput note(String key, String value) {
    notes.put(key, value);
    return this;
  }

  /**
   * A structured field for the record's execution block, such as the {@code platform} a model
   * was trained on; like notes, never part of an identity.
   */
  public StageOutput execution(String field, JsonNode value) {
    execution.put(field, value);
    return this;
  }

  public Map<String, JsonNode> execution() {
    return Collections.unmodifiableMap(execution);
  }

  public Map<String, Blob> blobs() {
    return Collections.unmodifiableMap(blobs);
  }

  public Map<String, String> notes() {
    return Collections.unmodifiableMap(notes);
  }

  public byte[] bytes(String port) {
    Blob b = blobs.get(port);
    if (b == null) {
      throw new IllegalArgumentException("no output on port '" + port + "' (have " + blobs.keySet() + ")");
    }
    return b.bytes();
  }
}
