package dev.stimulus.core;

/** A blob whose bytes did not hash to its name; it has been quarantined. */
public final class CorruptBlobException extends StoreException {
  private final Digest digest;

  public CorruptBlobException(Digest expected, Digest actual, String quarantinedAs) {
    super(
        "blob "
            + expected
            + " is corrupt (its bytes hash to "
            + actual
            + "); moved to "
            + quarantinedAs
            + " and treated as missing");
    this.digest = expected;
  }

  public Digest digest() {
    return digest;
  }
}
