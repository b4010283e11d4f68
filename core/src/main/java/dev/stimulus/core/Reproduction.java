package dev.stimulus.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Whether two runs of one action are expected to produce the same bytes, judged from their
 * execution blocks. A stage whose bytes depend on the machine (training and evaluation on native
 * kernels) records {@code execution.platform} with its {@code reproducibility} mode and a platform
 * {@code id}; a stage that records none is pure Java and expected to agree everywhere. Outputs
 * are expected equal when both runs were {@code portable}, or both {@code fast} on the same
 * platform. Only then does a difference prove the step nondeterministic.
 */
public final class Reproduction {

  private Reproduction() {}

  /**
   * Why two runs may differ without the step being nondeterministic, or empty when they are
   * expected to agree byte for byte.
   */
  public static Optional<String> whyOutputsMayDiffer(JsonNode kept, JsonNode other) {
    JsonNode a = platform(kept);
    JsonNode b = platform(other);
    if (a == null && b == null) {
      return Optional.empty();
    }
    String modeA = mode(a);
    String modeB = mode(b);
    if (modeA.equals("portable") && modeB.equals("portable")) {
      return Optional.empty();
    }
    if (modeA.equals("fast") && modeB.equals("fast")) {
      String idA = a.path("id").asText("");
      String idB = b.path("id").asText("");
      if (!idA.isEmpty() && idA.equals(idB)) {
        return Optional.empty();
      }
      return Optional.of("both ran in fast mode, on different platforms (" + describe(a) + " and " + describe(b)
          + "): fast-mode bytes are reproducible on one platform only");
    }
    return Optional.of("they ran in different reproducibility modes (" + modeA + " on " + describe(a) + ", "
        + modeB + " on " + describe(b) + "): only portable-mode bytes agree across platforms");
  }

  private static JsonNode platform(JsonNode execution) {
    if (execution == null) {
      return null;
    }
    JsonNode p = execution.get("platform");
    return p != null && p.isObject() ? p : null;
  }

  private static String mode(JsonNode platform) {
    return platform == null ? "unrecorded" : platform.path("reproducibility").asText("unrecorded");
  }

  /** One line about a platform block: CPU, kernels, engine. */
  public static String describe(JsonNode platform) {
    if (platform == null) {
      return "an unrecorded platform";
    }
    JsonNode k = platform.path("kernels");
    return platform.path("cpu").asText("?") + " [aten " + k.path("aten").asText("?") + ", mkl "
        + k.path("mkl").asText("?") + ", onednn " + k.path("oneDnn").asText("?") + "], "
        + platform.path("engine").asText("?") + ", threads " + platform.path("threads").path("intraOp").asText("?")
        + "+" + platform.path("threads").path("interOp").asText("?");
  }
}
