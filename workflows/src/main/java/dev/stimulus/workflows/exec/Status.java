package dev.stimulus.workflows.exec;

/** Where a plan node stands during and after a run. */
public enum Status {
  /** The stage started computing (its action was not in the store). */
  STARTED,
  /** Another process holds the node's lease; this run waits for its result. */
  WAITING,
  /** The action was already in the store: its recorded outputs were reused. */
  CACHED,
  /** The stage ran and its outputs were committed. */
  DONE,
  /** The stage failed; the message says why. */
  FAILED,
  /** Not run because an upstream node failed. */
  BLOCKED;

  /** Whether the node ended with usable outputs. */
  public boolean succeeded() {
    return this == CACHED || this == DONE;
  }
}
