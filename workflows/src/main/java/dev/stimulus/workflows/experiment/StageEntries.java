package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stage entry ({@code name} or {@code trainer} plus params) read into grid axes: the stage looked
 * up, the experiment seed filled in, column names checked, each grid point resolved with located errors.
 */
final class StageEntries {

  private static final Pattern PARAM_IN_MESSAGE = Pattern.compile("parameter '([^']+)'");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Where errors are reported: the experiment file, or the stimulus-py file while reading what it gives. */
  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final Catalogue catalogue;
  /** The data's header, or null when it cannot be read before running (s3:// sources). */
  private final List<String> header;
  private final long seed;

  StageEntries(YamlDocument doc, Catalogue catalogue, List<String> header, long seed) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.catalogue = catalogue;
    this.header = header;
    this.seed = seed;
  }

  YamlDocument doc() {
    return doc;
  }

  Catalogue catalogue() {
    return catalogue;
  }

  /** A stage entry split into grid axes, with what it takes to resolve one grid point. */
  static final class StepGrid {
    final YamlDocument doc;
    final Stage stage;
    final String at;
    final List<Grid.Axis> axes;
    final ObjectNode given;

    StepGrid(YamlDocument doc, Stage stage, String at, List<Grid.Axis> axes, ObjectNode given) {
      this.doc = doc;
      this.stage = stage;
      this.at = at;
      this.axes = axes;
      this.given = given;
    }

    Variant.Step resolve(List<JsonNode> row) {
      ObjectNode raw = F.objectNode();
      for (int i = 0; i < axes.size(); i++) {
        raw.set(axes.get(i).name(), row.get(i));
      }
      return new Variant.Step(stage, StageEntries.resolve(doc, stage, raw, at, given));
    }

    /** Each axis at its first value (a range at its low end). */
    List<JsonNode> firstRow() {
      return new ArrayList<>(axes.stream().map(a -> a.values().get(0)).toList());
    }
  }

  StepGrid stepGrid(StageKind kind, ObjectNode entry, String at, String nameKey) {
    if (!entry.has(nameKey)) {
      throw doc.error(at, "missing required key '" + nameKey + "' (the " + kind.id() + " stage)");
    }
    String name = shapes.text(entry.get(nameKey), YamlDocument.child(at, nameKey));
    Stage stage = find(doc, catalogue, kind, name, YamlDocument.child(at, nameKey));
    ObjectNode given = entry.deepCopy();
    given.remove(nameKey);
    given.remove("label");
    boolean declaresSeed = stage.params().list().stream().anyMatch(p -> p.name().equals("seed"));
    if (declaresSeed && !given.has("seed")) {
      // Random stages without a seed of their own take the experiment's (an identity field: the
      // actual randomness comes from the action key, which includes it).
      given.put("seed", seed);
    }
    checkColumns(stage, given, at);
    return new StepGrid(doc, stage, at, Grid.axes(doc, stage, given, at), given);
  }

  /** Column-list params must name columns of the data, when the header is known. */
  private void checkColumns(Stage stage, ObjectNode given, String at) {
    if (header == null) {
      return;
    }
    for (Param p : stage.params().list()) {
      JsonNode v = given.get(p.name());
      if (p.type() != Param.Type.STRING_LIST || !p.name().equals("columns") || v == null || !v.isArray()) {
        continue;
      }
      List<JsonNode> names = new ArrayList<>();
      v.forEach(e -> {
        if (e.isArray()) {
          e.forEach(names::add);
        } else {
          names.add(e);
        }
      });
      for (JsonNode n : names) {
        if (n.isTextual() && !header.contains(n.textValue())) {
          throw doc.error(YamlDocument.child(at, p.name()), "column '" + n.textValue()
              + "' is not in the header of the data (available: " + String.join(", ", header) + ")");
        }
      }
    }
  }

  /** The catalogue's stage, its error reported at {@code at}. */
  static Stage find(YamlDocument doc, Catalogue catalogue, StageKind kind, String name, String at) {
    try {
      return catalogue.find(kind, name);
    } catch (StageException e) {
      throw doc.error(at, e.getMessage());
    }
  }

  /** Stage.resolveParams with its message prefixed by the field path of the offending parameter. */
  static ObjectNode resolve(YamlDocument doc, Stage stage, ObjectNode raw, String at, ObjectNode given) {
    try {
      return stage.resolveParams(raw, stage.kind().id() + " " + stage.name());
    } catch (StageException e) {
      String path = at;
      Matcher m = PARAM_IN_MESSAGE.matcher(e.getMessage());
      if (m.find() && given.has(m.group(1))) {
        path = YamlDocument.child(at, m.group(1));
      }
      throw doc.error(path, e.getMessage());
    }
  }
}
