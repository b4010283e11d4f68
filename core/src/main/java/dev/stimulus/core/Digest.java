package dev.stimulus.core;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Hex;

/**
 * A SHA-256 digest in lowercase hex: the name of every blob and every action in the store.
 *
 * <p>Digests are the only thing that crosses a stage boundary; paths, URIs and run ids never do.
 */
public record Digest(@com.fasterxml.jackson.annotation.JsonValue String hex) implements Comparable<Digest> {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "not a SHA-256 digest (expected 64 lowercase hex characters): " + abbreviate(hex));
    }
  }

  /** Parses a digest typed by a user; accepts an optional {@code sha256:} prefix and upper case. */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static Digest parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("sha256:")) {
      t = t.substring("sha256:".length());
    }
    return new Digest(t);
  }

  public static boolean looksLikeDigest(String text) {
    return text != null && HEX64.matcher(text.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^sha256:", "")).matches();
  }

  public static Digest of(byte[] bytes) {
    return new Digest(Hex.encodeHexString(sha256().digest(bytes)));
  }

  public static Digest of(InputStream in) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return new Digest(Hex.encodeHexString(md.digest()));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The first two hex characters: the fan-out directory in the store layout. */
  public String shard() {
    return hex.substring(0, 2);
  }

  /** Twelve characters, enough to tell digests apart in tables and logs. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  /** The first eight bytes as a long: used to derive seeds from action keys. */
  public long prefixLong() {
    return Long.parseUnsignedLong(hex.substring(0, 16), 16);
  }

  @Override
  public int compareTo(Digest o) {
    return hex.compareTo(o.hex);
  }

  @Override
  public String toString() {
    return hex;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 80 ? s.substring(0, 80) + "..." : "'" + s + "'";
  }
}
