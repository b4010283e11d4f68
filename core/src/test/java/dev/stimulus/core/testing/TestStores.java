package dev.stimulus.core.testing;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.EmbeddedS3;
import dev.stimulus.core.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Stores for tests of any module (published in stimulus-core's test-jar). Every store here talks S3
 * to a real S3Proxy on 127.0.0.1, as the house rules ask.
 *
 * <pre>{@code
 * @Test void x(@TempDir Path dir) { try (ArtifactStore store = TestStores.embedded(dir)) { ... } }
 * ArtifactStore store = TestStores.fresh();   // isolated prefix on one server per JVM: fast
 * }</pre>
 */
public final class TestStores {

  private static final AtomicLong PREFIXES = new AtomicLong();
  private static volatile EmbeddedS3 shared;

  private TestStores() {}

  /** Its own embedded server under {@code dir}; closing the store stops the server. */
  public static ArtifactStore embedded(Path dir) {
    return Stores.embedded(dir);
  }

  /**
   * An empty store on a server shared by the whole test JVM, under a prefix of its own: no server
   * start per test. Closing it leaves the server running (it stops at JVM exit).
   */
  public static ArtifactStore fresh() {
    return Stores.s3(sharedServer().config("t" + PREFIXES.incrementAndGet()));
  }

  /** The JVM-wide server behind {@link #fresh()}, started on first use. */
  public static EmbeddedS3 sharedServer() {
    EmbeddedS3 s = shared;
    if (s == null) {
      synchronized (TestStores.class) {
        s = shared;
        if (s == null) {
          s = shared = startShared();
        }
      }
    }
    return s;
  }

  private static EmbeddedS3 startShared() {
    try {
      Path dir = Files.createTempDirectory("stimulus-test-s3-");
      EmbeddedS3 server = EmbeddedS3.start(dir);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    deleteTree(dir);
                  }));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at exit
    }
  }
}
