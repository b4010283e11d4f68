package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stimulus.core.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Content ids and flattened parameters of variants, shared by the grid, the sampler and replicates. */
final class Variants {

  private Variants() {}

  /** Eight hex digits of the digest of the steps' names and resolved params. */
  static String contentId(List<Variant.Step> steps) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Variant.Step s : steps) {
      a.addObject().put("stage", s.stage().name()).set("params", s.params());
    }
    return CanonicalJson.digest(a).hex().substring(0, 8);
  }

  /** Resolved params for tables: bare names, or {@code Step.param} (with {@code #n} for repeats). */
  static TreeMap<String, JsonNode> flatten(List<Variant.Step> steps, boolean qualify) {
    TreeMap<String, JsonNode> out = new TreeMap<>();
    Map<String, Integer> nameCount = new LinkedHashMap<>();
    steps.forEach(s -> nameCount.merge(s.stage().name(), 1, Integer::sum));
    for (int i = 0; i < steps.size(); i++) {
      Variant.Step s = steps.get(i);
      String prefix = !qualify ? "" : s.stage().name() + (nameCount.get(s.stage().name()) > 1 ? "#" + (i + 1) : "") + ".";
      s.params().fields().forEachRemaining(e -> out.put(prefix + e.getKey(), e.getValue()));
    }
    return out;
  }
}
