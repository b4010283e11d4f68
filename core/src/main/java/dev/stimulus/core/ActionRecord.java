package dev.stimulus.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The provenance record of one stage invocation, stored at {@code ac/<aa>/<key>.json}: what ran, on
 * which inputs, with which parameters, what it produced, and (outside the identity) how it ran.
 *
 * @param schema record format version
 * @param key the action key: SHA-256 of the canonical identity (see {@link ActionKey})
 * @param stage the stage kind, e.g. {@code split}, {@code transform}, {@code ingest}
 * @param impl the implementation's registered name, e.g. {@code GaussianNoise}
 * @param implVersion bumped whenever the implementation's output for the same input changes
 * @param params parameters with defaults folded in
 * @param inputs named inputs by content
 * @param outputs named outputs by content
 * @param execution how it ran: engine, host, times, versions. Not part of the identity.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRecord(
    int schema,
    Digest key,
    String stage,
    String impl,
    int implVersion,
    JsonNode params,
    SortedMap<String, BlobRef> inputs,
    SortedMap<String, BlobRef> outputs,
    ObjectNode execution) {

  public static final int SCHEMA = 1;

  public ActionRecord {
    inputs = new TreeMap<>(inputs == null ? Map.of() : inputs);
    outputs = new TreeMap<>(outputs == null ? Map.of() : outputs);
  }

  /** Same identity and same output digests: what a duplicate delivery must produce. */
  public boolean sameOutputsAs(ActionRecord other) {
    if (!outputs.keySet().equals(other.outputs.keySet())) {
      return false;
    }
    for (var e : outputs.entrySet()) {
      if (!e.getValue().digest().equals(other.outputs.get(e.getKey()).digest())) {
        return false;
      }
    }
    return true;
  }

  public BlobRef output(String name) {
    BlobRef ref = outputs.get(name);
    if (ref == null) {
      throw new IllegalArgumentException(
          impl + " produced no output named '" + name + "' (it has " + outputs.keySet() + ")");
    }
    return ref;
  }
}
