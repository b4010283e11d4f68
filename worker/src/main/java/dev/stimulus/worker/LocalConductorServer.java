package dev.stimulus.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a conductor-oss server is run on this machine, by the local stack and by the tests: loopback
 * only, SQLite for persistence, queues and indexing (so no Elasticsearch, Redis or gRPC), all in a
 * directory of its own.
 */
public final class LocalConductorServer {

  private LocalConductorServer() {}

  /**
   * Writes {@code conductor.properties} into {@code dir}; the database is {@code dir/conductor.db}.
   *
   * @param workflowOffsetTimeout how soon the server re-evaluates a running workflow, which bounds how
   *     late a response timeout (a lost worker's task) is noticed
   * @return the properties file
   */
  public static Path writeProperties(Path dir, int port, Duration workflowOffsetTimeout) throws IOException {
    Path props = dir.resolve("conductor.properties");
    Files.writeString(props, String.join("\n",
        "server.address=127.0.0.1",
        "server.port=" + port,
        "conductor.db.type=sqlite",
        "conductor.queue.type=sqlite",
        "conductor.indexing.type=sqlite",
        "conductor.elasticsearch.version=0",
        "conductor.workflow-execution-lock.type=local_only",
        "spring.datasource.url=jdbc:sqlite:" + dir.resolve("conductor.db") + "?busy_timeout=15000&journal_mode=WAL",
        "conductor.grpc-server.enabled=false",
        "conductor.app.workflow-offset-timeout=" + workflowOffsetTimeout.toSeconds() + "s",
        ""));
    return props;
  }

  /**
   * The command that starts the server's boot jar with those properties. The C1 compiler and a
   * class-data-sharing archive (created on first start) cut its start-up time.
   *
   * @param jvmOptions further JVM options, e.g. a thread stack size
   */
  public static List<String> command(String java, Path jar, Path properties, Path sharedArchive,
      List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + sharedArchive,
        "-jar", jar.toString(), "--spring.config.additional-location=file:" + properties));
    return cmd;
  }
}
