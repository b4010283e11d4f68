package dev.stimulus.workflows.analysis;

import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The input of the importance analyses: one row of encoded hyper-parameter values per completed trial
 * and its objective value. Trials whose objective is missing, null, NaN or infinite (failed, pruned) are
 * left out and counted.
 *
 * <p>Column types are inferred from the values: all integers (Integer, Long, Short, Byte, BigInteger)
 * -> INTEGER; all numbers -> NUMERIC; anything else -> CATEGORICAL, each value's level being its
 * canonical JSON text (a string's own text; {@code true}; {@code [64,32]}). A column missing from some
 * rows (a conditional parameter, e.g. a noise std that only exists in the noise block) becomes
 * categorical with the extra level {@value #ABSENT}: an "absent" value cannot be put on a number line
 * without inventing a position for it. Numeric bounds are the observed range unless {@link #withBounds}
 * widens them to the declared search space. Columns are ordered by name and levels by their text, so
 * the table does not depend on the iteration order of the row maps.
 */
public final class TrialTable {

  /** The level of a conditional parameter in the trials where it does not exist. */
  public static final String ABSENT = "(absent)";

  private final List<Parameter> parameters;
  private final double[][] rows;
  private final double[] objectives;
  private final int excluded;

  private TrialTable(List<Parameter> parameters, double[][] rows, double[] objectives, int excluded) {
    this.parameters = List.copyOf(parameters);
    this.rows = rows;
    this.objectives = objectives;
    this.excluded = excluded;
  }

  /**
   * Builds the table from generic trial rows, each holding every parameter and, under {@code
   * objective}, the trial's objective value.
   */
  public static TrialTable fromRows(List<? extends Map<String, ?>> rows, String objective) {
    List<Map<String, ?>> params = new ArrayList<>(rows.size());
    double[] values = new double[rows.size()];
    for (int t = 0; t < rows.size(); t++) {
      Map<String, ?> row = rows.get(t);
      if (row == null) {
        throw new StageException("trial " + t + ": expected a row of parameters, found null");
      }
      values[t] = objectiveValue(row.get(objective), t, objective);
      Map<String, Object> p = new TreeMap<>(row);
      p.remove(objective);
      params.add(p);
    }
    return of(params, values);
  }

  /** Builds the table from each trial's parameters and its objective value (NaN for a failed trial). */
  public static TrialTable of(List<? extends Map<String, ?>> params, double[] objectives) {
    if (params.size() != objectives.length) {
      throw new StageException(
          "expected one objective value per trial: " + params.size() + " trials, " + objectives.length + " values");
    }
    List<Integer> kept = new ArrayList<>();
    for (int t = 0; t < objectives.length; t++) {
      if (params.get(t) == null) {
        throw new StageException("trial " + t + ": expected a map of parameters, found null");
      }
      if (Double.isFinite(objectives[t])) {
        kept.add(t);
      }
    }
    if (kept.size() < 2) {
      throw new StageException(
          "importance analysis needs at least 2 completed trials with a finite objective, found " + kept.size()
              + " of " + objectives.length);
    }
    TreeSet<String> names = new TreeSet<>();
    for (int t : kept) {
      for (String name : params.get(t).keySet()) {
        if (name == null) {
          throw new StageException("trial " + t + ": a parameter has no name");
        }
        names.add(name);
      }
    }
    List<Parameter> parameters = new ArrayList<>();
    double[][] rows = new double[kept.size()][names.size()];
    int column = 0;
    for (String name : names) {
      List<Object> cells = new ArrayList<>(kept.size());
      for (int t : kept) {
        cells.add(cell(params.get(t), name, "trial " + t));
      }
      parameters.add(encodeColumn(name, cells, rows, column));
      column++;
    }
    double[] y = new double[kept.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = objectives[kept.get(i)];
    }
    return new TrialTable(parameters, rows, y, objectives.length - kept.size());
  }

  private static double objectiveValue(Object value, int trial, String objective) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new StageException(
        "trial " + trial + ": objective '" + objective + "' must be a number (or null for a failed trial), found "
            + describe(value));
  }

  /** The cell as analysed: a Double/Long/BigInteger number, a level String, or null when absent. */
  private static Object cell(Map<String, ?> row, String name, String where) {
    Object v = row.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new StageException(
            where + ", parameter '" + name + "': expected a finite number, found " + v);
      }
      return d;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean || v instanceof Collection<?> || v instanceof Map<?, ?>) {
      try {
        return CanonicalJson.write(v);
      } catch (IllegalArgumentException e) {
        throw new StageException(
            where + ", parameter '" + name + "': cannot be written as JSON: " + e.getMessage(), e);
      }
    }
    throw new StageException(
        where + ", parameter '" + name + "': expected a number, string, boolean, list or map, found "
            + describe(v));
  }

  private static Parameter encodeColumn(String name, List<Object> cells, double[][] rows, int column) {
    boolean allNumbers = true;
    boolean allIntegers = true;
    for (Object c : cells) {
      allNumbers &= c instanceof Number;
      allIntegers &= c instanceof Long || c instanceof BigInteger;
    }
    if (allNumbers) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < cells.size(); i++) {
        double v = ((Number) cells.get(i)).doubleValue();
        rows[i][column] = v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return Parameter.numeric(name, allIntegers ? Parameter.Kind.INTEGER : Parameter.Kind.NUMERIC, lo, hi);
    }
    List<String> texts = new ArrayList<>(cells.size());
    for (Object c : cells) {
      texts.add(levelText(c));
    }
    List<String> levels = new ArrayList<>(new TreeSet<>(texts));
    for (int i = 0; i < texts.size(); i++) {
      rows[i][column] = java.util.Collections.binarySearch(levels, texts.get(i));
    }
    return Parameter.categorical(name, levels);
  }

  private static String levelText(Object cell) {
    return cell == null ? ABSENT : cell instanceof String s ? s : CanonicalJson.write(cell);
  }

  /**
   * Encodes one configuration (a default, a candidate) the way the trials are encoded, in {@link
   * #parameters()} order: numbers as they are (logarithm on a log scale), categories as the index of
   * their level. Every parameter must be given (or be absent for a conditional one) and every level
   * must have been observed, or a StageException says which is not.
   */
  public double[] encode(Map<String, ?> configuration, String where) {
    for (String name : configuration.keySet()) {
      indexOf(name);
    }
    double[] out = new double[parameters.size()];
    for (int j = 0; j < out.length; j++) {
      Parameter p = parameters.get(j);
      Object c = cell(configuration, p.name(), where);
      if (p.categorical()) {
        int level = p.levels().indexOf(levelText(c));
        if (level < 0) {
          throw new StageException(
              where + ", parameter '" + p.name() + "': level '" + levelText(c) + "' never occurs in the trials; they have "
                  + p.levels());
        }
        out[j] = level;
      } else if (c instanceof Number n) {
        out[j] = p.log() ? logOf(p.name(), n.doubleValue()) : n.doubleValue();
      } else {
        throw new StageException(
            where + ", parameter '" + p.name() + "': expected a number, found " + (c == null ? "nothing" : describe(c)));
      }
    }
    return out;
  }

  private static String describe(Object v) {
    String text = String.valueOf(v);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return v.getClass().getSimpleName() + " " + text;
  }

  /**
   * This table with a numeric parameter's domain set to the declared search space {@code [lower,
   * upper]} rather than the observed range (the analyses integrate over the domain, so it matters).
   */
  public TrialTable withBounds(String name, double lower, double upper) {
    int j = indexOf(name);
    Parameter p = parameters.get(j);
    if (p.categorical()) {
      throw new StageException("parameter '" + name + "' is categorical; bounds apply to numeric parameters");
    }
    double lo = p.log() ? logOf(name, lower) : lower;
    double hi = p.log() ? logOf(name, upper) : upper;
    if (!(lo <= p.lower() && p.upper() <= hi)) {
      throw new StageException(
          "parameter '" + name + "': bounds [" + lower + ", " + upper + "] must contain every observed value, found "
              + "values in [" + p.describe(p.lower()) + ", " + p.describe(p.upper()) + "]");
    }
    return replace(j, new Parameter(name, p.kind(), lo, hi, p.log(), List.of()), rows);
  }

  /**
   * This table with a numeric parameter analysed on the log scale (a learning rate sampled
   * log-uniformly): values and bounds become their natural logarithms, so the uniform measure of the
   * analyses is the log-uniform one.
   */
  public TrialTable withLogScale(String name) {
    int j = indexOf(name);
    Parameter p = parameters.get(j);
    if (p.categorical()) {
      throw new StageException("parameter '" + name + "' is categorical; only numeric parameters have a log scale");
    }
    if (p.log()) {
      return this;
    }
    double[][] copy = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      copy[i] = rows[i].clone();
      copy[i][j] = logOf(name, rows[i][j]);
    }
    return replace(j, new Parameter(name, p.kind(), logOf(name, p.lower()), logOf(name, p.upper()), true, List.of()), copy);
  }

  private static double logOf(String name, double v) {
    if (!(v > 0)) {
      throw new StageException("parameter '" + name + "': a log scale needs positive values, found " + v);
    }
    return Math.log(v);
  }

  private TrialTable replace(int j, Parameter p, double[][] newRows) {
    List<Parameter> ps = new ArrayList<>(parameters);
    ps.set(j, p);
    return new TrialTable(ps, newRows, objectives, excluded);
  }

  /** The column of a parameter, or a StageException naming the known ones. */
  public int indexOf(String name) {
    for (int j = 0; j < parameters.size(); j++) {
      if (parameters.get(j).name().equals(name)) {
        return j;
      }
    }
    List<String> known = parameters.stream().map(Parameter::name).toList();
    throw new StageException("no parameter '" + name + "' in the trial table; it has " + known);
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The number of completed trials analysed. */
  public int size() {
    return objectives.length;
  }

  /** How many trials were left out because their objective was missing or not finite. */
  public int excludedTrials() {
    return excluded;
  }

  /** The encoded value of parameter {@code column} in trial {@code trial}: a number or a level index. */
  public double value(int trial, int column) {
    return rows[trial][column];
  }

  public double objective(int trial) {
    return objectives[trial];
  }

  /** The encoded rows themselves, for the analyses of this package (never modified). */
  double[][] matrix() {
    return rows;
  }

  /** A copy of one trial's encoded parameter values, in {@link #parameters()} order. */
  public double[] row(int trial) {
    return rows[trial].clone();
  }
}
