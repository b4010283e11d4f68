package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of the {@code columns} encode parameter: {@code {"name": "age", "role": "input"|"label",
 * "encoder": {"name": "Numeric", "params": {...}}}}, checked, with the encoder's params resolved.
 */
record ColumnSpec(String name, boolean label, ColumnEncoder encoder, ObjectNode encoderParams) {

  static final String INPUT = "input";
  static final String LABEL = "label";
  private static final Set<String> KEYS = Set.of("name", "role", "encoder");
  private static final Set<String> ENCODER_KEYS = Set.of("name", "version", "params");

  /**
   * Parses and checks the whole list: known keys, roles and encoders, unique names, exactly one
   * label and at least one input.
   *
   * @throws StageException naming the entry (1-based) and what is wrong
   */
  static List<ColumnSpec> parseAll(JsonNode param, ColumnEncoders encoders, String owner) {
    String where = owner + ": parameter 'columns'";
    if (param == null || !param.isArray()) {
      throw new StageException(where + " must be a list of {name, role, encoder} mappings, found "
          + (param == null ? "nothing" : param.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    List<ColumnSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < param.size(); i++) {
      ColumnSpec s = parse(param.get(i), encoders, where + " entry " + (i + 1));
      if (!names.add(s.name())) {
        throw new StageException(where + ": column '" + s.name() + "' is listed twice");
      }
      specs.add(s);
    }
    List<String> labels = specs.stream().filter(ColumnSpec::label).map(ColumnSpec::name).toList();
    if (labels.size() != 1) {
      throw new StageException(where + " must have exactly one column with role label, found "
          + (labels.isEmpty() ? "none" : labels.size() + ": " + String.join(", ", labels)));
    }
    if (specs.size() < 2) {
      throw new StageException(where + " must have at least one column with role input");
    }
    return specs;
  }

  private static ColumnSpec parse(JsonNode e, ColumnEncoders encoders, String where) {
    if (!e.isObject()) {
      throw new StageException(where + " must be a mapping {name, role, encoder}, found " + e);
    }
    unknownKeys(e, KEYS, where);
    String name = text(e, "name", where);
    String role = text(e, "role", where);
    if (!role.equals(INPUT) && !role.equals(LABEL)) {
      throw new StageException(where + " (column '" + name + "'): role must be input or label, found '" + role
          + "' (columns that are neither are simply not listed)");
    }
    JsonNode enc = e.get("encoder");
    if (enc == null || !enc.isObject()) {
      throw new StageException(where + " (column '" + name + "'): 'encoder' must be a mapping {name, params}, found "
          + (enc == null ? "nothing" : enc.toString()));
    }
    String at = where + " (column '" + name + "')";
    unknownKeys(enc, ENCODER_KEYS, at + " encoder");
    ColumnEncoder encoder = encoders.find(text(enc, "name", at + " encoder"), at);
    JsonNode version = enc.get("version");
    if (version != null && (!version.isInt() || version.intValue() != encoder.version())) {
      throw new StageException(at + " encoder " + encoder.name() + ": version " + version
          + " was asked for, but the encoder on the class path is version " + encoder.version());
    }
    ObjectNode params = encoder.params().resolve(enc.get("params"), at + " encoder " + encoder.name());
    boolean label = role.equals(LABEL);
    if (label && params.has("unknown") && params.get("unknown").asText().equals(StrClassification.IGNORE)) {
      throw new StageException(at + ": unknown: ignore is not allowed for the label (an unseen label has no class)");
    }
    if (label && params.has(MissingPolicy.PARAM)
        && List.of(MissingPolicy.MEAN, MissingPolicy.ZERO).contains(MissingPolicy.of(params))) {
      throw new StageException(at + ": missing: " + params.get(MissingPolicy.PARAM).asText() + " is not allowed for"
          + " the label (a filled label is a made-up target); use missing: drop to leave those rows out");
    }
    return new ColumnSpec(name, label, encoder, params);
  }

  private static String text(JsonNode e, String key, String where) {
    JsonNode v = e.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new StageException(where + ": '" + key + "' must be a non-blank string, found "
          + (v == null ? "nothing" : v.toString()));
    }
    return v.asText();
  }

  private static void unknownKeys(JsonNode e, Set<String> known, String where) {
    e.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        throw new StageException(where + ": unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    });
  }
}
