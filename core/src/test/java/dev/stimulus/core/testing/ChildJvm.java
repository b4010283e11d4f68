package dev.stimulus.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a child JVM on the module's test class path, with an
 * environment of the test's choosing: how tests simulate another CPU or another worker process.
 * The kernel switches that select CPU capabilities are removed from what the child inherits, so
 * each child sees only what its test gives it.
 */
public final class ChildJvm {

  /** Environment variables that choose native kernels; never inherited from the parent. */
  public static final List<String> KERNEL_SWITCHES = List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA",
      "DNNL_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS", "MKL_CBWR", "STIMULUS_REPRODUCIBILITY");

  private ChildJvm() {}

  /**
   * Runs {@code mainClass} with {@code args} and returns what it printed (stdout and stderr).
   *
   * @throws AssertionError when it does not exit 0 within the time limit
   */
  public static String run(Class<?> mainClass, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String cp = Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator
        + Path.of("target/classes").toAbsolutePath() + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("stimulus.test.classpath", "target/test-classpath.txt"))).strip();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp", cp, mainClass.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    KERNEL_SWITCHES.forEach(pb.environment()::remove);
    pb.environment().putAll(Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true"));
    pb.environment().putAll(env);
    Path log = Files.createTempFile("stimulus-child-", ".log");
    try {
      Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(mainClass.getSimpleName() + " " + env + " did not finish in 5 minutes:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(mainClass.getSimpleName() + " " + env + " exited " + p.exitValue() + ":\n" + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The value of the first {@code name=value} line of a child's output, or null. */
  public static String value(String output, String name) {
    return output.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
        .findFirst().orElse(null);
  }
}
