package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Stage;
import java.util.List;
import java.util.SortedMap;

/**
 * One point of the search space for one pipeline step: a split, a transform block (a chain of
 * steps, possibly empty), a model or an evaluation setting.
 *
 * @param label readable, unique among the variants of its kind, e.g. {@code noise[std=0.3]}
 * @param id a short digest of the variant's stage names and resolved params: equal ids mean the
 *     same computation, so two variants never share an id
 * @param steps the stage invocations in order, params resolved (defaults folded in)
 * @param params the variant's parameters flattened for tables, e.g. {@code std -> 0.3}
 */
public record Variant(String label, String id, List<Step> steps, SortedMap<String, JsonNode> params) {

  public Variant {
    steps = List.copyOf(steps);
  }

  /** One stage invocation within a variant. */
  public record Step(Stage stage, ObjectNode params) {}
}
