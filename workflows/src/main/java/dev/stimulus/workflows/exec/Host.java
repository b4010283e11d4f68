package dev.stimulus.workflows.exec;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** This machine and process, for execution blocks and lease owners (never part of an identity). */
final class Host {

  private static final String NAME = lookupName();
  private static final AtomicInteger EXECUTORS = new AtomicInteger();

  private Host() {}

  static String name() {
    return NAME;
  }

  /** {@code host/pid/n}: distinct for every executor, so two runs in one JVM do not share leases. */
  static String owner() {
    return NAME + "/" + ProcessHandle.current().pid() + "/" + EXECUTORS.incrementAndGet();
  }

  private static String lookupName() {
    // The environment first: a reverse DNS lookup can stall for seconds on a misconfigured host.
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }
}
