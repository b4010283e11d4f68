package dev.stimulus.worker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real conductor-oss server per test JVM (SQLite persistence, loopback, a free port), started
 * on first use from the boot jar the build copies to target/conductor/, stopped at JVM exit.
 */
final class ConductorServer {

  private static volatile ConductorServer shared;

  final URI url;
  final Process process;
  final Path dir;

  private ConductorServer(URI url, Process process, Path dir) {
    this.url = url;
    this.process = process;
    this.dir = dir;
  }

  static synchronized ConductorServer get() throws Exception {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static ConductorServer start() throws Exception {
    Path jar = Path.of(System.getProperty("stimulus.conductor.jar", "target/conductor/conductor-server-boot.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the Conductor server jar is missing at " + jar
          + " (the worker module's build copies it in generate-test-resources)");
    }
    Path dir = Files.createTempDirectory("stimulus-conductor-test-");
    int port = freePort();
    // Re-evaluate running workflows soon, so response timeouts of killed workers fire within seconds.
    Path props = LocalConductorServer.writeProperties(dir, port, Duration.ofSeconds(2));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = LocalConductorServer.command(java, jar.toAbsolutePath(), props,
        jar.resolveSibling("conductor-server.jsa"), List.of("-Xss1m"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException ignored) {
        p.destroyForcibly();
      }
    }));
    URI url = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the Conductor server exited with " + p.exitValue() + "; log: "
            + dir.resolve("server.log"));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return new ConductorServer(url, p, dir);
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the Conductor server did not answer /health within 4 minutes; log: "
        + dir.resolve("server.log"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
