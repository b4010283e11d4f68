package dev.stimulus.core;

/** A stored blob as the provenance record names it: its digest, size in bytes and media type. */
public record BlobRef(Digest digest, long size, String mediaType) {

  public static final String CSV = "text/csv";
  public static final String JSON = "application/json";
  public static final String SAFETENSORS = "application/vnd.safetensors";
  public static final String BINARY = "application/octet-stream";

  public BlobRef {
    java.util.Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    mediaType = mediaType == null ? BINARY : mediaType;
  }
}
