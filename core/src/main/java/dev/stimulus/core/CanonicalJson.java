package dev.stimulus.core;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON, the form every action key is hashed from (DESIGN §3): object keys sorted, no
 * white space, strings (keys and values) in Unicode NFC, and numbers in a single normal form so that
 * {@code 1}, {@code 1.0} and {@code 1e0} agree.
 *
 * <p>Number normal form: the exact decimal value with trailing zeros stripped, written without an
 * exponent ({@code 1.50 -> 1.5}, {@code 1e2 -> 100}, {@code -0.0 -> 0}). NaN and infinities are not
 * JSON and are rejected. Hand-written because no JSON library offers a canonical form whose numbers
 * compare by value (RFC 8785 keeps the double's shortest form, which makes {@code 1} and {@code 1.0}
 * the same but loses exactness beyond 17 digits).
 */
public final class CanonicalJson {

  /**
   * The mapper used everywhere a JSON value is read for hashing: floats stay exact decimals. No
   * modules are discovered from the class path: records and trees need none, and discovery would load
   * whatever other libraries bring (a Kotlin module costs seconds of start-up on every command).
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private CanonicalJson() {}

  /** The canonical text of any value Jackson can turn into a tree (records, maps, nodes). */
  public static String write(Object value) {
    JsonNode node = value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    StringBuilder out = new StringBuilder();
    append(node, out);
    return out.toString();
  }

  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 of the canonical bytes. */
  public static Digest digest(Object value) {
    return Digest.of(bytes(value));
  }

  /** The normal form of one number, as it appears in canonical text. */
  public static String normalNumber(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.signum() == 0) {
      return "0";
    }
    // The plain form of 1e999999999 is a billion characters: refuse magnitudes no parameter needs
    // (every finite double, down to 4.9e-324, is well inside).
    if (Math.abs((long) v.scale()) > MAX_SCALE) {
      throw new IllegalArgumentException(
          "number " + abbreviate(v.toString()) + " is out of range: its decimal exponent must lie within -"
              + MAX_SCALE + ".." + MAX_SCALE);
    }
    return v.toPlainString();
  }

  private static final int MAX_SCALE = 1000;

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 20) + "..." + s.substring(s.length() - 12) : s;
  }

  private static void append(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, String>> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          keys.add(Map.entry(nfc(k), k));
        }
        keys.sort(Map.Entry.comparingByKey());
        out.append('{');
        String previous = null;
        for (int i = 0; i < keys.size(); i++) {
          String key = keys.get(i).getKey();
          if (key.equals(previous)) {
            throw new IllegalArgumentException("two keys are equal after NFC normalisation: " + key);
          }
          previous = key;
          if (i > 0) {
            out.append(',');
          }
          quote(key, out);
          out.append(':');
          append(node.get(keys.get(i).getValue()), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> quote(nfc(node.textValue()), out);
      case NUMBER -> {
        if (node.isDouble() || node.isFloat()) {
          double d = node.doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinity are not JSON numbers");
          }
          out.append(normalNumber(BigDecimal.valueOf(d)));
        } else {
          out.append(normalNumber(node.decimalValue()));
        }
      }
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL, MISSING -> out.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    out.append(JsonStringEncoder.getInstance().quoteAsString(s));
    out.append('"');
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
