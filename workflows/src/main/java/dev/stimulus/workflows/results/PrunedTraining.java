package dev.stimulus.workflows.results;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.plan.Trial;
import java.nio.charset.StandardCharsets;

/**
 * A completed trial's note when the search's median pruner stopped its training: the training had
 * thresholds ({@code prune_above}) and its curve is shorter than its epochs. The trial stays
 * {@code ok}: it was trained, evaluated and recorded, only for fewer epochs.
 */
final class PrunedTraining {

  private PrunedTraining() {}

  /** {@code pruned after epoch 3 of 10}, or empty when the training ran all its epochs or had no thresholds. */
  static String note(Trial t, NodeResult train, ArtifactStore store) {
    var params = t.model().steps().get(0).params();
    BlobRef curve = train.outputs().get(Ports.CURVE);
    if (!params.has("prune_above") || curve == null) {
      return "";
    }
    long ran = new String(store.get(curve.digest()), StandardCharsets.UTF_8).lines().skip(1)
        .filter(l -> !l.isBlank()).count();
    int planned = params.path("epochs").asInt();
    return ran < planned ? "pruned after epoch " + ran + " of " + planned : "";
  }
}
