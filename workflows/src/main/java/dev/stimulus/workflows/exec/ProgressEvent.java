package dev.stimulus.workflows.exec;

import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.PlanNode;

/**
 * A node changed status.
 *
 * @param done nodes of this kind finished so far (cached, done, failed or blocked)
 * @param total nodes of this kind in the plan
 * @param message why it failed or was blocked, or who holds the lease it waits on; else empty
 */
public record ProgressEvent(NodeKind kind, PlanNode node, Status status, int done, int total, String message) {}
