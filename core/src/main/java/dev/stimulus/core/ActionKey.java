package dev.stimulus.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes action keys: SHA-256 of the canonical JSON {@code {schema, stage, impl, implVersion,
 * params, inputs{name -> digest}}}. Inputs enter by content digest only, which is what gives early
 * cutoff: byte-identical upstream output means an identical key downstream.
 */
public final class ActionKey {

  private ActionKey() {}

  public static Digest of(
      String stage, String impl, int implVersion, JsonNode params, Map<String, Digest> inputs) {
    ObjectNode identity = CanonicalJson.MAPPER.createObjectNode();
    identity.put("schema", ActionRecord.SCHEMA);
    identity.put("stage", stage);
    identity.put("impl", impl);
    identity.put("implVersion", implVersion);
    identity.set("params", params == null ? CanonicalJson.MAPPER.createObjectNode() : params);
    ObjectNode in = identity.putObject("inputs");
    new TreeMap<>(inputs).forEach((name, digest) -> in.put(name, digest.hex()));
    return CanonicalJson.digest(identity);
  }

  /** A seed for a stage's random components: independent per action, reproducible per key. */
  public static long seedOf(Digest actionKey) {
    return actionKey.prefixLong();
  }
}
