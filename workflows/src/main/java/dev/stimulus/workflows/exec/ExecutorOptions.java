package dev.stimulus.workflows.exec;

import java.time.Duration;

/**
 * How the local executor runs.
 *
 * @param threads worker threads for non-training nodes
 * @param stageThreads threads each stage may use (StageContext.threads)
 * @param leaseTtl how long a claim on an action lasts; a crashed run's claims expire after it
 * @param pollInterval how often to look again while another process holds a node's lease
 * @param owner who claims leases, for messages; unique per executor
 */
public record ExecutorOptions(int threads, int stageThreads, Duration leaseTtl, Duration pollInterval, String owner) {

  public ExecutorOptions {
    if (threads < 1 || stageThreads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
  }

  /** As many workers as cores, one thread per stage, one-hour leases polled every half second. */
  public static ExecutorOptions defaults() {
    return new ExecutorOptions(Math.max(1, Runtime.getRuntime().availableProcessors()), 1,
        Duration.ofHours(1), Duration.ofMillis(500), Host.owner());
  }

  public ExecutorOptions withThreads(int n) {
    return new ExecutorOptions(n, stageThreads, leaseTtl, pollInterval, owner);
  }

  public ExecutorOptions withStageThreads(int n) {
    return new ExecutorOptions(threads, n, leaseTtl, pollInterval, owner);
  }

  public ExecutorOptions withLeases(Duration ttl, Duration poll) {
    return new ExecutorOptions(threads, stageThreads, ttl, poll, owner);
  }
}
