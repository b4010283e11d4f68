package dev.stimulus.core;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The one way to obtain an {@link ArtifactStore}.
 *
 * <pre>{@code
 * try (ArtifactStore store = Stores.embedded(Path.of(".stimulus"))) { ... }   // local default
 * ArtifactStore store = Stores.s3(StoreConfig.aws("my-bucket", "stimulus/")); // production
 * ArtifactStore store = Stores.memory();                                      // unit tests
 * }</pre>
 */
public final class Stores {

  private Stores() {}

  /**
   * The local default: an S3 server embedded in this process (S3Proxy, filesystem backend) storing
   * under {@code <stateDir>/s3}, and a store talking S3 to it — the same code path as production.
   * Closing the store stops the server.
   */
  public static ArtifactStore embedded(Path stateDir) {
    EmbeddedS3 server = EmbeddedS3.start(stateDir.resolve("s3"));
    try {
      return new ContentStore(S3Backend.open(server.config("")), Clock.systemUTC(), server::close);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** A store on an S3 server that is already running (AWS S3, MinIO, Ceph, a shared S3Proxy). */
  public static ArtifactStore s3(StoreConfig config) {
    return new ContentStore(S3Backend.open(config));
  }

  /** A store in memory, for unit tests of logic above the store. Not shared, not persistent. */
  public static ArtifactStore memory() {
    return new ContentStore(new MemoryBackend());
  }
}
