package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;

/** How values appear in messages and labels. */
final class Describe {

  private Describe() {}

  /** {@code the string 'x'}, {@code the number 3}, {@code a list [1,2]}: what was found. */
  static String found(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "a list " + brief(v);
      case OBJECT -> "a mapping " + brief(v);
      case STRING -> "the string '" + v.textValue() + "'";
      case NUMBER -> "the number " + brief(v);
      case BOOLEAN -> "the boolean " + v.booleanValue();
      default -> "null";
    };
  }

  /** Compact JSON text, shortened for messages. */
  static String brief(JsonNode v) {
    String text = v.toString();
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  /** A value as it appears in a variant label: strings bare, numbers in canonical form. */
  static String label(JsonNode v) {
    return v.isTextual() ? v.textValue() : CanonicalJson.write(v);
  }
}
