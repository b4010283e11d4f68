package dev.stimulus.core;

import java.util.regex.Pattern;

/**
 * The store's key layout (DESIGN §3) in one place. Every key is a leaf: no key is a "directory" of
 * another, which the S3Proxy filesystem backend cannot represent.
 */
final class StoreKeys {

  static final String CAS = "cas/";
  static final String AC = "ac/";
  static final String BY_OUTPUT = "by-output/";
  static final String LEASES = "leases/";
  static final String REFS = "refs/";
  static final String QUARANTINE = "quarantine/";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private StoreKeys() {}

  static String blob(Digest d) {
    return CAS + d.shard() + "/" + d.hex();
  }

  static String action(Digest key) {
    return AC + key.shard() + "/" + key.hex() + ".json";
  }

  /** Where a losing commit with different outputs is recorded, next to the record it lost to. */
  static String nondeterministic(Digest key) {
    return AC + key.shard() + "/" + key.hex() + ".nondeterministic.json";
  }

  static String producer(Digest blob) {
    return BY_OUTPUT + blob.shard() + "/" + blob.hex() + ".json";
  }

  static String lease(Digest key) {
    return LEASES + key.shard() + "/" + key.hex() + ".json";
  }

  static String quarantine(Digest blob, long millis) {
    return QUARANTINE + blob.hex() + "." + millis;
  }

  static String quarantineRecord(Digest key, long millis) {
    return QUARANTINE + key.hex() + ".json." + millis;
  }

  static String refsOf(String kind) {
    return REFS + checkName("ref kind", kind) + "/";
  }

  static String ref(String kind, String name) {
    return refsOf(kind) + checkName("ref name", name) + ".json";
  }

  /**
   * Ref kinds and names become key segments: only {@code [A-Za-z0-9._-]{1,200}}, and never a
   * {@code ..} (a path escape on filesystem backends).
   */
  static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new StoreException(
          "invalid "
              + what
              + " "
              + (name == null ? "(missing)" : "'" + printable(name) + "'")
              + ": expected 1-200 characters of A-Z, a-z, 0-9, '.', '_', '-' and no '..'");
    }
    return name;
  }

  /** Shows control characters as escapes so an error message cannot garble a terminal. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(200)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
