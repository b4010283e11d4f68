package dev.stimulus.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.analysis.TrialTable;
import dev.stimulus.workflows.index.IndexedTrial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hyper-parameters an analysis looks at, over the completed trials that are not label-shuffle
 * controls: every parameter that takes more than one value, except a variant's label ({@code split},
 * {@code transform}, {@code model}) when the parameters under it already tell its variants apart (it
 * would only duplicate their effect). A parameter missing from some trials (a step of one transform
 * block only) takes the level {@value TrialTable#ABSENT} there.
 */
final class Factors {

  /** The key under which a row holds the objective. */
  static final String OBJECTIVE = "(objective)";

  final List<String> names;
  final List<IndexedTrial> trials;
  final List<IndexedTrial> controls;
  /** Parameters left out because another parameter of the same step determines them: name -> that one. */
  final Map<String, String> determinedBy;

  private Factors(List<String> names, List<IndexedTrial> trials, List<IndexedTrial> controls,
      Map<String, String> determinedBy) {
    this.names = List.copyOf(names);
    this.trials = List.copyOf(trials);
    this.controls = List.copyOf(controls);
    this.determinedBy = Map.copyOf(determinedBy);
  }

  static Factors of(List<IndexedTrial> all) {
    List<IndexedTrial> trials = new ArrayList<>();
    List<IndexedTrial> controls = new ArrayList<>();
    for (IndexedTrial t : all) {
      if (t.completed() && t.objective() != null && Double.isFinite(t.objective())) {
        (isControl(t) ? controls : trials).add(t);
      }
    }
    TreeSet<String> every = new TreeSet<>();
    trials.forEach(t -> every.addAll(t.params().keySet()));
    List<String> varying = new ArrayList<>();
    for (String name : every) {
      Set<String> values = new HashSet<>();
      trials.forEach(t -> values.add(level(t, name)));
      if (values.size() > 1) {
        varying.add(name);
      }
    }
    List<String> names = new ArrayList<>();
    for (String name : varying) {
      if (name.contains(".") || !determinedByOthers(name, varying, trials)) {
        names.add(name);
      }
    }
    Map<String, String> determinedBy = sameStepDuplicates(names, trials);
    names.removeAll(determinedBy.keySet());
    return new Factors(names, trials, controls, determinedBy);
  }

  /**
   * Parameters of one step whose values follow from another parameter of that step. When a transform
   * step exists in only some blocks, all of its parameters vary between "absent" and their value, and
   * all but the grid's own axis merely repeat whether the step is there: analysing them would split
   * one effect between several names. Of such a group the parameter with the most levels stays
   * (ties: not a seed, then by name).
   */
  private static Map<String, String> sameStepDuplicates(List<String> names, List<IndexedTrial> trials) {
    List<String> order = new ArrayList<>(names);
    order.sort(java.util.Comparator.comparingInt((String n) -> -levels(n, trials))
        .thenComparing(Factors::isSeed).thenComparing(n -> n));
    Map<String, String> dropped = new TreeMap<>();
    for (int i = 0; i < order.size(); i++) {
      String keep = order.get(i);
      if (dropped.containsKey(keep)) {
        continue;
      }
      for (int j = i + 1; j < order.size(); j++) {
        String other = order.get(j);
        if (!dropped.containsKey(other) && step(other).equals(step(keep)) && !step(keep).isEmpty()
            && determines(keep, other, trials)) {
          dropped.put(other, keep);
        }
      }
    }
    return dropped;
  }

  private static int levels(String name, List<IndexedTrial> trials) {
    Set<String> values = new HashSet<>();
    trials.forEach(t -> values.add(level(t, name)));
    return values.size();
  }

  /** {@code transform.GaussianNoise} for {@code transform.GaussianNoise.std}; empty for top-level names. */
  private static String step(String name) {
    int last = name.lastIndexOf('.');
    return last < 0 ? "" : name.substring(0, last);
  }

  /** Whether each value of {@code a} comes with exactly one value of {@code b}. */
  private static boolean determines(String a, String b, List<IndexedTrial> trials) {
    Map<String, String> seen = new HashMap<>();
    for (IndexedTrial t : trials) {
      String prior = seen.putIfAbsent(level(t, a), level(t, b));
      if (prior != null && !prior.equals(level(t, b))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the label parameter's value follows from the other varying parameters under it. */
  private static boolean determinedByOthers(String label, List<String> varying, List<IndexedTrial> trials) {
    List<String> under = varying.stream().filter(n -> n.startsWith(label + ".")).toList();
    if (under.isEmpty()) {
      return false;
    }
    Map<String, String> seen = new HashMap<>();
    for (IndexedTrial t : trials) {
      StringBuilder key = new StringBuilder();
      under.forEach(n -> key.append(level(t, n)).append('\u0000'));
      String prior = seen.putIfAbsent(key.toString(), level(t, label));
      if (prior != null && !prior.equals(level(t, label))) {
        return false;
      }
    }
    return true;
  }

  /** A parameter's value in a trial as comparable text ({@value TrialTable#ABSENT} when missing). */
  static String level(IndexedTrial t, String name) {
    JsonNode v = t.params().get(name);
    return v == null ? TrialTable.ABSENT : v.isTextual() ? v.textValue() : CanonicalJson.write(v);
  }

  /** A parameter value as the analysis package takes it. */
  static Object cell(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.isTextual() ? v.textValue() : CanonicalJson.write(v);
  }

  /** One row per analysed trial: the factors' values and the objective under {@link #OBJECTIVE}. */
  List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (IndexedTrial t : trials) {
      Map<String, Object> r = new TreeMap<>();
      for (String n : names) {
        Object c = cell(t.params().get(n));
        if (c != null) {
          r.put(n, c);
        }
      }
      r.put(OBJECTIVE, t.objective());
      rows.add(r);
    }
    return rows;
  }

  TrialTable table() {
    return TrialTable.fromRows(rows(), OBJECTIVE);
  }

  /** The pipeline step a parameter belongs to: split, transform, model, evaluate. */
  static String stage(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * Seeds and the replicate index (recorded by replicated searches): what tells replicates of one
   * configuration apart, not a choice anyone tunes.
   */
  static boolean isSeed(String name) {
    return name.equals("seed") || name.endsWith(".seed") || name.equals("replicate");
  }

  /** A label-shuffle negative control: its transform block permutes the labels. */
  static boolean isControl(IndexedTrial t) {
    return t.params().keySet().stream().anyMatch(n -> n.startsWith("transform.LabelShuffle"));
  }

  /** Trials grouped by their non-seed factors: the replicates of each configuration. */
  Map<String, List<IndexedTrial>> configurations() {
    Map<String, List<IndexedTrial>> out = new LinkedHashMap<>();
    for (IndexedTrial t : trials) {
      StringBuilder key = new StringBuilder();
      for (String n : names) {
        if (!isSeed(n)) {
          key.append(n).append('=').append(level(t, n)).append(' ');
        }
      }
      out.computeIfAbsent(key.toString().trim(), k -> new ArrayList<>()).add(t);
    }
    return out;
  }
}
