package dev.stimulus.workflows.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Stage;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One distinct invocation in a plan. Two trials that would make the same invocation (same stage,
 * implementation, version, resolved params and upstream nodes) share one node.
 *
 * @param index position in {@link Plan#nodes()}; upstream nodes always have smaller indices
 * @param stage the implementation, or null for {@link NodeKind#INGEST}
 * @param params resolved params (defaults folded in); for ingestion {@code {"source": uri}}
 * @param inputs input port -> the upstream node and its output port
 * @param label short readable name, e.g. {@code GaussianNoise[std=0.3]}
 */
public record PlanNode(
    int index, NodeKind kind, Stage stage, ObjectNode params, SortedMap<String, PortRef> inputs, String label) {

  public PlanNode {
    inputs = new TreeMap<>(inputs);
  }

  /** The implementation name recorded in the action key ({@code ingest} for ingestion). */
  public String impl() {
    return stage == null ? "ingest" : stage.name();
  }

  public int version() {
    return stage == null ? 0 : stage.version();
  }

  /** An output port of an upstream node. */
  public record PortRef(int node, String port) {}
}
