package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML document read into a Jackson tree, remembering where each value stood in the file so that
 * validation errors can point at a line and column.
 *
 * <p>Hand-written tree building (instead of {@code ObjectMapper.readTree}) because Jackson's YAML
 * parser works on SnakeYAML's event stream, where the composer-level defences (alias count, nesting
 * depth) do not apply, and because it would turn an alias {@code *x} silently into the string "x".
 * Here aliases are expanded with a budget (so a "billion laughs" document fails fast with a clear
 * message), nesting depth is capped, and duplicate keys are an error. SnakeYAML's own code point
 * limit guards the input size.
 */
final class YamlDocument {

  /** Largest accepted document, in code points; experiment files are a few kilobytes. */
  static final int MAX_CODE_POINTS = 1 << 20;
  /** Deepest accepted nesting of mappings and lists. */
  static final int MAX_DEPTH = 32;
  /** At most this many alias uses ({@code *name}) per document. */
  static final int MAX_ALIASES = 50;
  /** At most this many values in the expanded tree (aliases count with their full size). */
  static final int MAX_NODES = 100_000;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final YAMLFactory FACTORY = factory();

  private final String file;
  private final JsonNode root;
  private final Map<String, JsonLocation> locations;
  /** Maps a field path used by a caller to the path in this file (identity unless {@link #mapped}). */
  private final UnaryOperator<String> toSource;

  private YamlDocument(String file, JsonNode root, Map<String, JsonLocation> locations, UnaryOperator<String> toSource) {
    this.file = file;
    this.root = root;
    this.locations = locations;
    this.toSource = toSource;
  }

  /**
   * The same document, reporting errors for translated field paths at the fields they came from:
   * {@code error(path, ...)} names {@code toSource.apply(path)}, its line and column.
   */
  YamlDocument mapped(UnaryOperator<String> toSource) {
    return new YamlDocument(file, root, locations, toSource);
  }

  private static YAMLFactory factory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    // Duplicates are detected while building the tree, with the field path in the message.
    options.setAllowDuplicateKeys(true);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  /**
   * Parses {@code text}.
   *
   * @param file the file name used in messages
   * @throws ExperimentException for invalid YAML or a document over the limits
   */
  static YamlDocument parse(String file, byte[] text) {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (YAMLParser parser =
        (YAMLParser) FACTORY.createParser(new String(text, StandardCharsets.UTF_8))) {
      Builder b = new Builder(file, parser, locations);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ExperimentException(file + ": the file is empty (expected a YAML mapping)");
      }
      JsonNode root = b.value("", 0);
      if (parser.nextToken() != null) {
        throw new ExperimentException(b.at(parser.currentTokenLocation())
            + "more than one YAML document in the file (expected exactly one)");
      }
      return new YamlDocument(file, root, locations, UnaryOperator.identity());
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? file + ": " : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
      throw new ExperimentException(where + "invalid YAML: " + firstLines(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new ExperimentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  JsonNode root() {
    return root;
  }

  String file() {
    return file;
  }

  /** {@code file:line:col: } for a path, or the nearest enclosing path that has a location. */
  String at(String path) {
    String p = path;
    while (true) {
      JsonLocation loc = locations.get(p);
      if (loc != null) {
        return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
      }
      if (p.isEmpty()) {
        return file + ": ";
      }
      p = parent(p);
    }
  }

  /** Sort key of a path's position in the file (its nearest located ancestor): earlier fields first. */
  long order(String path) {
    String p = path;
    while (true) {
      JsonLocation loc = locations.get(p);
      if (loc != null) {
        return loc.getLineNr() * 1_000_000L + loc.getColumnNr();
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = parent(p);
    }
  }

  /** A user error at {@code path}: {@code file:line:col: path: message}. */
  ExperimentException error(String path, String message) {
    String p = toSource.apply(path);
    return new ExperimentException(at(p) + (p.isEmpty() ? "" : p + ": ") + message);
  }

  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  private static String firstLines(String message) {
    if (message == null) {
      return "(no detail)";
    }
    // SnakeYAML messages repeat the offending line with a caret; keep the explanation only.
    StringBuilder out = new StringBuilder();
    for (String line : message.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("in '") || t.startsWith("^") || line.startsWith("    ")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(t);
    }
    return out.toString();
  }

  /** Recursive descent over the token stream. */
  private static final class Builder {
    private final String file;
    private final YAMLParser p;
    private final Map<String, JsonLocation> locations;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    private int aliases;
    private int nodes;

    Builder(String file, YAMLParser p, Map<String, JsonLocation> locations) {
      this.file = file;
      this.p = p;
      this.locations = locations;
    }

    String at(JsonLocation loc) {
      return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }

    /** Reads the value whose first token is current. */
    JsonNode value(String path, int depth) throws IOException {
      JsonLocation loc = p.currentTokenLocation();
      locations.putIfAbsent(path, loc);
      if (p.isCurrentAlias()) {
        return alias(path, loc);
      }
      String anchor = p.getObjectId() == null ? null : p.getObjectId().toString();
      int before = nodes;
      JsonNode v = switch (p.currentToken()) {
        case START_OBJECT -> mapping(path, depth + 1, loc);
        case START_ARRAY -> sequence(path, depth + 1, loc);
        case VALUE_STRING -> F.textNode(p.getText());
        case VALUE_NUMBER_INT -> F.numberNode(p.getBigIntegerValue());
        case VALUE_NUMBER_FLOAT -> decimal(loc);
        case VALUE_TRUE -> F.booleanNode(true);
        case VALUE_FALSE -> F.booleanNode(false);
        case VALUE_NULL -> F.nullNode();
        default -> throw new ExperimentException(at(loc) + "unexpected YAML token " + p.currentToken());
      };
      count(1, loc);
      if (anchor != null) {
        anchors.put(anchor, v);
        anchorSizes.put(anchor, nodes - before);
      }
      return v;
    }

    private JsonNode decimal(JsonLocation loc) throws IOException {
      String text = p.getText();
      try {
        return F.numberNode(new BigDecimal(p.getDecimalValue().toString()));
      } catch (NumberFormatException | JsonProcessingException e) {
        throw new ExperimentException(at(loc) + "expected a finite number, found '" + text + "'");
      }
    }

    private ObjectNode mapping(String path, int depth, JsonLocation loc) throws IOException {
      checkDepth(depth, loc);
      ObjectNode o = F.objectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation keyLoc = p.currentTokenLocation();
        if (o.has(key)) {
          throw new ExperimentException(at(keyLoc) + YamlDocument.child(path, key)
              + ": duplicate key '" + key + "' (each key may appear once in a mapping)");
        }
        String childPath = YamlDocument.child(path, key);
        locations.put(childPath, keyLoc);
        p.nextToken();
        o.set(key, value(childPath, depth));
      }
      return o;
    }

    private ArrayNode sequence(String path, int depth, JsonLocation loc) throws IOException {
      checkDepth(depth, loc);
      ArrayNode a = F.arrayNode();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        a.add(value(YamlDocument.element(path, a.size()), depth));
      }
      return a;
    }

    private JsonNode alias(String path, JsonLocation loc) throws IOException {
      String name = p.getText();
      if (++aliases > MAX_ALIASES) {
        throw new ExperimentException(at(loc) + path + ": too many YAML aliases (more than "
            + MAX_ALIASES + "); refusing to expand what looks like an alias bomb");
      }
      JsonNode target = anchors.get(name);
      if (target == null) {
        // Jackson's YAML parser does not report anchors on single values, only on mappings and lists.
        throw new ExperimentException(at(loc) + path + ": alias *" + name + " names no anchored mapping or"
            + " list &" + name + " before it (anchors on single values are not supported)");
      }
      count(anchorSizes.get(name), loc);
      return target.deepCopy();
    }

    private void count(int n, JsonLocation loc) {
      nodes += n;
      if (nodes > MAX_NODES) {
        throw new ExperimentException(at(loc) + "the document expands to more than " + MAX_NODES
            + " values (through aliases?); refusing to expand what looks like an alias bomb");
      }
    }

    private void checkDepth(int depth, JsonLocation loc) {
      if (depth > MAX_DEPTH) {
        throw new ExperimentException(at(loc) + "nesting deeper than " + MAX_DEPTH + " levels");
      }
    }
  }
}
