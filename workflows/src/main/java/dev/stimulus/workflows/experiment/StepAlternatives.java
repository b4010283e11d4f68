package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.experiment.StageEntries.StepGrid;
import dev.stimulus.workflows.experiment.VariantLabels.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alternatives of each pipeline step (split entries, transform blocks, the model, the evaluation)
 * and their expansion into variants: every grid point, or for a sampling search a probe of each value.
 */
final class StepAlternatives {

  private static final String IDENTITY = "Identity";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Where errors are reported: the experiment file, or the stimulus-py file while reading what it gives. */
  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final StageEntries entries;

  StepAlternatives(StageEntries entries) {
    this.doc = entries.doc();
    this.shapes = new ShapeChecks(doc);
    this.entries = entries;
  }

  List<Alt> splitAlts(JsonNode node) {
    ArrayNode list = node.isObject() ? F.arrayNode().add(node) : shapes.list(node, "split");
    List<Alt> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = node.isObject() ? "split" : YamlDocument.element("split", i);
      ObjectNode entry = shapes.mapping(list.get(i), at);
      String label = entry.has("label") ? shapes.text(entry.get("label"), YamlDocument.child(at, "label")) : null;
      StepGrid g = entries.stepGrid(StageKind.SPLIT, entry, at, "name");
      out.add(new Alt(at, label == null ? g.stage.name() : label, false, List.of(g), null));
    }
    return out;
  }

  List<Alt> transformAlts(JsonNode node) {
    if (node == null || node.isNull()) {
      node = F.arrayNode().add(F.objectNode().put("label", "none"));
    }
    ArrayNode blocks = shapes.list(node, "transforms");
    List<Alt> out = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      String at = YamlDocument.element("transforms", b);
      ObjectNode block = shapes.mapping(blocks.get(b), at);
      shapes.checkKeys(block, at, List.of("label", "steps"), List.of());
      JsonNode stepsNode = block.get("steps");
      List<StepGrid> grids = new ArrayList<>();
      if (stepsNode != null && !stepsNode.isNull()) {
        if (!stepsNode.isArray()) {
          throw doc.error(YamlDocument.child(at, "steps"), "expected a list of steps, found " + Describe.found(stepsNode));
        }
        for (int s = 0; s < stepsNode.size(); s++) {
          String stepAt = YamlDocument.element(YamlDocument.child(at, "steps"), s);
          grids.add(entries.stepGrid(StageKind.TRANSFORM, shapes.mapping(stepsNode.get(s), stepAt), stepAt, "name"));
        }
      }
      String label;
      if (block.has("label")) {
        label = shapes.text(block.get("label"), YamlDocument.child(at, "label"));
      } else {
        label = grids.isEmpty() ? "none" : String.join("+", grids.stream().map(g -> g.stage.name()).toList());
      }
      Variant.Step identity = null;
      if (grids.isEmpty()) {
        // An empty block still gets a node: the identity transform, so every trial has the same shape.
        Stage stage = StageEntries.find(doc, entries.catalogue(), StageKind.TRANSFORM, IDENTITY, at);
        identity = new Variant.Step(stage, StageEntries.resolve(doc, stage, F.objectNode(), at, F.objectNode()));
      }
      out.add(new Alt(at, label, false, grids, identity));
    }
    return out;
  }

  /** A single mapping with an optional stage-name key ({@code trainer}/{@code name}) and params. */
  Alt singleAlt(JsonNode node, String at, StageKind kind, String nameKey, String dflt, boolean architectureLabel) {
    ObjectNode entry = shapes.mapping(node, at).deepCopy();
    if (!entry.has(nameKey)) {
      entry.put(nameKey, dflt);
    }
    String label = entry.has("label") ? shapes.text(entry.get("label"), YamlDocument.child(at, "label")) : null;
    StepGrid g = entries.stepGrid(kind, entry, at, nameKey);
    return new Alt(at, label == null ? g.stage.name() : label, label == null && architectureLabel, List.of(g), null);
  }

  /**
   * The variants of one step's alternatives. For the grid: every point (ranges refused). For a
   * sampling strategy none are listed (the strategy draws them); each parameter value (each end of
   * a range) is resolved once here so that a bad value is reported before anything runs.
   */
  List<Variant> variants(List<Alt> alts, String kind, boolean qualify, boolean sampled, List<Variant.Step> firsts) {
    if (!sampled) {
      List<Candidate> all = new ArrayList<>();
      for (Alt a : alts) {
        for (StepGrid g : a.grids) {
          for (Grid.Axis axis : g.axes) {
            if (axis.range() != null) {
              throw doc.error(axis.path(), "a range " + axis.range() + " is sampled, not listed: search.strategy grid"
                  + " takes explicit values; use a sampling search strategy (random, sobol or tpe) with a budget,"
                  + " or list the values");
            }
          }
        }
        all.addAll(a.expand());
      }
      all.forEach(c -> firsts.add(c.steps().get(0)));
      return VariantLabels.finish(doc, all, kind, qualify);
    }
    for (Alt a : alts) {
      firsts.addAll(a.probe());
    }
    return List.of();
  }

  private static SearchSpace.Dimension dimension(Grid.Axis a) {
    Grid.Range r = a.range();
    if (r == null) {
      return new SearchSpace.Categorical(a.path(), a.values());
    }
    return switch (r.kind()) {
      case "int" -> new SearchSpace.Int(a.path(), r.lo().longValue(), r.hi().longValue());
      case "loguniform" -> new SearchSpace.Real(a.path(), r.lo().doubleValue(), r.hi().doubleValue(), true);
      default -> new SearchSpace.Real(a.path(), r.lo().doubleValue(), r.hi().doubleValue(), false);
    };
  }

  /**
   * One alternative of a pipeline step (a split entry, a transform block, the model, the
   * evaluation) before expansion: its stage entries, an empty block's Identity step, its label.
   */
  static final class Alt {
    final String path;
    /** The given label, or the stage's name (or the block's stage names). */
    final String base;
    /** Without a given label the model is labelled by its architecture, which may vary. */
    final boolean architectureLabel;
    final List<StepGrid> grids;
    final Variant.Step identity;

    Alt(String path, String base, boolean architectureLabel, List<StepGrid> grids, Variant.Step identity) {
      this.path = path;
      this.base = base;
      this.architectureLabel = architectureLabel;
      this.grids = grids;
      this.identity = identity;
    }

    private Candidate candidate(List<List<JsonNode>> rows) {
      if (identity != null) {
        return new Candidate(path, base, "", List.of(identity));
      }
      List<Variant.Step> steps = new ArrayList<>();
      for (int s = 0; s < grids.size(); s++) {
        steps.add(grids.get(s).resolve(rows.get(s)));
      }
      String label = base;
      JsonNode arch = steps.get(0).params().get("architecture");
      if (architectureLabel && arch != null && arch.isTextual()) {
        label = arch.textValue();
      }
      return new Candidate(path, label, VariantLabels.axesLabel(grids, rows), steps);
    }

    /** Every grid point: the steps crossed (first slowest), each step's own product (first axis slowest). */
    List<Candidate> expand() {
      List<List<List<JsonNode>>> perStep = grids.stream().map(g -> Grid.product(g.axes)).toList();
      List<Candidate> out = new ArrayList<>();
      for (List<Integer> pick : VariantLabels.indexProduct(perStep.stream().map(List::size).toList())) {
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int s = 0; s < grids.size(); s++) {
          rows.add(perStep.get(s).get(pick.get(s)));
        }
        out.add(candidate(rows));
      }
      return out;
    }

    /** Resolves every listed value and both ends of every range, the other axes at their first value. */
    List<Variant.Step> probe() {
      List<Variant.Step> out = new ArrayList<>();
      if (identity != null) {
        return List.of(identity);
      }
      for (int s = 0; s < grids.size(); s++) {
        StepGrid g = grids.get(s);
        out.add(g.resolve(g.firstRow()));
        for (int i = 0; i < g.axes.size(); i++) {
          Grid.Axis a = g.axes.get(i);
          List<JsonNode> values = a.range() == null ? a.values() : List.of(a.range().lo(), a.range().hi());
          for (JsonNode v : values) {
            List<JsonNode> row = g.firstRow();
            row.set(i, v);
            Variant.Step step = g.resolve(row);
            if (s == 0) {
              out.add(step);
            }
          }
        }
      }
      return out;
    }

    /** The varying axes as dimensions, named by their field paths. */
    List<SearchSpace.Dimension> dimensions() {
      List<SearchSpace.Dimension> out = new ArrayList<>();
      for (StepGrid g : grids) {
        for (Grid.Axis a : g.axes) {
          if (a.varies()) {
            out.add(dimension(a));
          }
        }
      }
      return out;
    }

    /** The candidate at a point's values. */
    Candidate at(Map<String, Double> values) {
      List<List<JsonNode>> rows = new ArrayList<>();
      for (StepGrid g : grids) {
        List<JsonNode> row = new ArrayList<>();
        for (Grid.Axis a : g.axes) {
          if (!a.varies()) {
            row.add(a.values().get(0));
            continue;
          }
          Double v = values.get(a.path());
          if (v == null) {
            throw new IllegalArgumentException("the point has no value for " + a.path());
          }
          row.add(dimension(a).value(v));
        }
        rows.add(row);
      }
      return candidate(rows);
    }
  }
}
