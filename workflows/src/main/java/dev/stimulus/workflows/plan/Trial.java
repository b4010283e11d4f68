package dev.stimulus.workflows.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.workflows.experiment.Variant;
import java.util.List;
import java.util.SortedMap;

/**
 * One point of the experiment's grid: a path through the plan from ingestion to evaluation.
 *
 * @param id short digest of the variants' content ids: stable across runs and label changes
 * @param label readable, e.g. {@code RandomSplit[seed=1] / noise[std=0.3] / mlp[hidden=[32]]}
 * @param params flattened: {@code split}, {@code split.<param>}, {@code transform},
 *     {@code transform.<Step>.<param>}, {@code model}, {@code model.<param>}, {@code evaluate.<param>}
 * @param path plan node indices in pipeline order: ingest, split, transforms..., encode, train,
 *     evaluate
 */
public record Trial(
    int index,
    String id,
    String label,
    Variant split,
    Variant transform,
    Variant model,
    Variant evaluation,
    SortedMap<String, JsonNode> params,
    List<Integer> path) {

  public Trial {
    path = List.copyOf(path);
  }

  public int ingestNode() {
    return path.get(0);
  }

  public int splitNode() {
    return path.get(1);
  }

  /** The transform nodes in chain order (one Identity node for an empty block). */
  public List<Integer> transformNodes() {
    return path.subList(2, path.size() - 3);
  }

  public int encodeNode() {
    return path.get(path.size() - 3);
  }

  public int trainNode() {
    return path.get(path.size() - 2);
  }

  public int evaluateNode() {
    return path.get(path.size() - 1);
  }
}
