package dev.stimulus.workflows.exec;

import dev.stimulus.core.Digest;
import dev.stimulus.workflows.plan.NodeKind;
import java.util.Collections;
import java.util.Map;

/**
 * What a run of a plan would find in the store, computed without running anything: a node is
 * cached when its action key is known (every upstream output is known) and recorded; it is to run
 * when its key is known but not recorded; below a node to run, keys depend on outputs that do not
 * exist yet, so those nodes are unknown (they may still turn out cached, by early cutoff).
 *
 * @param counts per node kind, in pipeline order
 * @param keys node index -> action key, for every node whose key is known
 * @param trialsComplete trials whose evaluation is already recorded
 */
public record CacheEstimate(Map<NodeKind, Counts> counts, Map<Integer, Digest> keys, int trialsComplete) {

  public CacheEstimate {
    counts = Collections.unmodifiableMap(counts);
    keys = Collections.unmodifiableMap(keys);
  }

  /** Nodes of one kind by what the store knows of them. */
  public record Counts(int cached, int toRun, int unknown) {
    public int total() {
      return cached + toRun + unknown;
    }
  }

  public int cached() {
    return counts.values().stream().mapToInt(Counts::cached).sum();
  }

  /** e.g. {@code split 2/2 cached, transform 4/6 cached, 2 to run, encode 4/6 cached, 2 unknown, ...}. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    for (var e : counts.entrySet()) {
      Counts c = e.getValue();
      if (!s.isEmpty()) {
        s.append("; ");
      }
      s.append(e.getKey().id()).append(' ').append(c.cached()).append('/').append(c.total()).append(" cached");
      if (c.toRun() > 0) {
        s.append(", ").append(c.toRun()).append(" to run");
      }
      if (c.unknown() > 0) {
        s.append(", ").append(c.unknown()).append(" unknown");
      }
    }
    return s.toString();
  }
}
