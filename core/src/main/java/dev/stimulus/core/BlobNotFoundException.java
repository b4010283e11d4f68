package dev.stimulus.core;

/** A blob that the caller expected is not in cas/. */
public final class BlobNotFoundException extends StoreException {
  private final Digest digest;

  public BlobNotFoundException(Digest digest, String where) {
    super("blob " + digest + " is not in the store at " + where);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
