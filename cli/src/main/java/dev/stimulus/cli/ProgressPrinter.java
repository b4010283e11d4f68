package dev.stimulus.cli;

import dev.stimulus.workflows.exec.ProgressEvent;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.plan.NodeKind;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.plan.PlanNode;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: one bar over all invocations whose message says, per stage, how many of
 * how many are finished and how many were cache hits, plus what is running now. On a terminal the
 * bar redraws in place; otherwise (CI logs, pipes) each finished stage kind prints one line.
 */
final class ProgressPrinter implements ProgressListener, AutoCloseable {

  private final Map<NodeKind, int[]> perKind = new EnumMap<>(NodeKind.class); // done, total, cached, failed, blocked
  private final ProgressBar bar;
  private final PrintWriter log;
  private String running = "";

  ProgressPrinter(Plan plan, PrintWriter out, boolean interactive) {
    for (PlanNode n : plan.nodes()) {
      perKind.computeIfAbsent(n.kind(), k -> new int[5])[1]++;
    }
    if (interactive) {
      this.bar = new ProgressBarBuilder().setTaskName("run").setInitialMax(plan.nodes().size())
          .setStyle(ProgressBarStyle.ASCII).continuousUpdate().setUpdateIntervalMillis(250)
          .setMaxRenderedLength(160).build();
      this.log = null;
    } else {
      this.bar = null;
      this.log = out;
    }
  }

  @Override
  public void onEvent(ProgressEvent e) {
    int[] c = perKind.get(e.kind());
    switch (e.status()) {
      case STARTED -> running = e.kind().id() + " " + e.node().label();
      case WAITING -> running = e.kind().id() + " " + e.node().label() + " (waiting: " + e.message() + ")";
      case CACHED, DONE, FAILED, BLOCKED -> {
        c[0]++;
        if (e.status() == Status.CACHED) {
          c[2]++;
        } else if (e.status() == Status.FAILED) {
          c[3]++;
        } else if (e.status() == Status.BLOCKED) {
          c[4]++;
        }
        if (bar != null) {
          bar.step();
        }
        if (e.status() == Status.FAILED && log != null) {
          log.println("  failed: " + e.kind().id() + " " + e.node().label() + ": " + e.message());
        }
        if (log != null && c[0] == c[1]) {
          log.printf(Locale.ROOT, "  %-9s %d/%d finished: %d cache hits%s%n", e.kind().id(), c[0], c[1], c[2],
              (c[3] > 0 ? ", " + c[3] + " failed" : "") + (c[4] > 0 ? ", " + c[4] + " blocked by a failure upstream" : ""));
        }
      }
    }
    if (bar != null) {
      bar.setExtraMessage(summary());
    }
  }

  @Override
  public void onStageProgress(PlanNode node, long done, long total, String message) {
    running = node.kind().id() + " " + node.label() + " " + done + "/" + total
        + (message == null || message.isEmpty() ? "" : " " + message);
    if (bar != null) {
      bar.setExtraMessage(summary());
    }
  }

  /** {@code split 2/2 (2 hit) · transform 3/6 · ... | running: train mlp[...] 4/20}. */
  String summary() {
    StringJoiner j = new StringJoiner(" · ");
    perKind.forEach((k, c) -> {
      if (k != NodeKind.INGEST) {
        j.add(k.id() + " " + c[0] + "/" + c[1] + (c[2] > 0 ? " (" + c[2] + " hit)" : "")
            + (c[3] + c[4] > 0 ? " (" + (c[3] + c[4]) + " failed)" : ""));
      }
    });
    return j + (running.isEmpty() ? "" : " | " + running);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
