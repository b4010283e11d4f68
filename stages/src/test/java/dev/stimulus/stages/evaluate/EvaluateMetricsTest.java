package dev.stimulus.stages.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageKind.Ports;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.train.EncodedFolds;
import dev.stimulus.stages.train.Fixtures;
import dev.stimulus.stages.train.ModelSpec;
import dev.stimulus.stages.train.TrainedModel;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Train a small model, then evaluate it end to end through the catalogue. */
class EvaluateMetricsTest {

  private static final String PARAMS = "{\"hidden\":[8],\"epochs\":20,\"batch_size\":16,\"lr\":0.02}";

  /** An index in tensor row order; row ids that need CSV quoting and derived-row suffixes included. */
  static byte[] index(EncodedFolds data) {
    StringBuilder csv = new StringBuilder("fold,row_id\n");
    int id = 0;
    for (EncodedFolds.Fold f : data.folds()) {
      for (int i = 0; i < f.rows(); i++, id++) {
        csv.append(f.name()).append(',').append(id % 7 == 3 ? id + "/rc0" : id % 11 == 5 ? "\"" + id + ",x\"" : id).append('\n');
      }
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  static StageOutput evaluate(StageOutput trained, byte[] tensors, byte[] index, String params) throws Exception {
    var stage = Catalogue.load().find(StageKind.EVALUATE, "metrics");
    var input = new StageInput(Map.of(Ports.MODEL, trained.bytes(Ports.MODEL), Ports.SPEC, trained.bytes(Ports.SPEC),
        Ports.TENSORS, tensors, Ports.INDEX, index));
    return stage.run(input, stage.params().resolve(new ObjectMapper().readTree(params), "evaluate metrics"),
        StageContext.forTest(0));
  }

  private static List<CSVRecord> rows(byte[] csv) throws Exception {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(new String(csv, StandardCharsets.UTF_8))).getRecords();
  }

  @Test
  void binaryMetricsAndPredictionsMatchTheIndex() throws Exception {
    byte[] tensors = Fixtures.problem("binary", 120, 4, 21);
    StageOutput trained = Fixtures.train(tensors, PARAMS, 3);
    EncodedFolds data = EncodedFolds.read(tensors);
    byte[] index = index(data);
    StageOutput out = evaluate(trained, tensors, index, "{}");

    JsonNode metrics = new ObjectMapper().readTree(out.bytes(Ports.METRICS));
    assertEquals(List.of("test", "train", "validation"), names(metrics));
    for (EncodedFolds.Fold f : data.folds()) {
      JsonNode m = metrics.get(f.name());
      assertEquals(List.of("accuracy", "f1", "mcc", "n", "pr_auc", "precision", "recall", "roc_auc"), names(m));
      assertEquals(f.rows(), m.get("n").intValue());
      assertTrue(m.get("accuracy").doubleValue() > 0.85, f.name() + " " + m);
      assertTrue(m.get("roc_auc").doubleValue() > 0.9, f.name() + " " + m);
    }
    String text = new String(out.bytes(Ports.METRICS), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("}\n") && !text.contains("\r"), "LF-only pretty JSON");

    List<CSVRecord> preds = rows(out.bytes(Ports.PREDICTIONS));
    List<CSVRecord> idx = rows(index);
    assertEquals(idx.size(), preds.size());
    Iterator<CSVRecord> it = idx.iterator();
    int correct = 0;
    for (CSVRecord p : preds) {
      CSVRecord i = it.next();
      assertEquals(i.get("fold"), p.get("fold"));
      assertEquals(i.get("row_id"), p.get("row_id"));
      double score = Double.parseDouble(p.get("score"));
      assertTrue(score >= 0 && score <= 1);
      correct += (score >= 0.5) == p.get("label").equals("1") ? 1 : 0;
    }
    // The per-row predictions reproduce the reported accuracies.
    double n = 0;
    double right = 0;
    for (EncodedFolds.Fold f : data.folds()) {
      n += f.rows();
      right += metrics.get(f.name()).get("accuracy").doubleValue() * f.rows();
    }
    assertEquals(right, correct, 1e-6);
    assertEquals(n, preds.size());
    assertEquals("fold,row_id,label,score", new String(out.bytes(Ports.PREDICTIONS), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());

    // Deterministic, and the threshold moves only the thresholded metrics.
    assertArrayEquals(out.bytes(Ports.METRICS), evaluate(trained, tensors, index, "{}").bytes(Ports.METRICS));
    JsonNode strict = new ObjectMapper().readTree(evaluate(trained, tensors, index, "{\"threshold\":1}").bytes(Ports.METRICS));
    assertEquals(metrics.get("test").get("roc_auc"), strict.get("test").get("roc_auc"));
    assertTrue(strict.get("test").get("precision").isNull(), strict.toString());
    assertTrue(strict.get("test").get("undefined").get("precision").asText().contains("no row is predicted positive"));
  }

  @Test
  void multiclassAndRegressionShapes() throws Exception {
    byte[] tensors = Fixtures.problem("multiclass", 90, 4, 22);
    StageOutput trained = Fixtures.train(tensors, PARAMS, 3);
    StageOutput out = evaluate(trained, tensors, index(EncodedFolds.read(tensors)), "{}");
    JsonNode metrics = new ObjectMapper().readTree(out.bytes(Ports.METRICS));
    assertEquals(List.of("accuracy", "macro_f1", "n"), names(metrics.get("train")));
    assertTrue(metrics.get("train").get("accuracy").doubleValue() > 0.6, metrics.toString());
    List<String> lines = new String(out.bytes(Ports.PREDICTIONS), StandardCharsets.UTF_8).lines().toList();
    assertEquals("fold,row_id,label,prediction,p_0,p_1,p_2", lines.get(0));
    for (CSVRecord r : rows(out.bytes(Ports.PREDICTIONS))) {
      double sum = 0;
      int best = 0;
      for (int k = 0; k < 3; k++) {
        double p = Double.parseDouble(r.get("p_" + k));
        sum += p;
        best = p > Double.parseDouble(r.get("p_" + best)) ? k : best;
      }
      assertEquals(1.0, sum, 1e-9);
      assertEquals(Integer.toString(best), r.get("prediction"));
    }

    byte[] reg = Fixtures.problem("regression", 90, 4, 23);
    StageOutput regOut = evaluate(Fixtures.train(reg, PARAMS, 3), reg, index(EncodedFolds.read(reg)), "{}");
    JsonNode regMetrics = new ObjectMapper().readTree(regOut.bytes(Ports.METRICS));
    assertEquals(List.of("n", "r2", "rmse", "spearman"), names(regMetrics.get("test")));
    assertTrue(regMetrics.get("test").get("r2").doubleValue() > 0.5, regMetrics.toString());
    assertEquals("fold,row_id,label,prediction",
        new String(regOut.bytes(Ports.PREDICTIONS), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
  }

  @Test
  void singleClassFoldReportsNullWithReason() throws Exception {
    byte[] tensors = Fixtures.problem("binary", 40, 4, 24);
    StageOutput trained = Fixtures.train(tensors, "{\"hidden\":[4],\"epochs\":2}", 1);
    float[] x = Fixtures.inputs(3, 4, 5);
    byte[] onlyPositives = Fixtures.tensors("binary", 4, Map.of("test", new float[][] {x, {1, 1, 1}}));
    byte[] idx = "fold,row_id\ntest,a\ntest,b\ntest,c\n".getBytes(StandardCharsets.UTF_8);
    JsonNode m = new ObjectMapper().readTree(evaluate(trained, onlyPositives, idx, "{}").bytes(Ports.METRICS));
    assertEquals(List.of("test"), names(m));
    assertTrue(m.get("test").get("roc_auc").isNull());
    assertEquals("the fold has no negative labels", m.get("test").get("undefined").get("roc_auc").asText());
  }

  @Test
  void mismatchedInputsAreRefused() throws Exception {
    byte[] tensors = Fixtures.problem("binary", 40, 4, 25);
    StageOutput trained = Fixtures.train(tensors, "{\"hidden\":[4],\"epochs\":1}", 1);
    EncodedFolds data = EncodedFolds.read(tensors);
    String shortIndex = new String(index(data), StandardCharsets.UTF_8).replaceFirst("\n[^\n]*\n", "\n");
    assertMessage("index has 39 rows for fold 'train' but train.x has 40",
        () -> evaluate(trained, tensors, shortIndex.getBytes(StandardCharsets.UTF_8), "{}"));
    assertMessage("header must be 'fold,row_id'",
        () -> evaluate(trained, tensors, "row_id,fold\n".getBytes(StandardCharsets.UTF_8), "{}"));
    assertMessage("the index lists fold 'holdout'",
        () -> evaluate(trained, tensors, (new String(index(data), StandardCharsets.UTF_8) + "holdout,9\n")
            .getBytes(StandardCharsets.UTF_8), "{}"));
    byte[] otherDim = Fixtures.problem("binary", 40, 5, 25);
    assertMessage("the tensors have 5 input columns but the model was trained on 4",
        () -> evaluate(trained, otherDim, index(EncodedFolds.read(otherDim)), "{}"));
    float[] x = Fixtures.inputs(2, 4, 5);
    byte[] badLabel = Fixtures.tensors("binary", 4, Map.of("test", new float[][] {x, {0, 3}}));
    assertMessage("test.y row 1 is 3.0",
        () -> evaluate(trained, badLabel, "fold,row_id\ntest,0\ntest,1\n".getBytes(StandardCharsets.UTF_8), "{}"));
  }

  /** A fold larger than one prediction chunk comes back whole and in order. */
  @Test
  void foldsLargerThanAChunk() throws Exception {
    byte[] small = Fixtures.problem("regression", 40, 2, 26);
    StageOutput trained = Fixtures.train(small, "{\"hidden\":[4],\"epochs\":1}", 1);
    int rows = EvaluateMetrics.CHUNK + 500;
    float[] x = Fixtures.inputs(rows, 2, 6);
    byte[] big = Fixtures.tensors("regression", 2, Map.of("test", new float[][] {x, Fixtures.regressionLabels(x, 2)}));
    StringBuilder idx = new StringBuilder("fold,row_id\n");
    for (int i = 0; i < rows; i++) {
      idx.append("test,").append(i).append('\n');
    }
    StageOutput out = evaluate(trained, big, idx.toString().getBytes(StandardCharsets.UTF_8), "{}");
    List<CSVRecord> preds = rows(out.bytes(Ports.PREDICTIONS));
    assertEquals(rows, preds.size());
    assertEquals(Integer.toString(rows - 1), preds.get(rows - 1).get("row_id"));
    try (TrainedModel m = TrainedModel.load(ModelSpec.fromJson(trained.bytes(Ports.SPEC)), trained.bytes(Ports.MODEL))) {
      float[] last = m.outputs(java.util.Arrays.copyOfRange(x, (rows - 1) * 2, rows * 2), 1);
      assertEquals(last[0], Float.parseFloat(preds.get(rows - 1).get("prediction")), 1e-5);
    }
  }

  /**
   * Golden digests of evaluating a tiny fixed training. If this fails, the bytes the evaluate stage
   * produces have changed (through this code, the train stage, DJL or the engine): bump
   * EvaluateMetrics.version() and update the digests.
   */
  @Test
  void goldenDigests() throws Exception {
    StageOutput out = DjlGoldens.evaluated(DjlGoldens.mlp());
    assertEquals(2, new EvaluateMetrics().version());
    assertEquals(DjlGoldens.PORTABLE.get("evaluate.metrics"), Digest.of(out.bytes(Ports.METRICS)).hex());
    assertEquals(DjlGoldens.PORTABLE.get("evaluate.predictions"), Digest.of(out.bytes(Ports.PREDICTIONS)).hex());
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    String m = assertThrows(StageException.class, e).getMessage();
    assertTrue(m.contains(part), "'" + m + "' lacks '" + part + "'");
  }

  private static List<String> names(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
