package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published JSON Schema of the experiment file ({@code docs/schema/experiment.schema.json},
 * packaged with this class), applied to a parsed document before the semantic checks. Violations
 * come out as the reader's other messages do: file, line and column, field path, expected, found.
 */
final class ExperimentSchema {

  private static final String RESOURCE = "experiment.schema.json";
  private static final JsonNode SCHEMA_TREE = load();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA_TREE);
  /** {@code $.a.b[2]['odd key']} segments. */
  private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\['((?:[^'\\\\]|\\\\.)*)']");

  private ExperimentSchema() {}

  private static JsonNode load() {
    try (InputStream in = ExperimentSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path (a packaging error)");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema as published. */
  static JsonNode tree() {
    return SCHEMA_TREE.deepCopy();
  }

  /**
   * Validates {@code doc}.
   *
   * @throws ExperimentException for the violation that comes first in the file (and how many more)
   */
  static void validate(YamlDocument doc) {
    if (!doc.root().isObject()) {
      return; // the reader says what the top level must be
    }
    List<ValidationMessage> errors = new ArrayList<>(SCHEMA.validate(doc.root()));
    // "if/then/else" repeats a failure of its branch; the branch's own message is the useful one.
    errors.removeIf(e -> e.getType().equals("if") || e.getType().equals("else") || e.getType().equals("then"));
    if (errors.isEmpty()) {
      return;
    }
    errors.sort(Comparator.comparingLong((ValidationMessage e) -> doc.order(path(e)))
        .thenComparing(ExperimentSchema::path).thenComparing(ValidationMessage::getType));
    ValidationMessage first = errors.get(0);
    String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more schema violation"
        + (errors.size() == 2 ? "" : "s") + ")";
    throw doc.error(path(first), explain(first, doc) + more);
  }

  /** The field path in the reader's notation; for unknown and missing keys, the key's own path. */
  private static String path(ValidationMessage e) {
    String base = fieldPath(e.getInstanceLocation().toString());
    return e.getType().equals("additionalProperties") ? YamlDocument.child(base, e.getProperty()) : base;
  }

  static String fieldPath(String jsonPath) {
    StringBuilder out = new StringBuilder();
    Matcher m = SEGMENT.matcher(jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath);
    while (m.find()) {
      if (m.group(2) != null) {
        out.append('[').append(m.group(2)).append(']');
      } else {
        String key = m.group(1) != null ? m.group(1) : m.group(3);
        out.append(out.isEmpty() ? "" : ".").append(key);
      }
    }
    return out.toString();
  }

  private static String explain(ValidationMessage e, YamlDocument doc) {
    String at = fieldPath(e.getInstanceLocation().toString());
    String top = at.isEmpty() ? "top-level " : "";
    JsonNode keyword = schemaKeywordParent(e);
    JsonNode found = e.getInstanceNode();
    return switch (e.getType()) {
      case "required" -> "missing required " + top + "key '" + e.getProperty() + "'";
      case "additionalProperties" -> "unknown " + top + "key '" + e.getProperty() + "' (known: "
          + String.join(", ", names(keyword.path("properties"))) + ")";
      case "type" -> "expected " + types(keyword.path("type")) + ", found " + Describe.found(found);
      case "enum" -> "expected one of " + String.join(", ", values(keyword.path("enum"))) + ", found "
          + (found != null && found.isTextual() ? "'" + found.textValue() + "'" : Describe.found(found));
      case "minItems" -> "expected a non-empty list, found an empty list";
      case "minLength" -> "expected a non-empty string, found " + Describe.found(found);
      case "minimum" -> "expected a number >= " + keyword.path("minimum").asText() + ", found " + Describe.found(found);
      case "pattern" -> "expected " + (keyword.has("description") ? keyword.get("description").asText()
          : "a string matching " + keyword.path("pattern").asText()) + ", found " + Describe.found(found);
      default -> "does not match the experiment schema: " + e.getMessage().replaceFirst("^\\$[^:]*: ", "");
    };
  }

  /** The schema object holding the failed keyword (e.g. the "properties" next to "additionalProperties"). */
  private static JsonNode schemaKeywordParent(ValidationMessage e) {
    String location = e.getSchemaLocation().toString();
    int hash = location.indexOf('#');
    String pointer = hash < 0 ? "" : location.substring(hash + 1);
    int cut = pointer.lastIndexOf('/');
    return cut <= 0 ? SCHEMA_TREE : SCHEMA_TREE.at(pointer.substring(0, cut));
  }

  private static List<String> names(JsonNode properties) {
    List<String> out = new ArrayList<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> values(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String types(JsonNode type) {
    List<String> out = new ArrayList<>();
    (type.isArray() ? type : List.of(type)).forEach(t -> out.add(switch (((JsonNode) t).asText()) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> ((JsonNode) t).asText();
    }));
    return String.join(" or ", out);
  }
}
