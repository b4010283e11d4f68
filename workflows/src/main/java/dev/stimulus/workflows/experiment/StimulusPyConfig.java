package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates a stimulus-py data config (0.5.x, and the older shapes listed in docs/stimulus-py.md)
 * into this schema's {@code data.columns}, {@code split} and {@code transforms}, with stimulus-py's
 * expansion semantics: within a transform block list-valued parameters are zipped (equal lengths, or
 * length 1 which repeats), blocks are alternatives, and splits are crossed with transform variants.
 * There is no implicit untransformed variant (stimulus-py makes none either).
 *
 * <p>Each translated field remembers the field of the stimulus-py file it came from, so that every
 * later validation message points into that file.
 */
final class StimulusPyConfig {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> TOP_KEYS = List.of("global_params", "columns", "transforms", "split");
  private static final List<String> INT_DTYPES = List.of("int8", "uint8", "int16", "int32", "int64");

  /** stimulus-py encoder name -> ours. */
  private static final Map<String, String> ENCODERS = Map.of(
      "NumericEncoder", "Numeric",
      "StrClassificationEncoder", "StrClassification",
      "NumericRankEncoder", "NumericRank",
      "TextOneHotEncoder", "TextOneHot",
      "TextAsciiEncoder", "TextAscii");

  /** Transforms whose stimulus-py parameters differ from ours; the rest translate by name. */
  private static final Set<String> OWN_SEMANTICS = Set.of("ReverseComplement", "GaussianChunk", "UniformTextMasker");

  /** The translation. */
  record Imported(YamlDocument doc, ArrayNode columns, ArrayNode split, ArrayNode transforms, Long seed,
      List<String> warnings, Map<String, String> paths) {

    /** The field of the stimulus-py file that a translated field came from (its nearest mapped ancestor). */
    String source(String path) {
      String p = path;
      while (true) {
        String s = paths.get(p);
        if (s != null) {
          return s;
        }
        if (p.isEmpty()) {
          return "";
        }
        p = YamlDocument.parent(p);
      }
    }

    /** The stimulus-py document, reporting errors at the source of translated paths. */
    YamlDocument view() {
      return doc.mapped(this::source);
    }
  }

  private final YamlDocument doc;
  private final Catalogue catalogue;
  private final DataProfile profile;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> paths = new HashMap<>();
  private final Set<String> transformed = new LinkedHashSet<>();

  private final boolean untransformed;

  private StimulusPyConfig(YamlDocument doc, Catalogue catalogue, DataProfile profile, boolean untransformed) {
    this.doc = doc;
    this.catalogue = catalogue;
    this.profile = profile;
    this.untransformed = untransformed;
  }

  /**
   * @param profile the data, or null when it cannot be read at load time
   * @param untransformed also make a variant without transforms (first, labelled {@code none})
   * @throws ExperimentException naming the stimulus-py file, line and field
   */
  static Imported translate(YamlDocument doc, Catalogue catalogue, DataProfile profile, boolean untransformed) {
    return new StimulusPyConfig(doc, catalogue, profile, untransformed).translate();
  }

  private Imported translate() {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      throw doc.error("", "expected a stimulus-py data config (a mapping with " + TOP_KEYS + "), found "
          + Describe.found(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP_KEYS.contains(k)) {
        warnings.add(doc.at(k) + k + ": ignored (stimulus-py reads only " + String.join(", ", TOP_KEYS) + ")");
      }
    }
    for (String required : List.of("columns", "split")) {
      if (!root.has(required) || root.get(required).isNull()) {
        throw doc.error("", "missing required key '" + required + "' of a stimulus-py data config");
      }
    }
    Long seed = null;
    if (root.has("global_params")) {
      JsonNode g = root.get("global_params");
      if (!g.isObject()) {
        throw doc.error("global_params", "expected a mapping {seed: N}, found " + Describe.found(g));
      }
      JsonNode s = g.get("seed");
      if (s != null && !s.isNull()) {
        if (!s.isIntegralNumber() || !s.canConvertToLong() || s.asLong() < 0) {
          throw doc.error("global_params.seed", "expected a whole number >= 0, found " + Describe.found(s));
        }
        seed = s.asLong();
      }
    }
    // Transforms first: which columns they change decides how integer dtypes translate.
    ArrayNode transforms = transforms(root.get("transforms"));
    ArrayNode columns = columns(root.get("columns"));
    ArrayNode split = splits(root.get("split"));
    return new Imported(doc, columns, split, transforms, seed, List.copyOf(warnings), Map.copyOf(paths));
  }

  // ---- columns ----------------------------------------------------------------------------------

  private ArrayNode columns(JsonNode node) {
    List<JsonNode> list = listOrOne(node, "columns");
    ArrayNode out = F.arrayNode();
    paths.put("data.columns", "columns");
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < list.size(); j++) {
      String at = YamlDocument.element("columns", j);
      ObjectNode c = mapping(list.get(j), at);
      String name = text(c.get("column_name"), YamlDocument.child(at, "column_name"));
      Integer earlier = seen.get(name);
      if (earlier != null) {
        // Accepted when it repeats the earlier entry (stimulus-py's own test configs do this).
        if (c.equals(list.get(earlier))) {
          warnings.add(doc.at(at) + at + ": column '" + name + "' is listed again, identically; the repeat is ignored");
          continue;
        }
        throw doc.error(at, "column '" + name + "' is listed twice with different settings (also at "
            + YamlDocument.element("columns", earlier) + ")");
      }
      seen.put(name, j);
      String type = text(c.get("column_type"), YamlDocument.child(at, "column_type"));
      String ours = YamlDocument.element("data.columns", out.size());
      paths.put(ours, at);
      paths.put(YamlDocument.child(ours, "name"), YamlDocument.child(at, "column_name"));
      paths.put(YamlDocument.child(ours, "role"), YamlDocument.child(at, "column_type"));
      ObjectNode col = out.addObject().put("name", name).put("role", type);
      if ((type.equals("input") || type.equals("label")) && c.has("encoder")) {
        col.set("encoder", encoder(c, at, ours, name));
      }
    }
    return out;
  }

  private ObjectNode encoder(ObjectNode column, String at, String ours, String name) {
    JsonNode e = column.get("encoder");
    String eAt = YamlDocument.child(at, "encoder");
    if (e.isArray()) {
      if (e.isEmpty()) {
        throw doc.error(eAt, "expected a list with one encoder {name, params}, found an empty list");
      }
      if (e.size() > 1) {
        warnings.add(doc.at(eAt) + eAt + ": only the first encoder is used (as stimulus-py does)");
      }
      e = e.get(0);
      eAt = YamlDocument.element(eAt, 0);
    }
    ObjectNode given = mapping(e, eAt);
    String theirs = text(given.get("name"), YamlDocument.child(eAt, "name"));
    JsonNode p = given.get("params");
    ObjectNode params = absent(p) ? F.objectNode() : mapping(p, YamlDocument.child(eAt, "params")).deepCopy();
    if (column.has("data_type") && !params.has("dtype")) {
      // Older configs put the dtype on the column.
      params.set("dtype", column.get("data_type"));
    }
    String oursName = ENCODERS.getOrDefault(theirs, theirs);
    ObjectNode out = F.objectNode().put("name", oursName);
    ObjectNode op = out.putObject("params");
    String encPath = YamlDocument.child(ours, "encoder");
    paths.put(encPath, eAt);
    paths.put(YamlDocument.child(encPath, "name"), YamlDocument.child(eAt, "name"));
    String pAt = YamlDocument.child(eAt, "params");
    switch (theirs) {
      case "NumericEncoder" -> {
        if (params.has("dtype")) {
          op.set("dtype", numericDtype(params.get("dtype"), name, pAt));
        }
        missingPolicy(params, op);
      }
      case "StrClassificationEncoder", "NumericRankEncoder" -> {
        if (theirs.equals("NumericRankEncoder")) {
          missingPolicy(params, op);
        }
        if (params.has("dtype") && theirs.equals("StrClassificationEncoder")
            && INT_DTYPES.contains(params.get("dtype").asText())) {
          op.set("dtype", params.get("dtype"));
        }
        if (params.path("scale").asBoolean(false) && theirs.equals("StrClassificationEncoder")) {
          warnings.add(doc.at(pAt) + pAt + ".scale: not reproduced (stimulus-py divides by the row count);"
              + " column '" + name + "' is encoded as class indices");
        }
      }
      case "TextOneHotEncoder" -> {
        // stimulus-py's defaults: alphabet "acgt", compared as written unless convert_lowercase.
        op.put("alphabet", params.has("alphabet") ? params.get("alphabet").asText() : "acgt");
        op.put("case", params.path("convert_lowercase").asBoolean(false) ? "lower" : "sensitive");
      }
      case "TextAsciiEncoder" -> op.put("scale", "raw");
      default -> op.setAll(params); // this project's own encoder names, with their parameters as given
    }
    op.fieldNames().forEachRemaining(k -> paths.put(YamlDocument.child(YamlDocument.child(encPath, "params"), k),
        params.has(k) ? YamlDocument.child(pAt, k) : pAt));
    return out;
  }

  /**
   * This project's {@code missing} policy, which a stimulus-py config may add to a numeric
   * encoder's params (stimulus-py has none: a missing cell fails there); checked by the encoder.
   */
  private static void missingPolicy(ObjectNode params, ObjectNode op) {
    if (params.has("missing")) {
      op.set("missing", params.get("missing"));
    }
  }

  /**
   * An integer dtype truncates (as a torch cast does): kept when every value is whole and no
   * transform changes the column, otherwise float32, because truncation would erase fractions in the
   * data (ages like 0.83) or the noise a transform adds.
   */
  private JsonNode numericDtype(JsonNode dtype, String column, String at) {
    if (!dtype.isTextual() || !INT_DTYPES.contains(dtype.textValue())) {
      return dtype;
    }
    String why = null;
    if (transformed.contains(column)) {
      why = "a transform of this config changes it";
    } else if (profile != null && profile.column(column) != null && !profile.column(column).allWhole) {
      why = "the data has fractions (" + profile.column(column).firstFraction + ")";
    }
    if (why == null) {
      return dtype;
    }
    warnings.add(doc.at(YamlDocument.child(at, "dtype")) + YamlDocument.child(at, "dtype") + ": column '" + column
        + "' is encoded as float32 instead of " + dtype.textValue() + ", because " + why
        + " and an integer dtype would truncate it");
    return F.textNode("float32");
  }

  // ---- splits -----------------------------------------------------------------------------------

  private ArrayNode splits(JsonNode node) {
    List<JsonNode> list = listOrOne(node, "split");
    ArrayNode out = F.arrayNode();
    paths.put("split", "split");
    for (int k = 0; k < list.size(); k++) {
      String at = node.isArray() ? YamlDocument.element("split", k) : "split";
      ObjectNode s = mapping(list.get(k), at);
      String method = text(s.get("split_method"), YamlDocument.child(at, "split_method"));
      Stage stage = find(StageKind.SPLIT, method, YamlDocument.child(at, "split_method"));
      String ours = YamlDocument.element("split", k);
      paths.put(ours, at);
      paths.put(YamlDocument.child(ours, "name"), YamlDocument.child(at, "split_method"));
      ObjectNode e = out.addObject().put("name", method);
      JsonNode p = s.get("params");
      String pAt = YamlDocument.child(at, "params");
      if (!absent(p)) {
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping(p, pAt).fields(); it.hasNext(); ) {
          var f = it.next();
          String key = f.getKey().equals("split") ? "ratios" : f.getKey();
          e.set(key, f.getValue());
          paths.put(YamlDocument.child(ours, key), YamlDocument.child(pAt, f.getKey()));
        }
      }
      JsonNode inputs = s.get("split_input_columns");
      if (declares(stage, "column") && inputs != null && inputs.isArray() && inputs.size() == 1 && !e.has("column")) {
        e.set("column", inputs.get(0));
        paths.put(YamlDocument.child(ours, "column"), YamlDocument.child(at, "split_input_columns"));
      }
      if (list.size() > 1) {
        List<String> parts = new ArrayList<>();
        e.fields().forEachRemaining(f -> {
          if (!f.getKey().equals("name")) {
            parts.add(f.getKey() + "=" + Describe.label(f.getValue()));
          }
        });
        e.put("label", method + (parts.isEmpty() ? "" : "[" + String.join(",", parts) + "]"));
      }
    }
    return out;
  }

  // ---- transforms -------------------------------------------------------------------------------

  /** One (column, transformation) of a block, before zipping. */
  private record Raw(String column, String at, Stage stage, String theirName, ObjectNode params) {}

  private ArrayNode transforms(JsonNode node) {
    ArrayNode out = F.arrayNode();
    paths.put("transforms", "transforms");
    boolean none = node == null || node.isNull() || (node.isArray() && node.isEmpty());
    if (untransformed || none) {
      // The data as split, unchanged: asked for, or the only variant when the config has no transforms.
      out.addObject().put("label", "none");
    }
    if (none) {
      return out;
    }
    List<JsonNode> blocks = listOrOne(node, "transforms");
    for (int b = 0; b < blocks.size(); b++) {
      String at = node.isArray() ? YamlDocument.element("transforms", b) : "transforms";
      ObjectNode block = mapping(blocks.get(b), at);
      String name = text(block.get("transformation_name"), YamlDocument.child(at, "transformation_name"));
      List<Raw> raws = new ArrayList<>();
      List<JsonNode> cols = listOrOne(block.get("columns"), YamlDocument.child(at, "columns"));
      for (int c = 0; c < cols.size(); c++) {
        String cAt = block.get("columns").isArray()
            ? YamlDocument.element(YamlDocument.child(at, "columns"), c) : YamlDocument.child(at, "columns");
        ObjectNode col = mapping(cols.get(c), cAt);
        String column = text(col.get("column_name"), YamlDocument.child(cAt, "column_name"));
        transformed.add(column);
        String tsAt = YamlDocument.child(cAt, "transformations");
        List<JsonNode> ts = listOrOne(col.get("transformations"), tsAt);
        for (int t = 0; t < ts.size(); t++) {
          String tAt = col.get("transformations").isArray() ? YamlDocument.element(tsAt, t) : tsAt;
          ObjectNode tr = mapping(ts.get(t), tAt);
          String theirName = text(tr.get("name"), YamlDocument.child(tAt, "name"));
          Stage stage = find(StageKind.TRANSFORM, theirName, YamlDocument.child(tAt, "name"));
          JsonNode p = tr.get("params");
          ObjectNode params = absent(p) ? F.objectNode() : mapping(p, YamlDocument.child(tAt, "params"));
          raws.add(new Raw(column, tAt, stage, theirName, params));
        }
      }
      int n = zipLength(raws, at);
      for (int i = 0; i < n; i++) {
        out.add(variant(name, raws, i, n, at, out.size()));
      }
    }
    return out;
  }

  /** The common length of the list-valued parameters of a block (1 when there are none). */
  private int zipLength(List<Raw> raws, String at) {
    int n = 1;
    String first = null;
    for (Raw r : raws) {
      for (Iterator<Map.Entry<String, JsonNode>> it = r.params.fields(); it.hasNext(); ) {
        var f = it.next();
        String where = YamlDocument.child(YamlDocument.child(r.at, "params"), f.getKey());
        if (!f.getValue().isArray()) {
          continue;
        }
        int len = f.getValue().size();
        if (len == 0) {
          throw doc.error(where, "expected a value or a non-empty list of values, found an empty list");
        }
        if (len > 1) {
          if (n > 1 && len != n) {
            throw doc.error(where, "has " + len + " values but " + first + " has " + n
                + ": within one transform block, lists are zipped (taken together position by position),"
                + " so they must have the same length or a single value");
          }
          n = len;
          first = where;
        }
      }
    }
    return n;
  }

  /** The i-th zipped variant of a block, in this schema's {label, steps} shape. */
  private ObjectNode variant(String name, List<Raw> raws, int i, int n, String at, int index) {
    String ours = YamlDocument.element("transforms", index);
    paths.put(ours, at);
    ArrayNode steps = F.arrayNode();
    Map<String, Set<String>> varying = new LinkedHashMap<>();
    ObjectNode previous = null;
    for (Raw r : raws) {
      ObjectNode step = F.objectNode().put("name", r.stage.name());
      Map<String, String> from = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = r.params.fields(); it.hasNext(); ) {
        var f = it.next();
        JsonNode v = f.getValue();
        JsonNode value = v.isArray() ? v.get(v.size() == 1 ? 0 : i) : v;
        if (v.isArray() && v.size() > 1) {
          varying.computeIfAbsent(f.getKey(), k -> new LinkedHashSet<>()).add(r.column + "." + Describe.label(value));
        }
        String key = param(r, f.getKey(), value, step);
        from.put(key, YamlDocument.child(YamlDocument.child(r.at, "params"), f.getKey()));
      }
      targetColumn(r, step);
      if (r.theirName.equals("UniformTextMasker") && !step.has("mask")) {
        step.put("mask", "*"); // stimulus-py's default mask character (ours is N)
      }
      if (previous != null && mergeable(previous, step)) {
        // Same transform with the same parameters on another column: one step over both columns.
        ((ArrayNode) previous.get("columns")).addAll((ArrayNode) step.get("columns"));
        continue;
      }
      String stepPath = YamlDocument.element(YamlDocument.child(ours, "steps"), steps.size());
      paths.put(stepPath, r.at);
      paths.put(YamlDocument.child(stepPath, "name"), YamlDocument.child(r.at, "name"));
      paths.put(YamlDocument.child(stepPath, "columns"), r.at);
      paths.put(YamlDocument.child(stepPath, "column"), r.at);
      from.forEach((k, v) -> paths.put(YamlDocument.child(stepPath, k), v));
      steps.add(step);
      previous = step;
    }
    ObjectNode out = F.objectNode();
    out.put("label", n == 1 ? name : name + "[" + zippedLabel(varying) + "]");
    out.set("steps", steps);
    return out;
  }

  /** {@code std=0.1}, or {@code age.std=0.1,fare.std=0.5} when one name has different values. */
  private static String zippedLabel(Map<String, Set<String>> varying) {
    List<String> parts = new ArrayList<>();
    varying.forEach((key, colValues) -> {
      Set<String> values = new LinkedHashSet<>();
      colValues.forEach(cv -> values.add(cv.substring(cv.indexOf('.') + 1)));
      if (values.size() == 1) {
        parts.add(key + "=" + values.iterator().next());
      } else {
        colValues.forEach(cv -> parts.add(cv.substring(0, cv.indexOf('.')) + "." + key + "=" + cv.substring(cv.indexOf('.') + 1)));
      }
    });
    return String.join(",", parts);
  }

  private static boolean mergeable(ObjectNode a, ObjectNode b) {
    if (!a.has("columns") || !b.has("columns")) {
      return false;
    }
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    x.remove("columns");
    y.remove("columns");
    return x.equals(y);
  }

  /** Sets one translated parameter on {@code step}; returns our name for it. */
  private String param(Raw r, String theirKey, JsonNode value, ObjectNode step) {
    switch (r.theirName) {
      case "ReverseComplement" -> {
        if (theirKey.equals("sequence_type")) {
          step.put("alphabet", value.asText().toLowerCase(Locale.ROOT));
          return "alphabet";
        }
      }
      case "GaussianChunk" -> {
        if (theirKey.equals("std")) {
          step.set("std", chunkStd(r, value));
          return "std";
        }
      }
      default -> { }
    }
    step.set(theirKey, value);
    return theirKey;
  }

  /**
   * stimulus-py's GaussianChunk std is in positions, ours a fraction of the text length: converted
   * with the column's text length, which must then be the same in every row.
   */
  private JsonNode chunkStd(Raw r, JsonNode value) {
    String where = YamlDocument.child(YamlDocument.child(r.at, "params"), "std");
    if (!value.isNumber()) {
      return value;
    }
    DataProfile.Column c = profile == null ? null : profile.column(r.column);
    if (c == null || c.minLength != c.maxLength || c.maxLength == 0) {
      throw doc.error(where, "GaussianChunk std is in positions in stimulus-py and a fraction of the text length"
          + " here; converting needs every text of column '" + r.column + "' to have one length"
          + (c == null ? " (the data cannot be read at load time)" : ", found lengths " + c.minLength + " to " + c.maxLength)
          + "; write the block in this project's format instead");
    }
    return F.numberNode(value.asDouble() / c.maxLength);
  }

  /** Points the step at the block's column: {@code columns: [c]} or {@code column: c}, as the stage declares. */
  private static void targetColumn(Raw r, ObjectNode step) {
    if (declares(r.stage, "columns")) {
      step.putArray("columns").add(r.column);
    } else if (declares(r.stage, "column") && !step.has("column")) {
      step.put("column", r.column);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** {@code params:} left empty reads as an empty string; stimulus-py takes it as no parameters. */
  private static boolean absent(JsonNode params) {
    return params == null || params.isNull() || (params.isTextual() && params.textValue().isEmpty());
  }

  private static boolean declares(Stage stage, String param) {
    return stage.params().list().stream().map(Param::name).anyMatch(param::equals);
  }

  private Stage find(StageKind kind, String name, String at) {
    try {
      return catalogue.find(kind, name);
    } catch (StageException e) {
      throw doc.error(at, e.getMessage());
    }
  }

  /** A list, or (older configs) a single mapping standing for a list of one. */
  private List<JsonNode> listOrOne(JsonNode node, String at) {
    if (node != null && node.isObject()) {
      return List.of(node);
    }
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw doc.error(at, "expected a non-empty list, found " + Describe.found(node));
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  private ObjectNode mapping(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw doc.error(at, "expected a mapping, found " + Describe.found(node));
    }
    return (ObjectNode) node;
  }

  private String text(JsonNode node, String at) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw doc.error(at, "expected a non-empty string, found " + Describe.found(node));
    }
    return node.textValue();
  }
}
