package dev.stimulus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.StoreConfig;
import dev.stimulus.worker.LocalConductorServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local Conductor stack (infra/local): the conductor-oss server (SQLite under the state
 * directory, loopback), a standalone S3 server (S3Proxy over {@code <state>/s3}, the same files
 * the embedded store uses) and worker processes. Everything lives under {@code <state>/stack/}:
 * {@code stack.json} (ports, PIDs, S3 credentials; readable by this user only), logs, the
 * Conductor database. Processes are stopped by their recorded PID, never by name.
 */
final class LocalStack {

  static final String CONDUCTOR_VERSION = "3.32.3";
  static final String CONDUCTOR_ARTIFACT = "org.conductoross:conductor-server:" + CONDUCTOR_VERSION + ":jar:boot";

  private final Path state;
  private final Path dir;

  LocalStack(Path state) {
    this.state = state.toAbsolutePath().normalize();
    this.dir = this.state.resolve("stack");
  }

  Path file() {
    return dir.resolve("stack.json");
  }

  Path logs() {
    return dir.resolve("logs");
  }

  /** The recorded stack, if {@code stimulus up} wrote one. */
  Optional<ObjectNode> read() {
    if (!Files.isRegularFile(file())) {
      return Optional.empty();
    }
    try {
      return Optional.of((ObjectNode) CanonicalJson.MAPPER.readTree(file().toFile()));
    } catch (IOException | ClassCastException e) {
      throw new Main.UserError("cannot read " + file() + ": " + e.getMessage() + " (remove it, then 'stimulus up')");
    }
  }

  /** The stack's Conductor URL while its server runs. */
  static Optional<URI> conductor(Path state) {
    return new LocalStack(state).read().filter(s -> alive(s.path("conductor").path("pid").asLong()))
        .map(s -> URI.create(s.path("conductor").path("url").asText()));
  }

  /** The stack's S3 store while its server runs. */
  static Optional<StoreConfig> store(Path state) {
    return new LocalStack(state).read().filter(s -> alive(s.path("s3").path("pid").asLong())).map(s -> {
      JsonNode s3 = s.path("s3");
      return new StoreConfig(URI.create(s3.path("endpoint").asText()), "us-east-1", s3.path("bucket").asText(), "",
          s3.path("accessKey").asText(), s3.path("secretKey").asText());
    });
  }

  /** Starts whatever is not running; returns the stack description. */
  ObjectNode up(Path conductorJar, int workers, List<String> workerArgs, java.io.PrintWriter out)
      throws IOException, InterruptedException {
    Files.createDirectories(logs());
    ObjectNode stack = read().orElseGet(CanonicalJson.MAPPER::createObjectNode);

    ObjectNode s3 = stack.with("s3");
    if (!alive(s3.path("pid").asLong())) {
      Path info = dir.resolve("s3.json");
      Files.deleteIfExists(info);
      int port = freePort();
      Process p = spawn(List.of("s3-server", "--dir", state.resolve("s3").toString(), "--port", Integer.toString(port),
          "--info", info.toString()), "s3");
      JsonNode i = waitForFile(info, p, Duration.ofSeconds(60), "S3 server");
      s3.removeAll();
      s3.setAll((ObjectNode) i);
      s3.put("pid", p.pid());
      out.println("S3 server:        " + s3.path("endpoint").asText() + " (files in " + state.resolve("s3") + ")");
    } else {
      out.println("S3 server:        " + s3.path("endpoint").asText() + " (already running)");
    }
    write(stack);

    ObjectNode conductor = stack.with("conductor");
    if (!alive(conductor.path("pid").asLong())) {
      int port = freePort();
      Path data = dir.resolve("conductor");
      Files.createDirectories(data);
      Path props = LocalConductorServer.writeProperties(data, port, Duration.ofSeconds(5));
      List<String> cmd = LocalConductorServer.command(java(), conductorJar, props, data.resolve("server.jsa"), List.of());
      Process p = new ProcessBuilder(cmd).directory(data.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve("conductor.log").toFile())).start();
      conductor.put("pid", p.pid());
      conductor.put("url", "http://127.0.0.1:" + port);
      write(stack);
      out.println("Conductor server: starting on http://127.0.0.1:" + port + " (log: " + logs().resolve("conductor.log")
          + "); waiting for /health ...");
      out.flush();
      waitForHealth(URI.create(conductor.path("url").asText()), p, Duration.ofMinutes(5));
    }
    out.println("Conductor server: " + conductor.path("url").asText() + " (Swagger UI: " + conductor.path("url").asText()
        + "/swagger-ui/index.html)");

    ArrayNode ws = stack.withArray("workers");
    List<JsonNode> alive = new ArrayList<>();
    ws.forEach(w -> {
      if (alive(w.path("pid").asLong())) {
        alive.add(w);
      }
    });
    ws.removeAll();
    alive.forEach(ws::add);
    for (int i = ws.size(); i < workers; i++) {
      List<String> args = new ArrayList<>(List.of("worker", "--state", state.toString(), "--id", "local-" + (i + 1)));
      args.addAll(workerArgs);
      Process p = spawn(args, "worker-" + (i + 1));
      ws.addObject().put("pid", p.pid()).put("log", logs().resolve("worker-" + (i + 1) + ".log").toString());
    }
    write(stack);
    out.println("workers:          " + ws.size() + " process(es) (logs in " + logs() + ")");
    return stack;
  }

  /** Stops every recorded process: TERM, then KILL after a grace period. */
  void down(java.io.PrintWriter out) throws IOException {
    Optional<ObjectNode> s = read();
    if (s.isEmpty()) {
      out.println("no local stack recorded in " + file());
      return;
    }
    List<long[]> pids = new ArrayList<>();
    s.get().path("workers").forEach(w -> pids.add(new long[] {w.path("pid").asLong()}));
    pids.add(new long[] {s.get().path("conductor").path("pid").asLong()});
    pids.add(new long[] {s.get().path("s3").path("pid").asLong()});
    for (long[] pid : pids) {
      ProcessHandle.of(pid[0]).filter(LocalStack::ours).ifPresent(ProcessHandle::destroy);
    }
    for (long[] pid : pids) {
      ProcessHandle.of(pid[0]).filter(LocalStack::ours).ifPresent(h -> {
        try {
          h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      });
    }
    Files.deleteIfExists(file());
    Files.deleteIfExists(dir.resolve("s3.json"));
    out.println("local stack stopped (data kept in " + state + ")");
  }

  /** Only processes this stack started: a recycled PID of some other program is left alone. */
  private static boolean ours(ProcessHandle h) {
    String cmd = h.info().commandLine().orElse("");
    return cmd.contains("conductor-server") || cmd.contains("stimulus-cli") || cmd.contains("dev.stimulus");
  }

  static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(h -> h.isAlive() && ours(h)).orElse(false);
  }

  private Process spawn(List<String> args, String name) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-Xss4m", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        Main.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve(name + ".log").toFile()));
    // The class path goes through the environment, not -cp: a long class path would push the main
    // class past what the kernel shows of a command line, and ours() recognises our processes by it.
    pb.environment().putAll(Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true",
        "CLASSPATH", System.getProperty("java.class.path")));
    return pb.start();
  }

  private void write(ObjectNode stack) throws IOException {
    Path tmp = dir.resolve("stack.json.tmp");
    Files.writeString(tmp, stack.toPrettyString());
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonNode waitForFile(Path file, Process p, Duration limit, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file)) {
        return CanonicalJson.MAPPER.readTree(file.toFile());
      }
      if (!p.isAlive()) {
        throw new Main.UserError("the " + what + " exited with code " + p.exitValue() + " (see its log)");
      }
      Thread.sleep(100);
    }
    throw new Main.UserError("the " + what + " did not start within " + limit.toSeconds() + " s (see its log)");
  }

  static void waitForHealth(URI url, Process p, Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (p != null && !p.isAlive()) {
        throw new Main.UserError("the Conductor server exited with code " + p.exitValue() + " (see its log)");
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new Main.UserError("Conductor at " + url + " did not answer /health within " + limit.toMinutes() + " minutes");
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The Conductor boot jar: {@code --conductor-jar}, else {@code <state>/conductor/}, else fetched
   * there through Maven ({@code dependency:copy}; it comes from the local repository when cached).
   */
  Path conductorJar(Path given, java.io.PrintWriter out) throws IOException, InterruptedException {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new Main.UserError("--conductor-jar " + given + ": no such file");
      }
      return given.toAbsolutePath();
    }
    Path target = state.resolve("conductor").resolve("conductor-server-" + CONDUCTOR_VERSION + "-boot.jar");
    if (Files.isRegularFile(target)) {
      return target;
    }
    String root = System.getenv("STIMULUS_ROOT");
    String mvn = root != null && Files.isExecutable(Path.of(root, "mvnw")) ? Path.of(root, "mvnw").toString() : "mvn";
    out.println("fetching the Conductor server (" + CONDUCTOR_ARTIFACT + ", ~460 MB on first use) through Maven ...");
    out.flush();
    Files.createDirectories(target.getParent());
    Process p = new ProcessBuilder(mvn, "-q", "-ntp", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
        "-Dartifact=" + CONDUCTOR_ARTIFACT, "-DoutputDirectory=" + target.getParent())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
            Files.createDirectories(logs()).resolve("fetch.log").toFile())).start();
    if (p.waitFor() != 0 || !Files.isRegularFile(target)) {
      throw new Main.UserError("could not fetch " + CONDUCTOR_ARTIFACT + " with " + mvn + " (log: " + logs().resolve("fetch.log")
          + "); download it and pass --conductor-jar FILE");
    }
    return target;
  }
}
