package dev.stimulus.stages.evaluate;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.AbstractStage;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.train.EncodedFolds;
import dev.stimulus.stages.train.ModelSpec;
import dev.stimulus.stages.train.Task;
import dev.stimulus.stages.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The evaluate stage {@code metrics}: rebuilds the trained network, predicts every fold of the
 * tensors (its own data or another variant's) and scores the predictions.
 */
public final class EvaluateMetrics extends AbstractStage {

  /** Rows per forward pass: bounds native memory whatever the fold size. */
  static final int CHUNK = 4096;

  private static final ParamSpec PARAMS = ParamSpec.of(
      Param.number("threshold", 0.5, 0, 1,
          "binary: a row is predicted positive when its probability is >= threshold"));

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  public EvaluateMetrics() {
    super("metrics", StageKind.EVALUATE, 2,
        "predicts every fold with a trained model and reports accuracy/AUC/F1/MCC, macro F1 or RMSE/R2/Spearman");
  }

  @Override
  public ParamSpec params() {
    return PARAMS;
  }

  @Override
  public StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    double threshold = params.get("threshold").doubleValue();
    ModelSpec spec = ModelSpec.fromJson(input.bytes(Ports.SPEC));
    EncodedFolds data = EncodedFolds.read(input.bytes(Ports.TENSORS));
    if (data.dim() != spec.inputDim()) {
      throw new StageException("evaluate metrics: the tensors have " + data.dim() + " input columns but the model was trained on "
          + spec.inputDim() + ": they come from different encodings");
    }
    data.checkLabels(spec.task(), spec.numClasses());
    FoldIndex index = FoldIndex.read(input.bytes(Ports.INDEX));
    for (String fold : index.folds()) {
      if (data.fold(fold) == null) {
        throw new StageException("evaluate metrics: the index lists fold '" + fold + "' which the tensors do not have");
      }
    }

    Map<String, Object> metrics = new TreeMap<>();
    StringBuilder csv = new StringBuilder();
    try (TrainedModel model = TrainedModel.load(spec, input.bytes(Ports.MODEL));
        CSVPrinter out = new CSVPrinter(csv, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      out.printRecord(header(spec));
      List<EncodedFolds.Fold> folds = data.folds();
      for (int f = 0; f < folds.size(); f++) {
        EncodedFolds.Fold fold = folds.get(f);
        List<String> ids = index.rowIds(fold.name(), fold.rows());
        Scored scored = score(model, fold);
        metrics.put(fold.name(), json(scored.metrics(fold, threshold)));
        scored.print(out, fold, ids);
        context.progress().update(f + 1, folds.size(), "evaluated fold " + fold.name());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StageOutput()
        .put(Ports.METRICS, write(metrics), "application/json")
        .put(Ports.PREDICTIONS, csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
        .execution("platform", dev.stimulus.stages.train.Platform.current().toJson());
  }

  private static List<String> header(ModelSpec spec) {
    List<String> h = new ArrayList<>(List.of("fold", "row_id", "label"));
    switch (spec.task()) {
      case BINARY -> h.add("score");
      case MULTICLASS -> {
        h.add("prediction");
        for (int k = 0; k < spec.numClasses(); k++) {
          h.add("p_" + k);
        }
      }
      case REGRESSION -> h.add("prediction");
    }
    return h;
  }

  /** Predicts a fold chunk by chunk and turns raw outputs into what the task reports. */
  private static Scored score(TrainedModel model, EncodedFolds.Fold fold) {
    int width = model.spec().outputDim();
    float[] raw = new float[fold.rows() * width];
    for (int from = 0; from < fold.rows(); from += CHUNK) {
      int to = Math.min(from + CHUNK, fold.rows());
      float[] x = java.util.Arrays.copyOfRange(fold.x(), from * fold.dim(), to * fold.dim());
      System.arraycopy(model.outputs(x, to - from), 0, raw, from * width, (to - from) * width);
    }
    for (int i = 0; i < raw.length; i++) {
      if (Float.isNaN(raw[i])) {
        throw new StageException("evaluate metrics: the model output is NaN for " + fold.name() + " row " + i / width
            + " (are the inputs on a very different scale from the training data?)");
      }
    }
    return new Scored(model.spec().task(), width, raw);
  }

  /** One fold's raw outputs with the per-task view of them. */
  private record Scored(Task task, int width, float[] raw) {

    /** Binary: the probability of class 1 (sigmoid of the logit, in double precision). */
    double probability(int row) {
      return 1 / (1 + Math.exp(-(double) raw[row]));
    }

    /** Multiclass: softmax of the row's logits, shifted by the maximum for stability. */
    double[] probabilities(int row) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < width; k++) {
        max = Math.max(max, raw[row * width + k]);
      }
      double[] p = new double[width];
      double sum = 0;
      for (int k = 0; k < width; k++) {
        p[k] = Math.exp(raw[row * width + k] - max);
        sum += p[k];
      }
      for (int k = 0; k < width; k++) {
        p[k] /= sum;
      }
      return p;
    }

    /** Multiclass: the first class with the largest logit. */
    int predictedClass(int row) {
      int best = 0;
      for (int k = 1; k < width; k++) {
        if (raw[row * width + k] > raw[row * width + best]) {
          best = k;
        }
      }
      return best;
    }

    Metrics.Report metrics(EncodedFolds.Fold fold, double threshold) {
      int n = fold.rows();
      return switch (task) {
        case BINARY -> {
          boolean[] positive = new boolean[n];
          double[] scores = new double[n];
          for (int i = 0; i < n; i++) {
            positive[i] = fold.y()[i] == 1;
            scores[i] = probability(i);
          }
          yield Metrics.binary(positive, scores, threshold);
        }
        case MULTICLASS -> {
          int[] labels = new int[n];
          int[] predicted = new int[n];
          for (int i = 0; i < n; i++) {
            labels[i] = (int) fold.y()[i];
            predicted[i] = predictedClass(i);
          }
          yield Metrics.multiclass(labels, predicted);
        }
        case REGRESSION -> {
          double[] labels = new double[n];
          double[] predicted = new double[n];
          for (int i = 0; i < n; i++) {
            labels[i] = fold.y()[i];
            predicted[i] = raw[i];
          }
          yield Metrics.regression(labels, predicted);
        }
      };
    }

    void print(CSVPrinter out, EncodedFolds.Fold fold, List<String> ids) throws IOException {
      for (int i = 0; i < fold.rows(); i++) {
        List<String> row = new ArrayList<>(List.of(fold.name(), ids.get(i)));
        float y = fold.y()[i];
        switch (task) {
          case BINARY -> {
            row.add(Integer.toString((int) y));
            row.add(Double.toString(probability(i)));
          }
          case MULTICLASS -> {
            row.add(Integer.toString((int) y));
            row.add(Integer.toString(predictedClass(i)));
            for (double p : probabilities(i)) {
              row.add(Double.toString(p));
            }
          }
          case REGRESSION -> {
            row.add(Float.toString(y));
            row.add(Float.toString(raw[i]));
          }
        }
        out.printRecord(row);
      }
    }
  }

  private static Map<String, Object> json(Metrics.Report report) {
    Map<String, Object> m = new TreeMap<>(report.values());
    if (!report.undefined().isEmpty()) {
      m.put("undefined", report.undefined());
    }
    return m;
  }

  private static byte[] write(Map<String, Object> metrics) {
    // Pretty-printed with LF whatever the platform's line separator, so the bytes are the same everywhere.
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return (JSON.writer(pretty).writeValueAsString(metrics) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
