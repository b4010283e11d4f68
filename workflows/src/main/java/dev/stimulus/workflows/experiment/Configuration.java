package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/**
 * One trial's worth of variants: a split, a transform block, a model and an evaluation, and which
 * replicate of that configuration it is.
 *
 * <p>A replicate is the same configuration run again with other seeds: replicate 0 keeps the seeds
 * as the file gives them (so {@code replicates: 1} is exactly the run without replicates), and
 * replicate r &gt; 0 replaces the {@code seed} of the split and of the model by a seed derived from
 * (that seed, r) — the experiment seed unless the file sets one. A new split seed changes the
 * split's output, so every random stage downstream (noise, augmentation) also draws anew, its
 * randomness being derived from its action key.
 *
 * @param replicate 0-based
 */
public record Configuration(Variant split, Variant transform, Variant model, Variant evaluation, int replicate) {

  /** A key of the configuration regardless of replicate: its variants' content ids. */
  public String id() {
    return split.id() + transform.id() + model.id() + evaluation.id();
  }

  /** Replicate {@code r} of this configuration (which must be replicate 0). */
  public Configuration replicate(int r) {
    if (replicate != 0) {
      throw new IllegalStateException("replicates are made from replicate 0, not " + replicate);
    }
    if (r == 0) {
      return this;
    }
    return new Configuration(reseed(split, r), transform, reseed(model, r), evaluation, r);
  }

  /**
   * The seed of replicate {@code r} &gt; 0 of a stage whose seed is {@code base}: a non-negative
   * 31-bit number from the SHA-256 of (base, r), so replicates of different base seeds differ too.
   */
  public static long replicateSeed(long base, int r) {
    return Digest.of(("replicate " + base + " " + r).getBytes(StandardCharsets.UTF_8)).prefixLong() & Integer.MAX_VALUE;
  }

  /**
   * This configuration with the model step's resolved params replaced by {@code params}, its label
   * and flattened params kept: for what the search adds to a training (the pruner's thresholds),
   * which is part of the computation but not a hyper-parameter of the experiment.
   */
  public Configuration withModelParams(ObjectNode params) {
    if (model.steps().size() != 1) {
      throw new IllegalStateException("a model variant has one step, found " + model.steps().size());
    }
    List<Variant.Step> steps = List.of(new Variant.Step(model.steps().get(0).stage(), params));
    return new Configuration(split, transform, new Variant(model.label(), Variants.contentId(steps), steps,
        model.params()), evaluation, replicate);
  }

  private static Variant reseed(Variant v, int r) {
    if (v.steps().size() != 1 || !v.steps().get(0).params().has("seed")) {
      return v; // a stage without a seed draws nothing at random of its own
    }
    Variant.Step step = v.steps().get(0);
    ObjectNode params = step.params().deepCopy();
    params.set("seed", LongNode.valueOf(replicateSeed(params.get("seed").longValue(), r)));
    List<Variant.Step> steps = List.of(new Variant.Step(step.stage(), params));
    TreeMap<String, com.fasterxml.jackson.databind.JsonNode> flat = new TreeMap<>(v.params());
    flat.put("seed", params.get("seed"));
    return new Variant(v.label() + "/r" + r, Variants.contentId(steps), steps, flat);
  }
}
