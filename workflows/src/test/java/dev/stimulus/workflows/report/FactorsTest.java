package dev.stimulus.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.index.IndexedTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which parameters the analyses look at. */
class FactorsTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * The titanic example's shape: a noise step in one of the transform blocks. Its std is the grid
   * axis; its mean, seed and columns only say whether the step is there, so they are left out with
   * the parameter they follow, while parameters of other steps stay.
   */
  @Test
  void parametersOfAStepThatOnlyRepeatItsPresenceAreLeftOut() {
    List<IndexedTrial> trials = new ArrayList<>();
    for (int seed : new int[] {1, 2}) {
      for (Double std : new Double[] {null, 0.1, 0.3}) {
        Map<String, JsonNode> p = new TreeMap<>();
        p.put("split.seed", F.numberNode(seed));
        p.put("transform", F.textNode(std == null ? "none" : "noise[std=" + std + "]"));
        if (std != null) {
          p.put("transform.GaussianNoise.std", F.numberNode(std));
          p.put("transform.GaussianNoise.mean", F.numberNode(0.0));
          p.put("transform.GaussianNoise.seed", F.numberNode(42));
          p.put("transform.GaussianNoise.columns", F.arrayNode().add("age"));
        }
        trials.add(trial(trials.size(), p, 0.7 + (std == null ? 0 : std)));
      }
    }
    Factors f = Factors.of(trials);
    assertEquals(List.of("split.seed", "transform.GaussianNoise.std"), f.names);
    assertEquals(Map.of(
        "transform.GaussianNoise.mean", "transform.GaussianNoise.std",
        "transform.GaussianNoise.seed", "transform.GaussianNoise.std",
        "transform.GaussianNoise.columns", "transform.GaussianNoise.std"), f.determinedBy);
  }

  private static IndexedTrial trial(int index, Map<String, JsonNode> params, double v) {
    ObjectNode metrics = F.objectNode();
    metrics.putObject("validation").put("roc_auc", v);
    return new IndexedTrial("x", "20250101T000000000Z-00000000", "2025-01-01T00:00:00Z", index,
        String.format("t%09d", index), "trial " + index, "ok", "", new TreeMap<>(params), metrics, v,
        "cd".repeat(32), null, Map.of(), 10, 6, 0, "split,transform,encode,train,evaluate", "ab".repeat(32));
  }
}
