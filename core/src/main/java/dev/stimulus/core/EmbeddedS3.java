package dev.stimulus.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 server in this process: S3Proxy over its filesystem backend, listening on 127.0.0.1. The
 * local default store runs the same S3 code path as production against it (DESIGN §3).
 *
 * <p>Objects live at {@code <baseDir>/<bucket>/<key>}. Each start picks a free port and fresh random
 * credentials; other processes that should share the server get them from {@link #endpoint()},
 * {@link #accessKey()} and {@link #secretKey()}.
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String DEFAULT_BUCKET = "stimulus";

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final Path baseDir;
  private final String bucket;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3(
      S3Proxy proxy, BlobStore blobStore, Path baseDir, String bucket, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.baseDir = baseDir;
    this.bucket = bucket;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts a server on a free port storing under {@code baseDir}, with bucket {@code stimulus}. */
  public static EmbeddedS3 start(Path baseDir) {
    return start(baseDir, DEFAULT_BUCKET, 0);
  }

  /**
   * Starts a server storing under {@code baseDir} (created if needed), creating {@code bucket} if
   * it does not exist yet.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedS3 start(Path baseDir, String bucket, int port) {
    Path dir = baseDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the embedded S3 directory " + dir + ": " + e, e);
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStore blobStore = BlobStores.create("filesystem", props);
    if (!blobStore.containerExists(bucket)) {
      blobStore.createContainer(bucket);
    }
    String access = randomHex(10);
    String secret = randomHex(20);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, access, secret)
            // The SDK sends x-amz-* headers S3Proxy does not know; it would answer 501.
            .ignoreUnknownHeaders(true)
            // Jetty's graceful stop waits up to its timeout for idle keep-alive connections; every
            // write here is synchronous, so there is nothing to drain.
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
      // Jetty starts asynchronously; the port is known once it is STARTED.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new StoreException("the embedded S3 server did not start within 10 s (state "
              + proxy.getState() + ")");
        }
        Thread.sleep(2);
      }
    } catch (StoreException e) {
      stopQuietly(proxy);
      throw e;
    } catch (Exception e) {
      stopQuietly(proxy);
      throw new StoreException(
          "cannot start the embedded S3 server on 127.0.0.1:" + port + " for " + dir + ": " + e, e);
    }
    return new EmbeddedS3(proxy, blobStore, dir, bucket, access, secret);
  }

  public URI endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The directory holding the bucket's objects as files. */
  public Path baseDir() {
    return baseDir;
  }

  /** The path of an object's file; for tests that damage objects behind the server's back. */
  public Path fileOf(String fullKey) {
    return baseDir.resolve(bucket).resolve(fullKey);
  }

  /** A store configuration that reaches this server. */
  public StoreConfig config(String prefix) {
    return new StoreConfig(endpoint, "us-east-1", bucket, prefix, accessKey, secretKey);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new StoreException("cannot stop the embedded S3 server at " + endpoint + ": " + e, e);
    } finally {
      blobStore.close();
    }
  }

  @Override
  public String toString() {
    return "embedded S3 at " + endpoint + " over " + baseDir;
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // already failing; the start error is the one worth reporting
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
