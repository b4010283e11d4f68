package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.workflows.experiment.StageEntries.StepGrid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Variant labels and content ids: labels from the varying axes, duplicates refused, collisions disambiguated. */
final class VariantLabels {

  private VariantLabels() {}

  /** A variant before labels are made unique. */
  record Candidate(String path, String base, String axes, List<Variant.Step> steps) {}

  /** {@code [std=0.3]} for the axes that vary; step-qualified where a name varies in two steps. */
  static String axesLabel(List<StepGrid> grids, List<List<JsonNode>> rows) {
    Map<String, Integer> varyingNames = new HashMap<>();
    for (StepGrid g : grids) {
      g.axes.stream().filter(Grid.Axis::varies).forEach(a -> varyingNames.merge(a.name(), 1, Integer::sum));
    }
    List<String> parts = new ArrayList<>();
    for (int s = 0; s < grids.size(); s++) {
      StepGrid g = grids.get(s);
      for (int i = 0; i < g.axes.size(); i++) {
        Grid.Axis a = g.axes.get(i);
        if (a.varies()) {
          String key = varyingNames.get(a.name()) > 1 ? g.stage.name() + "#" + (s + 1) + "." + a.name() : a.name();
          parts.add(key + "=" + Describe.label(rows.get(s).get(i)));
        }
      }
    }
    return parts.isEmpty() ? "" : "[" + String.join(",", parts) + "]";
  }

  /** Assigns ids, rejects duplicates, and disambiguates colliding labels with the id. */
  static List<Variant> finish(YamlDocument doc, List<Candidate> candidates, String kind, boolean qualifyParams) {
    Map<String, String> pathById = new HashMap<>();
    Map<String, Integer> labelCount = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Candidate c : candidates) {
      String id = Variants.contentId(c.steps);
      String earlier = pathById.putIfAbsent(id, c.path);
      if (earlier != null) {
        throw doc.error(c.path, "describes the same " + kind + " variant as " + earlier + " ("
            + c.base + c.axes + "); remove one of them");
      }
      ids.add(id);
      labelCount.merge(c.base + c.axes, 1, Integer::sum);
    }
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      String label = c.base + c.axes;
      if (labelCount.get(label) > 1) {
        label = label + "@" + ids.get(i);
      }
      out.add(new Variant(label, ids.get(i), c.steps, Variants.flatten(c.steps, qualifyParams)));
    }
    return out;
  }

  static List<List<Integer>> indexProduct(List<Integer> sizes) {
    List<List<Integer>> out = new ArrayList<>();
    out.add(List.of());
    for (int size : sizes) {
      List<List<Integer>> next = new ArrayList<>();
      for (List<Integer> prefix : out) {
        for (int i = 0; i < size; i++) {
          List<Integer> row = new ArrayList<>(prefix);
          row.add(i);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }
}
