package dev.stimulus.workflows.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Configuration;
import dev.stimulus.workflows.experiment.MedianPruning;
import dev.stimulus.workflows.experiment.Variant;
import dev.stimulus.workflows.plan.Trial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The median pruner of a sampled search. After each batch it reads the trainings' validation
 * curves from the store: a training that ran all its epochs is completed, a shorter one was pruned.
 * Once {@link MedianPruning#startup} trainings have completed, each later training is given the
 * per-epoch median of the completed ones' validation losses as its {@code prune_above} parameter
 * (and the warmup as {@code prune_warmup}), so the training stops itself and its action key names
 * the thresholds it was compared with. Trials of one batch see the same history.
 */
final class MedianPruner {

  private final MedianPruning settings;
  private final ArtifactStore store;
  /** Validation losses per epoch of every completed training so far. */
  private final List<double[]> completed = new ArrayList<>();
  /** Action keys of the trainings already counted: one shared or cached in a later batch counts once. */
  private final Set<Digest> seen = new HashSet<>();

  MedianPruner(MedianPruning settings, ArtifactStore store) {
    this.settings = settings;
    this.store = store;
  }

  /** The trial's configuration with the thresholds of the history so far, or as it is before the startup trials. */
  Configuration apply(Configuration c) {
    double[] medians = medians();
    if (medians.length == 0) {
      return c;
    }
    Variant.Step step = c.model().steps().get(0);
    ObjectNode params = step.params().deepCopy();
    ArrayNode above = params.putArray("prune_above");
    Arrays.stream(medians).forEach(above::add);
    params.put("prune_warmup", settings.warmup());
    return c.withModelParams(step.stage().resolveParams(params, "train " + step.stage().name()));
  }

  /** Records the batch's trainings not counted before; returns how many of them were pruned. */
  int observe(RunReport report) {
    int pruned = 0;
    for (Trial t : report.plan().trials()) {
      NodeResult train = report.nodes().get(t.trainNode());
      BlobRef curve = train.outputs().get(StageKind.Ports.CURVE);
      if (curve == null || !seen.add(train.key())) {
        continue; // failed or blocked (neither completed nor pruned), or counted already
      }
      double[] losses = validationLosses(new String(store.get(curve.digest()), StandardCharsets.UTF_8));
      int epochs = t.model().steps().get(0).params().path("epochs").asInt();
      if (losses.length < epochs) {
        pruned++;
      } else if (losses.length > 0 && !Double.isNaN(losses[0])) {
        completed.add(losses);
      }
    }
    return pruned;
  }

  /** Per epoch, the median over the completed trainings that reached it; empty before the startup trials. */
  double[] medians() {
    if (completed.size() < Math.max(1, settings.startup())) {
      return new double[0];
    }
    int longest = completed.stream().mapToInt(c -> c.length).max().orElse(0);
    double[] out = new double[longest];
    for (int e = 0; e < longest; e++) {
      final int epoch = e;
      out[e] = median(completed.stream().filter(c -> c.length > epoch).mapToDouble(c -> c[epoch]).toArray());
    }
    return out;
  }

  /** numpy's median: the middle value, or the mean of the two middle ones. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The validation_loss column of a training curve (epoch,train_loss,validation_loss). */
  static double[] validationLosses(String csv) {
    List<String> lines = csv.lines().skip(1).filter(l -> !l.isBlank()).toList();
    double[] out = new double[lines.size()];
    for (int i = 0; i < out.length; i++) {
      String[] f = lines.get(i).split(",", -1);
      out[i] = f.length < 3 || f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]);
    }
    return out;
  }
}
