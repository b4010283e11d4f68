package dev.stimulus.workflows.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial as the index holds it.
 *
 * @param status {@code ok}, {@code cached} (completed; every invocation a cache hit), {@code failed}
 *     or {@code blocked}
 * @param params the trial's flattened parameters (see {@link dev.stimulus.workflows.plan.Trial#params()})
 * @param metrics the evaluate stage's metrics, or null
 * @param objective the objective value, or null
 * @param keys action keys along the trial's path, by node name
 * @param pathMillis time spent in that run on the trial's invocations (shared ones counted for each
 *     trial that shares them)
 * @param nodes invocations on the trial's path; {@code nodesCached} of them were cache hits
 * @param ran the kinds of the invocations that ran, comma separated, e.g. {@code train,evaluate}
 */
public record IndexedTrial(
    String experiment,
    String runId,
    String startedAt,
    int index,
    String trialId,
    String label,
    String status,
    String message,
    SortedMap<String, JsonNode> params,
    ObjectNode metrics,
    Double objective,
    String model,
    String metricsDigest,
    Map<String, String> keys,
    long pathMillis,
    int nodes,
    int nodesCached,
    String ran,
    String data) {

  public IndexedTrial {
    params = new TreeMap<>(params);
    keys = new TreeMap<>(keys);
  }

  /** Whether the trial completed (ran or was entirely cached). */
  public boolean completed() {
    return "ok".equals(status) || "cached".equals(status);
  }

  /** A metric by {@code fold.metric} path, or null. */
  public Double metric(String path) {
    if (metrics == null) {
      return null;
    }
    JsonNode v = metrics;
    for (String part : path.split("\\.")) {
      v = v.get(part);
      if (v == null) {
        return null;
      }
    }
    return v.isNumber() ? v.doubleValue() : null;
  }
}
