package dev.stimulus.workflows.exec;

import dev.stimulus.core.BlobRef;
import dev.stimulus.core.Digest;
import dev.stimulus.workflows.plan.PlanNode;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How one plan node ended.
 *
 * @param status {@link Status#CACHED}, {@link Status#DONE}, {@link Status#FAILED} or {@link Status#BLOCKED}
 * @param key the action key, or null when it could not be computed (blocked)
 * @param outputs output port -> blob, empty unless the node succeeded
 * @param message the failure, the upstream failure for a blocked node, or a warning; else empty
 * @param millis time spent on the node in this run
 */
public record NodeResult(
    PlanNode node, Status status, Digest key, SortedMap<String, BlobRef> outputs, String message, long millis) {

  public NodeResult {
    outputs = new TreeMap<>(outputs == null ? java.util.Map.of() : outputs);
    message = message == null ? "" : message;
  }
}
