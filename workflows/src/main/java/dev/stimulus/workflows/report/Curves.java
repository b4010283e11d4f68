package dev.stimulus.workflows.report;

import dev.stimulus.core.ActionRecord;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.BlobRef;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.workflows.index.IndexedTrial;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Learning curves over the subsample fraction, and the best model's training curve. */
final class Curves {

  static final Pattern FRACTION = Pattern.compile("transform\\.RandomDownSampler(#\\d+)?\\.fraction");

  private Curves() {}

  static Section learning(Factors f, String objectiveMetric) {
    String fraction = f.trials.stream().flatMap(t -> t.params().keySet().stream())
        .filter(n -> FRACTION.matcher(n).matches()).sorted().findFirst().orElse(null);
    List<String> notes = new ArrayList<>();
    if (fraction == null) {
      notes.add("Not available: no trial subsamples its data with RandomDownSampler's fraction; add a transform"
          + " block with RandomDownSampler and a list of fractions to see how performance grows with data.");
      return Section.of("learning-curve", "Learning curve over the amount of data", notes, List.of(), List.of());
    }
    String trainMetric = objectiveMetric.replaceFirst("^[^.]+\\.", "train.");
    Map<Double, List<IndexedTrial>> byFraction = new TreeMap<>();
    for (IndexedTrial t : f.trials) {
      var v = t.params().get(fraction);
      if (v != null && v.isNumber() && v.doubleValue() > 0) {
        byFraction.computeIfAbsent(v.doubleValue(), k -> new ArrayList<>()).add(t);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> trains = new ArrayList<>();
    for (var e : byFraction.entrySet()) {
      List<Double> obj = e.getValue().stream().map(IndexedTrial::objective).toList();
      List<Double> tr = e.getValue().stream().map(t -> t.metric(trainMetric)).filter(java.util.Objects::nonNull).toList();
      Double trainMean = tr.isEmpty() ? null : Specs.mean(tr);
      rows.add(Arrays.asList(e.getKey(), (long) obj.size(), Specs.mean(obj), Specs.finite(Specs.sd(obj)), trainMean));
      xs.add(e.getKey());
      ys.add(Specs.mean(obj));
      trains.add(trainMean);
    }
    notes.add("Mean objective (" + objectiveMetric + ") and the same metric on the training fold (" + trainMetric
        + ") per fraction of the data kept by " + fraction + ", over all other parameters.");
    var spec = Specs.lineSeries(Specs.line("fraction of data kept", objectiveMetric), objectiveMetric, xs, ys);
    if (trains.stream().anyMatch(java.util.Objects::nonNull)) {
      Specs.lineSeries(spec, trainMetric, xs, trains);
    }
    return Section.of("learning-curve", "Learning curve over the amount of data", notes,
        List.of(new Chart("chart-learning-curve", "line", "Learning curve", spec)),
        List.of(new Table("learning_curve", "Objective per data fraction",
            List.of("fraction", "trials", "mean", "sd", "train_mean"), rows)));
  }

  /** The best trial's {@code curve} output (epoch, train_loss, validation_loss), when the store has it. */
  static Section training(IndexedTrial best, ArtifactStore store) {
    String title = "Training curve of the best model";
    if (best == null || store == null || best.keys().get("train") == null) {
      return Section.of("training-curve", title, List.of("Not available: "
          + (best == null ? "no completed trial" : "the store is not at hand") + "."), List.of(), List.of());
    }
    try {
      Optional<ActionRecord> train = store.lookup(Digest.parse(best.keys().get("train")));
      BlobRef curve = train.map(r -> r.outputs().get(Ports.CURVE)).orElse(null);
      if (curve == null) {
        return Section.of("training-curve", title, List.of("Not available: the store has no training curve of"
            + " trial " + best.trialId() + "."), List.of(), List.of());
      }
      String csv = new String(store.get(curve.digest()), StandardCharsets.UTF_8);
      List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new StringReader(csv)).getRecords();
      List<List<Object>> rows = new ArrayList<>();
      List<Double> epochs = new ArrayList<>();
      List<Double> trainLoss = new ArrayList<>();
      List<Double> validationLoss = new ArrayList<>();
      for (CSVRecord r : records) {
        double epoch = Double.parseDouble(r.get("epoch"));
        Double tl = number(r, "train_loss");
        Double vl = number(r, "validation_loss");
        rows.add(Arrays.asList(epoch, tl, vl));
        epochs.add(epoch);
        trainLoss.add(tl);
        validationLoss.add(vl);
      }
      if (rows.isEmpty()) {
        return Section.of("training-curve", title, List.of("The best model's training curve is empty."),
            List.of(), List.of());
      }
      var spec = Specs.lineSeries(Specs.lineSeries(Specs.line("epoch", "loss"), "train loss", epochs, trainLoss),
          "validation loss", epochs, validationLoss);
      return Section.of("training-curve", title,
          List.of("Loss per epoch of trial " + best.trialId() + " (" + best.label() + ")."),
          List.of(new Chart("chart-training-curve", "line", "Training curve of the best model", spec)),
          List.of(new Table("training_curve", "Loss per epoch", List.of("epoch", "train_loss", "validation_loss"),
              rows)));
    } catch (StoreException | IOException | IllegalArgumentException e) {
      return Section.of("training-curve", title, List.of("Not available: reading the curve failed: "
          + e.getMessage()), List.of(), List.of());
    }
  }

  private static Double number(CSVRecord r, String column) {
    if (!r.isMapped(column) || r.get(column).isBlank()) {
      return null;
    }
    double d = Double.parseDouble(r.get(column));
    return Double.isFinite(d) ? d : null;
  }
}
