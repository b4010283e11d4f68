package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.StoreConfig;
import dev.stimulus.core.Stores;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the store lives: embedded under the state directory by default, or an external S3 endpoint.
 * Shared by every command that reads or writes the store.
 */
final class StoreOptions {

  @Option(names = "--state", paramLabel = "DIR",
      description = "State directory of the embedded store (default: $STIMULUS_HOME or .stimulus).")
  Path state;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "Use an external S3 endpoint instead of the embedded server (credentials from the AWS default chain).")
  URI endpoint;

  @Option(names = "--bucket", paramLabel = "NAME", description = "Bucket of the external store.")
  String bucket;

  @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "Key prefix inside the bucket.")
  String prefix;

  @Option(names = "--region", paramLabel = "R",
      description = "Signing region of the external store (default: the AWS default region chain).")
  String region;

  Path stateDir() {
    if (state != null) {
      return state;
    }
    String home = System.getenv("STIMULUS_HOME");
    return Path.of(home != null && !home.isBlank() ? home : ".stimulus");
  }

  /** Where the store lives, as a user finds it again: the state directory for the embedded one. */
  String where(ArtifactStore store) {
    if (endpoint == null && bucket == null && LocalStack.store(stateDir()).isPresent()) {
      return "the local stack's S3 server over " + stateDir().resolve("s3").toAbsolutePath().normalize()
          + " (" + store.describe() + ")";
    }
    if (endpoint == null && bucket == null) {
      return "embedded store in " + stateDir().toAbsolutePath().normalize() + " (S3 server for this run: "
          + store.describe() + ")";
    }
    return store.describe();
  }

  /**
   * The embedded store, or, while the local stack runs ('stimulus up'), its S3 server over the same
   * files: one process serves them, and workers share the cache.
   */
  ArtifactStore open() {
    if (endpoint == null && bucket == null) {
      var stack = LocalStack.store(stateDir());
      return stack.isPresent() ? Stores.s3(stack.get()) : Stores.embedded(stateDir());
    }
    if (bucket == null) {
      throw new Main.UserError("--s3-endpoint needs --bucket");
    }
    StoreConfig config = endpoint == null ? StoreConfig.aws(bucket, prefix) : StoreConfig.at(endpoint, bucket, prefix);
    if (region != null) {
      config = new StoreConfig(config.endpoint(), region, config.bucket(), config.prefix(), config.accessKey(),
          config.secretKey());
    }
    return Stores.s3(config);
  }
}
