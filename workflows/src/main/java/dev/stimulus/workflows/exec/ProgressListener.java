package dev.stimulus.workflows.exec;

import dev.stimulus.workflows.plan.PlanNode;

/**
 * Receives progress from {@link LocalExecutor#run}. Calls are serialised by the executor, so an
 * implementation need not be thread-safe, but it should return quickly.
 */
public interface ProgressListener {

  ProgressListener NONE = event -> {};

  /** A node changed status. */
  void onEvent(ProgressEvent event);

  /** Progress inside a running stage, e.g. training epochs. */
  default void onStageProgress(PlanNode node, long done, long total, String message) {}
}
