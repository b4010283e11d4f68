package dev.stimulus.workflows.exec;

import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.Results;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did: every node's outcome, in plan order, and the trials' results.
 *
 * @param nodes one result per plan node, indexed like {@link Plan#nodes()}
 * @param millis wall time of the run
 */
public record RunReport(Plan plan, List<NodeResult> nodes, Results results, long millis) {

  public RunReport {
    nodes = List.copyOf(nodes);
  }

  public List<NodeResult> failures() {
    return nodes.stream().filter(n -> n.status() == Status.FAILED).toList();
  }

  public long count(Status status) {
    return nodes.stream().filter(n -> n.status() == status).count();
  }

  /** Node counts per kind and status. */
  public Map<NodeKind, Map<Status, Integer>> counts() {
    Map<NodeKind, Map<Status, Integer>> out = new EnumMap<>(NodeKind.class);
    for (NodeResult n : nodes) {
      out.computeIfAbsent(n.node().kind(), k -> new EnumMap<>(Status.class)).merge(n.status(), 1, Integer::sum);
    }
    return out;
  }

  public boolean succeeded() {
    return failures().isEmpty() && count(Status.BLOCKED) == 0;
  }

  /** A few lines: counts, then one line per failure. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(plan.trials().size()).append(" trials, ").append(nodes.size()).append(" invocations: ")
        .append(count(Status.DONE)).append(" ran, ").append(count(Status.CACHED)).append(" cached, ")
        .append(count(Status.FAILED)).append(" failed, ").append(count(Status.BLOCKED)).append(" blocked in ")
        .append(String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0));
    for (NodeResult f : failures()) {
      s.append(System.lineSeparator()).append("  failed: ").append(f.node().kind().id()).append(' ')
          .append(f.node().label()).append(": ").append(f.message());
    }
    return s.toString();
  }
}
