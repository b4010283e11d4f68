package dev.stimulus.core;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where an S3 store lives.
 *
 * @param endpoint the S3 API endpoint; {@code null} for AWS S3 itself
 * @param region the signing region; {@code null} for the AWS default chain (or {@code us-east-1}
 *     when an endpoint is given)
 * @param bucket the bucket, which must exist
 * @param prefix the key prefix under which the store's layout lives; normalised to {@code ""} or
 *     {@code "some/path/"}
 * @param accessKey static credentials, or {@code null} to use the AWS default credential chain
 * @param secretKey the secret for {@code accessKey}; never printed
 */
public record StoreConfig(
    URI endpoint, String region, String bucket, String prefix, String accessKey, String secretKey) {

  // S3 bucket naming rules (the DNS-compatible subset every S3 API accepts).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public StoreConfig {
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new StoreException(
          "S3 bucket name "
              + (bucket == null ? "(missing)" : "'" + bucket + "'")
              + " is invalid: expected 3-63 characters of a-z, 0-9, '.', '-'");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new StoreException("S3 credentials need both an access key and a secret key, or neither");
    }
    prefix = normalisePrefix(prefix);
  }

  /** AWS S3 with the default region and credential chains. */
  public static StoreConfig aws(String bucket, String prefix) {
    return new StoreConfig(null, null, bucket, prefix, null, null);
  }

  /** Any S3 API at an endpoint, with the default credential chain. */
  public static StoreConfig at(URI endpoint, String bucket, String prefix) {
    return new StoreConfig(endpoint, null, bucket, prefix, null, null);
  }

  /** The same store with static credentials. */
  public StoreConfig withCredentials(String access, String secret) {
    return new StoreConfig(endpoint, region, bucket, prefix, access, secret);
  }

  /** Never shows the secret (records print every component by default). */
  @Override
  public String toString() {
    return "StoreConfig[endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", credentials="
        + (accessKey == null ? "default chain" : "static")
        + "]";
  }

  private static String normalisePrefix(String p) {
    if (p == null || p.isBlank()) {
      return "";
    }
    String t = p.strip();
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return "";
    }
    for (String segment : t.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new StoreException(
            "S3 key prefix '" + p + "' is invalid: empty, '.' or '..' path segments are not allowed");
      }
    }
    return t.endsWith("/") ? t : t + "/";
  }
}
