package dev.stimulus.workflows.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial's outcome.
 *
 * @param status {@code ok}, {@code failed} (a node of its path failed) or {@code blocked}
 * @param message why it did not complete; else empty
 * @param params flattened parameters (see {@link dev.stimulus.workflows.plan.Trial#params()})
 * @param metrics the evaluate stage's metrics JSON ({@code {fold: {metric: value}}}), or null
 * @param objective the objective's value, if the trial has it
 * @param model the trained model's digest, or null
 * @param metricsDigest the metrics blob's digest, or null
 * @param keys action keys along the path: ingest, split, transform (or transform#1...), encode,
 *     train, evaluate; a node that never got a key is absent
 */
public record TrialResult(
    int index,
    String id,
    String label,
    String status,
    String message,
    SortedMap<String, JsonNode> params,
    ObjectNode metrics,
    OptionalDouble objective,
    Digest model,
    Digest metricsDigest,
    Map<String, Digest> keys) {

  public TrialResult {
    params = new TreeMap<>(params);
    keys = new LinkedHashMap<>(keys);
    message = message == null ? "" : message;
  }

  public boolean ok() {
    return "ok".equals(status);
  }
}
