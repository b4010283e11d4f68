package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.AbstractStage;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encode stage {@code columns}: encodes the listed columns with their {@link ColumnEncoder}s,
 * fitted on the train fold, into {@code <fold>.x} (inputs, concatenated in configuration order) and
 * {@code <fold>.y} (the label) per fold, plus the fitted state and the row index. A row whose cell
 * an encoder drops ({@link ColumnEncoder#dropsRow}) is left out of every fold and of the index.
 */
public final class ColumnsEncode extends AbstractStage {

  static final String TASK_BINARY = "binary";
  static final String TASK_MULTICLASS = "multiclass";
  static final String TASK_REGRESSION = "regression";

  public ColumnsEncode() {
    super("columns", StageKind.ENCODE, 1,
        "encodes input and label columns to tensors per fold, encoders fitted on train");
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(Param.json("columns", null,
        "list of {name, role: input|label, encoder: {name, params}}; exactly one label"));
  }

  /**
   * Folds each column encoder's defaults and version into the {@code columns} param, so that
   * {@code {"name": "Numeric"}} and {@code {"name": "Numeric", "params": {"dtype": "float32"}}} give
   * the same action key, and a new encoder version gives a new one.
   */
  @Override
  public ObjectNode resolveParams(JsonNode given, String owner) {
    ObjectNode resolved = params().resolve(given, owner);
    ArrayNode columns = resolved.arrayNode();
    for (ColumnSpec c : ColumnSpec.parseAll(resolved.get("columns"), ColumnEncoders.load(), owner)) {
      ObjectNode entry = columns.addObject();
      entry.put("name", c.name());
      entry.put("role", c.label() ? ColumnSpec.LABEL : ColumnSpec.INPUT);
      ObjectNode encoder = entry.putObject("encoder");
      encoder.put("name", c.encoder().name());
      encoder.put("version", c.encoder().version());
      encoder.set("params", c.encoderParams());
    }
    resolved.set("columns", columns);
    return resolved;
  }

  @Override
  public StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    String owner = "encode " + name();
    List<ColumnSpec> specs = ColumnSpec.parseAll(params.get("columns"), ColumnEncoders.load(), owner);
    Table table = Partitions.read(input.bytes(StageKind.Ports.TABLE));
    int[] columns = new int[specs.size()];
    for (int s = 0; s < specs.size(); s++) {
      String n = specs.get(s).name();
      if (n.equals(Partitions.ROW_ID) || n.equals(Partitions.FOLD)) {
        throw new StageException(owner + ": column '" + n + "' is bookkeeping and cannot be encoded");
      }
      try {
        columns[s] = table.column(n);
      } catch (StageException e) {
        throw new StageException(owner + ": " + e.getMessage());
      }
    }
    Map<String, List<Integer>> rowsByFold = new LinkedHashMap<>();
    Partitions.FOLDS.forEach(f -> rowsByFold.put(f, new ArrayList<>()));
    int dropped = 0;
    for (int i = 0; i < table.size(); i++) {
      if (dropped(specs, columns, table, i)) {
        dropped++;
      } else {
        rowsByFold.get(Partitions.fold(table, i)).add(i);
      }
    }
    List<Integer> train = rowsByFold.get(Partitions.TRAIN);
    if (train.isEmpty()) {
      throw new StageException(owner + ": the table has no train rows" + (dropped > 0 ? " left after dropping "
          + dropped + " with missing cells (missing: drop)" : "") + "; encoders are fitted on the train fold");
    }

    List<ColumnEncoder.Fitted> fitted = new ArrayList<>();
    ColumnEncoder.Fitted label = null;
    String labelName = null;
    for (int s = 0; s < specs.size(); s++) {
      ColumnSpec spec = specs.get(s);
      ColumnEncoder.Values values = values(table, train, columns[s], spec.name());
      ColumnEncoder.Fitted f = spec.encoder().fit(values, spec.encoderParams());
      fitted.add(f);
      if (spec.label()) {
        label = checkLabel(f, spec, values, owner);
        labelName = spec.name();
      }
    }
    String task = label.classes() == 2 ? TASK_BINARY : label.classes() > 2 ? TASK_MULTICLASS : TASK_REGRESSION;

    int width = 0;
    for (int s = 0; s < specs.size(); s++) {
      if (!specs.get(s).label()) {
        width += fitted.get(s).width();
      }
    }
    Map<String, Tensor> tensors = new TreeMap<>();
    List<String[]> index = new ArrayList<>();
    for (var e : rowsByFold.entrySet()) {
      List<Integer> rows = e.getValue();
      if (rows.isEmpty()) {
        continue;
      }
      float[] x = new float[Math.multiplyExact(rows.size(), width)];
      float[] y = new float[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        int i = rows.get(r);
        int offset = r * width;
        for (int s = 0; s < specs.size(); s++) {
          ColumnEncoder.Fitted f = fitted.get(s);
          if (specs.get(s).label()) {
            f.encode(table.cell(i, columns[s]), table.rowName(i), y, r);
          } else {
            f.encode(table.cell(i, columns[s]), table.rowName(i), x, offset);
            offset += f.width();
          }
        }
        index.add(new String[] {e.getKey(), table.cell(i, 0)});
      }
      tensors.put(e.getKey() + ".x", Tensor.f32(x, rows.size(), width));
      tensors.put(e.getKey() + ".y", Tensor.f32(y, rows.size()));
    }

    Map<String, String> metadata = new TreeMap<>();
    metadata.put("task", task);
    metadata.put("num_classes", Integer.toString(task.equals(TASK_REGRESSION) ? 0 : label.classes()));
    metadata.put("label_column", labelName);
    metadata.put("input_columns", CanonicalJson.write(inputColumns(specs, fitted)));
    return new StageOutput()
        .put(StageKind.Ports.TENSORS, Safetensors.write(tensors, metadata), "application/octet-stream")
        .put(StageKind.Ports.STATE, CanonicalJson.bytes(state(specs, fitted, task, dropped)), "application/json")
        .put(StageKind.Ports.INDEX, Csv.write(new Table(List.of(Partitions.FOLD, Partitions.ROW_ID), index)), "text/csv");
  }

  /** Whether any column's encoder leaves row {@code i} out (a missing cell under missing: drop). */
  private static boolean dropped(List<ColumnSpec> specs, int[] columns, Table table, int i) {
    for (int s = 0; s < specs.size(); s++) {
      if (specs.get(s).encoder().dropsRow(table.cell(i, columns[s]), specs.get(s).encoderParams())) {
        return true;
      }
    }
    return false;
  }

  private static ColumnEncoder.Values values(Table table, List<Integer> rows, int column, String name) {
    List<String> cells = new ArrayList<>(rows.size());
    List<String> names = new ArrayList<>(rows.size());
    for (int i : rows) {
      cells.add(table.cell(i, column));
      names.add(table.rowName(i));
    }
    return new ColumnEncoder.Values(name, cells, names);
  }

  private static ColumnEncoder.Fitted checkLabel(
      ColumnEncoder.Fitted f, ColumnSpec spec, ColumnEncoder.Values train, String owner) {
    if (f.width() != 1) {
      throw new StageException(owner + ": label column '" + spec.name() + "' must encode to one number per row, but "
          + spec.encoder().name() + " gives " + f.width() + "; use Numeric or StrClassification for the label");
    }
    var distinct = new HashSet<>(train.cells());
    if (distinct.size() < 2) {
      throw new StageException(owner + ": label column '" + spec.name() + "' has a single value ('"
          + distinct.iterator().next() + "') in the train fold; a model needs at least two classes or values");
    }
    return f;
  }

  private static ArrayNode inputColumns(List<ColumnSpec> specs, List<ColumnEncoder.Fitted> fitted) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int s = 0; s < specs.size(); s++) {
      if (!specs.get(s).label()) {
        ObjectNode c = out.addObject().put("name", specs.get(s).name()).put("encoder", specs.get(s).encoder().name());
        ArrayNode shape = c.putArray("shape");
        for (long d : fitted.get(s).shape()) {
          shape.add(d);
        }
      }
    }
    return out;
  }

  /** The fitted encoders; {@code dropped_rows} only when some were dropped, so other states keep their bytes. */
  private static ObjectNode state(List<ColumnSpec> specs, List<ColumnEncoder.Fitted> fitted, String task, int dropped) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("task", task);
    if (dropped > 0) {
      out.put("dropped_rows", dropped);
    }
    ArrayNode columns = out.putArray("columns");
    for (int s = 0; s < specs.size(); s++) {
      ColumnSpec spec = specs.get(s);
      ObjectNode c = columns.addObject()
          .put("name", spec.name())
          .put("role", spec.label() ? ColumnSpec.LABEL : ColumnSpec.INPUT)
          .put("encoder", spec.encoder().name());
      c.set("params", spec.encoderParams());
      c.set("fitted", fitted.get(s).state());
    }
    return out;
  }
}
