package dev.stimulus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stimulus up}, {@code status} and {@code down} as a user runs them: a real conductor-oss
 * server, S3 server and worker process on 127.0.0.1, all stopped again by their recorded PIDs.
 */
class LocalStackCliTest {

  @TempDir Path dir;

  record Result(int code, String out) {}

  Result stimulus(String... args) {
    StringWriter out = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--state";
    all[args.length + 1] = dir.resolve("state").toString();
    int code = Main.execute(all, new PrintWriter(out, true), new PrintWriter(out, true));
    return new Result(code, out.toString());
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    try (var files = Files.list(dir.resolve("state/stack/logs"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        s.append("== ").append(f.getFileName()).append('\n')
            .append(text.length() > 3000 ? text.substring(text.length() - 3000) : text).append('\n');
      }
    } catch (java.io.IOException e) {
      s.append("(no logs: ").append(e).append(')');
    }
    return s.toString();
  }

  @Test
  void upStartsTheStackStatusReportsItAndDownStopsEveryProcess() throws Exception {
    // The worker module's build has put the boot jar in the local Maven repository; without it,
    // 'up' would fetch it through Maven itself.
    Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "conductoross",
        "conductor-server", "3.32.3", "conductor-server-3.32.3-boot.jar");
    List<String> up = new ArrayList<>(List.of("up", "--workers", "1"));
    if (Files.isRegularFile(jar)) {
      up.addAll(List.of("--conductor-jar", jar.toString()));
    }
    List<Long> pids = new ArrayList<>();
    try {
      Result started = stimulus(up.toArray(String[]::new));
      JsonNode stack = CanonicalJson.MAPPER.readTree(dir.resolve("state/stack/stack.json").toFile());
      pids.add(stack.path("conductor").path("pid").asLong());
      pids.add(stack.path("s3").path("pid").asLong());
      stack.path("workers").forEach(w -> pids.add(w.path("pid").asLong()));
      assertEquals(0, started.code(), started.out());
      assertTrue(started.out().contains("registered task definitions and workflows stimulus_trial, stimulus_sweep"),
          started.out());
      assertEquals(3, pids.size(), stack.toString());
      for (long pid : pids) {
        assertTrue(LocalStack.alive(pid), "process " + pid + " runs; " + stack + "\n" + logs());
      }

      Result status = stimulus("status");
      assertEquals(0, status.code(), status.out());
      assertTrue(status.out().contains("healthy") && status.out().contains("workers:   1/1 running"), status.out());
    } finally {
      Result down = stimulus("down");
      assertEquals(0, down.code(), down.out());
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (pids.stream().anyMatch(LocalStack::alive) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    for (long pid : pids) {
      assertFalse(LocalStack.alive(pid), "process " + pid + " was stopped by 'down'");
    }
    Result after = stimulus("status");
    assertEquals(1, after.code(), after.out());
    assertTrue(after.out().contains("not running"), after.out());
  }
}
