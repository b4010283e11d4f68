package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stimulus.workflows.index.IndexedTrial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trials whose objective is a known function of their parameters, shaped like the executor's
 * (flattened params of split, transform steps and model):
 * {@code roc_auc = 0.9 - 0.2 * std(label-relevant noise) + 0.04 * log2(fraction) + 0.01 [lr = 0.01]
 * + N(0, 0.005)}; the noise on the irrelevant column has no effect at all. Three split seeds
 * replicate every configuration; six label-shuffle trials score 0.5 + N(0, 0.01); two trials failed.
 */
final class PlantedTrials {

  static final String RELEVANT = "transform.GaussianNoise#1.std";
  static final String IRRELEVANT = "transform.GaussianNoise#2.std";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PlantedTrials() {}

  static List<IndexedTrial> trials(String experiment) {
    Random noise = new Random(7);
    List<IndexedTrial> out = new ArrayList<>();
    double[] stds = {0, 0.5, 1.0};
    double[] fractions = {0.25, 0.5, 1.0};
    double[] lrs = {0.01, 0.1};
    for (int seed = 1; seed <= 3; seed++) {
      for (double relevant : stds) {
        for (double irrelevant : stds) {
          for (double fraction : fractions) {
            for (double lr : lrs) {
              Map<String, JsonNode> p = base(seed, lr);
              p.put("transform", TextNode.valueOf("noise[std=" + relevant + ",std=" + irrelevant + ",fraction=" + fraction + "]"));
              p.put(RELEVANT, DoubleNode.valueOf(relevant));
              p.put("transform.GaussianNoise#1.columns", F.arrayNode().add("sex"));
              p.put(IRRELEVANT, DoubleNode.valueOf(irrelevant));
              p.put("transform.GaussianNoise#2.columns", F.arrayNode().add("passenger_id"));
              p.put("transform.RandomDownSampler#3.fraction", DoubleNode.valueOf(fraction));
              double v = 0.9 - 0.2 * relevant + 0.04 * Math.log(fraction) / Math.log(2) + (lr == 0.01 ? 0.01 : 0)
                  + 0.005 * noise.nextGaussian();
              out.add(trial(experiment, out.size(), p, v));
            }
          }
        }
      }
      for (double lr : lrs) {
        Map<String, JsonNode> p = base(seed, lr);
        p.put("transform", TextNode.valueOf("shuffled"));
        p.put("transform.LabelShuffle.column", TextNode.valueOf("survived"));
        out.add(trial(experiment, out.size(), p, 0.5 + 0.01 * noise.nextGaussian()));
      }
    }
    for (int k = 0; k < 2; k++) {
      Map<String, JsonNode> p = base(1, 0.1);
      p.put("transform", TextNode.valueOf("broken"));
      out.add(new IndexedTrial(experiment, "20250101T000000000Z-00000000", "2025-01-01T00:00:00Z", out.size(),
          String.format("f%09d", k), "broken " + k, "failed", "transform failed", new TreeMap<>(p), null, null,
          null, null, Map.of(), 5, 6, 2, "split", "ab".repeat(32)));
    }
    return out;
  }

  private static Map<String, JsonNode> base(int seed, double lr) {
    Map<String, JsonNode> p = new TreeMap<>();
    p.put("split", TextNode.valueOf("RandomSplit[seed=" + seed + "]"));
    p.put("split.seed", IntNode.valueOf(seed));
    p.put("split.ratios", F.arrayNode().add(0.7).add(0.15).add(0.15));
    p.put("model", TextNode.valueOf("mlp[lr=" + lr + "]"));
    p.put("model.lr", DoubleNode.valueOf(lr));
    p.put("model.hidden", F.arrayNode().add(16));
    return p;
  }

  private static IndexedTrial trial(String experiment, int index, Map<String, JsonNode> params, double v) {
    ObjectNode metrics = F.objectNode();
    metrics.putObject("train").put("roc_auc", v + 0.05).put("n", 500);
    metrics.putObject("validation").put("roc_auc", v).put("n", 100);
    metrics.putObject("test").put("roc_auc", v - 0.01).put("n", 100);
    return new IndexedTrial(experiment, "20250101T000000000Z-00000000", "2025-01-01T00:00:00Z", index,
        String.format("t%09d", index), params.get("transform").asText() + " " + index, "ok", "",
        new TreeMap<>(params), metrics, v, "cd".repeat(32), null, Map.of(), 10, 6, 0,
        "split,transform,encode,train,evaluate", "ab".repeat(32));
  }
}
