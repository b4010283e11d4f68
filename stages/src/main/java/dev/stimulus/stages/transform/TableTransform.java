package dev.stimulus.stages.transform;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.AbstractStage;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Csv;
import dev.stimulus.stages.table.Partitions;
import dev.stimulus.stages.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What every transform shares: read and check the {@code table}, change it, write it canonically.
 * Because the writer is canonical, a transform that changes nothing gives the same bytes as
 * {@link Identity}, so everything downstream of it is a cache hit.
 */
abstract class TableTransform extends AbstractStage {

  /**
   * What a transform means for an experiment, shown first in its description. Noise perturbs rows in
   * place (default: every fold); augmentation appends derived rows and samplers drop rows (default:
   * train only, so evaluation stays on the data as it is); a control destroys signal on purpose (a
   * negative control: a model should do no better than chance).
   */
  enum Semantics {
    NONE,
    NOISE,
    AUGMENTATION,
    SAMPLER,
    CONTROL;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One cell's new text; {@code row} and {@code column} are positions, for messages. */
  @FunctionalInterface
  interface CellRewrite {
    String apply(String cell, int row, int column);
  }

  static final String MEDIA_TYPE = "text/csv";
  static final List<String> ALL_FOLDS = Partitions.FOLDS;

  private final Semantics semantics;

  /**
   * @param version bump it whenever a code change alters any output for the same input (it is part of
   *     the action key)
   * @param summary the description after the semantics, e.g. {@code adds Gaussian noise to numeric columns}
   */
  TableTransform(String name, int version, Semantics semantics, String summary) {
    super(name, StageKind.TRANSFORM, version, semantics.id() + ": " + summary);
    this.semantics = semantics;
  }

  public final Semantics semantics() {
    return semantics;
  }

  @Override
  public final StageOutput run(StageInput input, ObjectNode params, StageContext context) {
    Table table = Partitions.read(input.bytes(StageKind.Ports.TABLE));
    Table out = apply(table, params, context);
    return new StageOutput().put(StageKind.Ports.TABLE, Csv.write(out), MEDIA_TYPE);
  }

  abstract Table apply(Table table, ObjectNode params, StageContext context);

  /**
   * Rewrites the {@code columns} of every row of the chosen {@code folds} in place, visiting rows in
   * table order and, within a row, columns in parameter order, so random draws happen in a fixed order.
   */
  Table rewriteCells(Table table, ObjectNode params, CellRewrite rewrite) {
    int[] columns = Partitions.dataColumns(table, params.get("columns"), owner());
    Set<String> folds = Partitions.folds(params.get("folds"), owner());
    List<String[]> rows = new ArrayList<>(table.size());
    for (int i = 0; i < table.size(); i++) {
      String[] row = table.row(i);
      if (folds.contains(Partitions.fold(table, i))) {
        for (int c : columns) {
          row[c] = rewrite.apply(row[c], i, c);
        }
      }
      rows.add(row);
    }
    return Partitions.withRows(table, rows);
  }

  /**
   * Row positions of each chosen fold, folds in canonical order (train, validation, test) and rows in
   * table order, so per-fold random draws happen in a fixed order.
   */
  Map<String, List<Integer>> rowsOfFolds(Table table, ObjectNode params) {
    Set<String> chosen = Partitions.folds(params.get("folds"), owner());
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (String f : Partitions.FOLDS) {
      if (chosen.contains(f)) {
        out.put(f, new ArrayList<>());
      }
    }
    for (int i = 0; i < table.size(); i++) {
      List<Integer> rows = out.get(Partitions.fold(table, i));
      if (rows != null) {
        rows.add(i);
      }
    }
    return out;
  }

  /** The rows whose {@code keep} flag is set, in table order. */
  static Table keepRows(Table table, boolean[] keep) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      if (keep[i]) {
        rows.add(table.row(i));
      }
    }
    return Partitions.withRows(table, rows);
  }

  /**
   * Marks {@code m} of {@code rows}, chosen uniformly at random, in {@code keep}: a partial
   * Fisher-Yates shuffle, linear in the number of rows.
   */
  static void keepRandom(List<Integer> rows, int m, Random random, boolean[] keep) {
    int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      keep[a[i]] = true;
    }
  }

  /** The position of the data column named by parameter {@code param}, or an error naming this transform. */
  int column(Table table, ObjectNode params, String param) {
    var one = JsonNodeFactory.instance.arrayNode().add(params.get(param).asText());
    return Partitions.dataColumns(table, one, owner())[0];
  }

  String owner() {
    return "transform " + name();
  }

  static Param foldsParam(List<String> dflt) {
    return Param.strings("folds", dflt, "the folds whose rows the transform applies to (train, validation, test)");
  }

  static Param columnsParam(String what) {
    return Param.strings("columns", null, what);
  }

  /**
   * The params of a random transform of one class or label {@code column} that by default touches the
   * train fold only (samplers and controls, so evaluation stays on the data as it is).
   */
  static ParamSpec trainColumnParams(String what) {
    return ParamSpec.of(Param.string("column", null, what), foldsParam(List.of(Partitions.TRAIN)), seedParam());
  }
}
