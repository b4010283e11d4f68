package dev.stimulus.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectBackend} over the AWS SDK v2 synchronous S3 client with the Apache 5 HTTP client
 * (REFERENCE: the URLConnection client retries silently, and the CRT client breaks against
 * S3Proxy). Works against AWS S3 and any S3 API, including the embedded S3Proxy.
 */
final class S3Backend implements ObjectBackend {

  /** How often a 409 (AWS: a concurrent conditional write in flight) is retried. */
  private static final int CONFLICT_RETRIES = 5;

  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final String endpointText;

  S3Backend(S3Client client, String bucket, String prefix, String endpointText) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.endpointText = endpointText;
  }

  /** A backend for the configured endpoint; credentials come from the config or the AWS chain. */
  static S3Backend open(StoreConfig config) {
    S3ClientBuilder builder = S3Client.builder().httpClient(Apache5HttpClient.builder().build());
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      // Non-AWS S3 APIs: path-style addressing, and no flexible checksums, which S3Proxy and
      // older MinIO/Ceph versions reject or do not keep (REFERENCE).
      builder
          .endpointOverride(config.endpoint())
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      if (config.region() == null) {
        builder.region(Region.US_EAST_1);
      }
    }
    AwsCredentialsProvider credentials =
        config.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    builder.credentialsProvider(credentials);
    String where = config.endpoint() == null ? "AWS" : config.endpoint().toString();
    return new S3Backend(builder.build(), config.bucket(), config.prefix(), where);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes, Map<String, String> metadata) {
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(prefix + key)
            .metadata(metadata)
            .ifNoneMatch("*")
            .build();
    for (int attempt = 0; ; attempt++) {
      try {
        client.putObject(request, RequestBody.fromBytes(bytes));
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          return false;
        }
        if (e.statusCode() == 409 && attempt < CONFLICT_RETRIES) {
          pause(attempt);
          continue;
        }
        throw failure("conditional write of", key, e);
      } catch (SdkException e) {
        throw failure("conditional write of", key, e);
      }
    }
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    try {
      client.putObject(
          b -> b.bucket(bucket).key(prefix + key).metadata(metadata), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw failure("write of", key, e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    return getObject(bucket, prefix + key);
  }

  /** Reads any object on this endpoint, e.g. raw data named by an {@code s3://} URI. */
  Optional<byte[]> getObject(String otherBucket, String fullKey) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          client.getObjectAsBytes(b -> b.bucket(otherBucket).key(fullKey));
      return Optional.of(bytes.asByteArrayUnsafe());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("read of", "s3://" + otherBucket + "/" + fullKey, e);
    } catch (SdkException e) {
      throw failure("read of", "s3://" + otherBucket + "/" + fullKey, e);
    }
  }

  @Override
  public boolean exists(String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(prefix + key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("HEAD of", key, e);
    } catch (SdkException e) {
      throw failure("HEAD of", key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      client.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (NoSuchKeyException e) {
      // absent is fine
    } catch (SdkException e) {
      throw failure("delete of", key, e);
    }
  }

  @Override
  public List<String> list(String keyPrefix) {
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object o :
          client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
        keys.add(o.key().substring(prefix.length()));
      }
    } catch (SdkException e) {
      throw failure("listing of", keyPrefix, e);
    }
    // S3 lists in UTF-8 byte order; sort by String order as the interface promises.
    keys.sort(null);
    return keys;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix + " at " + endpointText;
  }

  @Override
  public void close() {
    client.close();
  }

  private StoreException failure(String what, String key, Exception e) {
    // The SDK's message names the status and request id, never the credentials.
    return new StoreException(
        what + " " + key + " failed on " + describe() + ": " + e.getMessage(), e);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(20L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying a conflicting write", e);
    }
  }
}
