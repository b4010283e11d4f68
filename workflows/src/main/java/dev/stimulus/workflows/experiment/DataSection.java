package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads the {@code data} section: the source file (and its header when local), the columns, the encode step. */
final class DataSection {

  private static final Pattern COLUMN_IN_MESSAGE = Pattern.compile("column '([^']+)'");
  private static final String ENCODE_STAGE = "columns";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Where errors are reported: the experiment file, or the stimulus-py file while reading what it gives. */
  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final Path baseDir;
  private final Catalogue catalogue;
  /** The data's header, or null when it cannot be read before running (s3:// sources). */
  private List<String> header;
  /** The local data file, or null (s3:// sources). */
  private Path localData;

  DataSection(YamlDocument doc, Path baseDir, Catalogue catalogue) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.baseDir = baseDir;
    this.catalogue = catalogue;
  }

  /** The same data, its errors reported in another document (a stimulus-py config that gives the columns). */
  DataSection reportingIn(YamlDocument other) {
    DataSection out = new DataSection(other, baseDir, catalogue);
    out.header = header;
    out.localData = localData;
    return out;
  }

  /** The header read by {@link #source}, or null for an s3:// source. */
  List<String> header() {
    return header;
  }

  /** The local file read by {@link #source}, or null for an s3:// source. */
  Path localData() {
    return localData;
  }

  URI source(JsonNode node) {
    String text = shapes.text(node, "data.source");
    if (text.startsWith("s3://")) {
      URI uri = uri(text);
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw doc.error("data.source", "expected s3://bucket/key, found '" + text + "'");
      }
      return uri;
    }
    Path path;
    if (text.startsWith("file:")) {
      try {
        path = Path.of(uri(text));
      } catch (IllegalArgumentException e) {
        throw doc.error("data.source", "expected file:/absolute/path, found '" + text + "'");
      }
    } else if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw doc.error("data.source", "expected a path, a file: URI or an s3:// URI, found '" + text + "'");
    } else {
      path = baseDir.resolve(text);
    }
    path = path.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw doc.error("data.source", "data file not found: " + path);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw doc.error("data.source", "not a readable file: " + path);
    }
    header = readHeader(path);
    localData = path;
    return path.toUri();
  }

  private URI uri(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw doc.error("data.source", "not a valid URI: " + e.getMessage());
    }
  }

  private List<String> readHeader(Path path) {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.parse(r)) {
      Iterator<CSVRecord> it = p.iterator();
      if (!it.hasNext()) {
        throw doc.error("data.source", path + " is empty (expected a CSV header row)");
      }
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String h : it.next()) {
        String name = names.isEmpty() && h.startsWith("\uFEFF") ? h.substring(1) : h;
        if (!seen.add(name)) {
          throw doc.error("data.source", path + ": the header names the column '" + name + "' twice");
        }
        names.add(name);
      }
      return List.copyOf(names);
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      throw doc.error("data.source", path + ": cannot read the CSV header: " + e.getMessage());
    }
  }

  List<ColumnSpec> columns(JsonNode node) {
    ArrayNode list = shapes.list(node, "data.columns");
    List<ColumnSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = YamlDocument.element("data.columns", i);
      ObjectNode c = shapes.mapping(list.get(i), at);
      shapes.checkKeys(c, at, List.of("name", "role", "encoder"), List.of("name", "role"));
      String name = shapes.text(c.get("name"), YamlDocument.child(at, "name"));
      if (seen.put(name, at) != null) {
        throw doc.error(at, "the column '" + name + "' is listed twice (also at " + seen.get(name) + ")");
      }
      if (header != null && !header.contains(name)) {
        throw doc.error(YamlDocument.child(at, "name"), "column '" + name + "' is not in the header of the data"
            + " (available: " + String.join(", ", header) + ")");
      }
      String roleText = shapes.text(c.get("role"), YamlDocument.child(at, "role"));
      ColumnSpec.Role role = null;
      for (ColumnSpec.Role r : ColumnSpec.Role.values()) {
        if (r.id().equals(roleText)) {
          role = r;
        }
      }
      if (role == null) {
        throw doc.error(YamlDocument.child(at, "role"), "expected one of input, label, meta, group, found '"
            + roleText + "'");
      }
      ObjectNode encoder = null;
      boolean encoded = role == ColumnSpec.Role.INPUT || role == ColumnSpec.Role.LABEL;
      if (encoded) {
        if (!c.has("encoder")) {
          throw doc.error(at, "the " + role.id() + " column '" + name
              + "' needs an encoder, e.g. encoder: {name: Numeric}");
        }
        encoder = encoder(c.get("encoder"), YamlDocument.child(at, "encoder"));
      } else if (c.has("encoder")) {
        throw doc.error(YamlDocument.child(at, "encoder"), role.id()
            + " columns are not encoded: remove the encoder or make the column an input");
      }
      out.add(new ColumnSpec(name, role, encoder));
    }
    List<String> labels = out.stream().filter(c -> c.role() == ColumnSpec.Role.LABEL).map(ColumnSpec::name).toList();
    if (labels.size() != 1) {
      throw doc.error("data.columns", "expected exactly one column with role label, found "
          + labels.size() + (labels.isEmpty() ? "" : " (" + String.join(", ", labels) + ")"));
    }
    if (out.stream().noneMatch(c -> c.role() == ColumnSpec.Role.INPUT)) {
      throw doc.error("data.columns", "expected at least one column with role input, found none");
    }
    return out;
  }

  /** {@code {name, params}}; a shorthand puts the params next to the name. */
  private ObjectNode encoder(JsonNode node, String at) {
    ObjectNode given = shapes.mapping(node, at);
    if (!given.has("name")) {
      throw doc.error(at, "missing required key 'name' (the column encoder, e.g. Numeric)");
    }
    String name = shapes.text(given.get("name"), YamlDocument.child(at, "name"));
    ObjectNode params;
    if (given.has("params")) {
      if (given.size() > 2) {
        throw doc.error(at, "give encoder parameters either under 'params' or next to 'name', not both");
      }
      params = shapes.mapping(given.get("params"), YamlDocument.child(at, "params")).deepCopy();
    } else {
      params = given.deepCopy();
      params.remove("name");
    }
    ObjectNode out = F.objectNode();
    out.put("name", name);
    out.set("params", params);
    return out;
  }

  Variant encode(List<ColumnSpec> columns) {
    Stage stage = StageEntries.find(doc, catalogue, StageKind.ENCODE, ENCODE_STAGE, "data.columns");
    ArrayNode specs = F.arrayNode();
    for (ColumnSpec c : columns) {
      if (c.encoded()) {
        ObjectNode o = specs.addObject();
        o.put("name", c.name());
        o.put("role", c.role().id());
        o.set("encoder", c.encoder());
      }
    }
    ObjectNode given = F.objectNode();
    given.set("columns", specs);
    ObjectNode resolved;
    try {
      resolved = stage.resolveParams(given, stage.kind().id() + " " + stage.name());
    } catch (StageException e) {
      // Point at the column the encode stage complains about, when it names one.
      String path = "data.columns";
      Matcher m = COLUMN_IN_MESSAGE.matcher(e.getMessage());
      if (m.find()) {
        for (int i = 0; i < columns.size(); i++) {
          if (columns.get(i).name().equals(m.group(1))) {
            path = YamlDocument.child(YamlDocument.element("data.columns", i), "encoder");
          }
        }
      }
      throw doc.error(path, e.getMessage());
    }
    List<Variant.Step> steps = List.of(new Variant.Step(stage, resolved));
    return new Variant(ENCODE_STAGE, Variants.contentId(steps), steps, Variants.flatten(steps, false));
  }
}
