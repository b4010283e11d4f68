package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** Checks of a node's shape (mapping, list, text, number, known keys), reported at a field path of one document. */
final class ShapeChecks {

  private final YamlDocument doc;

  ShapeChecks(YamlDocument doc) {
    this.doc = doc;
  }

  void checkKeys(JsonNode node, String path, List<String> known, List<String> required) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw doc.error(YamlDocument.child(path, k), "unknown " + (path.isEmpty() ? "top-level " : "") + "key '"
            + k + "' (known: " + String.join(", ", known) + ")");
      }
    }
    for (String r : required) {
      if (!node.has(r) || node.get(r).isNull()) {
        throw doc.error(path, "missing required " + (path.isEmpty() ? "top-level " : "") + "key '" + r + "'");
      }
    }
  }

  ObjectNode mapping(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw doc.error(path, "expected a mapping, found " + Describe.found(node));
    }
    return (ObjectNode) node;
  }

  ArrayNode list(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw doc.error(path, "expected a list, found " + Describe.found(node));
    }
    if (node.isEmpty()) {
      throw doc.error(path, "expected a non-empty list, found an empty list");
    }
    return (ArrayNode) node;
  }

  String text(JsonNode node, String path) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw doc.error(path, "expected a non-empty string, found " + Describe.found(node));
    }
    return node.textValue();
  }

  long wholeNumber(JsonNode node, String path) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
      throw doc.error(path, "expected a whole number >= 0, found " + Describe.found(node));
    }
    return node.asLong();
  }

  int positive(JsonNode node, String path) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw doc.error(path, "expected a whole number >= 1, found " + Describe.found(node));
    }
    return node.asInt();
  }
}
