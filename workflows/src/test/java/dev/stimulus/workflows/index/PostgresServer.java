package dev.stimulus.workflows.index;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private Postgres cluster on 127.0.0.1 for tests: {@code initdb} into a temporary directory,
 * {@code pg_ctl start} on a free port (Unix socket in the same directory), {@code pg_ctl stop} on
 * close. The server binaries come from {@code $STIMULUS_PG_BIN}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), else {@code pg_ctl} on the PATH.
 * Postgres refuses to run as root, so as root every command runs as the {@code postgres} system user
 * (or {@code nobody}) through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {

  private final Path bin;
  private final Path dir;
  private final List<String> asUser;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin, Path dir, List<String> asUser, int port) {
    this.bin = bin;
    this.dir = dir;
    this.asUser = asUser;
    this.port = port;
  }

  /** Where the server binaries are, or null with the reason in {@code why[0]}. */
  public static Path binaries(String[] why) {
    String env = System.getenv("STIMULUS_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Path best = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())))
            .orElse(null);
        if (best != null) {
          return best;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb"))) {
        return Path.of(p);
      }
    }
    why[0] = "no Postgres server binaries (initdb, pg_ctl): install Debian's postgresql package"
        + " (.ci/run does) or set STIMULUS_PG_BIN";
    return null;
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Starts a cluster; throws with the server's own output when it cannot. */
  public static PostgresServer start(Path bin) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("stimulus-pg-");
    List<String> asUser = new ArrayList<>();
    String owner = null;
    if ("root".equals(System.getProperty("user.name"))) {
      owner = run(List.of("id", "-u", "postgres"), null).code == 0 ? "postgres" : "nobody";
      asUser = List.of("runuser", "-u", owner, "--");
      check(run(List.of("chown", owner, dir.toString()), null), "chown " + dir);
    }
    Path data = dir.resolve("data");
    check(run(cmd(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust",
        "-U", "stimulus", "-E", "UTF8", "--no-instructions"), null), "initdb");
    Outcome last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      last = run(cmd(asUser, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), null);
      if (last.code == 0) {
        return new PostgresServer(bin, dir, asUser, port);
      }
    }
    String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
    throw new IOException("pg_ctl start failed: " + last.output + "\n" + log);
  }

  /** A fresh, empty database; its JDBC URL. */
  public String newDatabase() throws SQLException {
    String name = "index_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=stimulus";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(cmd(asUser, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "fast",
        "stop"), null);
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static List<String> cmd(List<String> prefix, String... args) {
    List<String> out = new ArrayList<>(prefix);
    out.addAll(List.of(args));
    return out;
  }

  private record Outcome(int code, String output) {}

  private static Outcome run(List<String> command, Path cwd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Outcome(-1, String.join(" ", command) + " timed out");
    }
    return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void check(Outcome o, String what) throws IOException {
    if (o.code != 0) {
      throw new IOException(what + " failed (exit " + o.code + "): " + o.output);
    }
  }
}
