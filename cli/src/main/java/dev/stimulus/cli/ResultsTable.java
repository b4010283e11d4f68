package dev.stimulus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * The run's closing table: one row per trial with its variant labels (split, transform, model: each
 * names the parameter values that vary, e.g. {@code noise[std=0.3]}), the objective's metric and one
 * more on the validation and test folds, and the model digest; the best trial is marked {@code *}.
 */
final class ResultsTable {

  private static final List<String> FOLDS = List.of("validation", "test");

  private ResultsTable() {}

  static String render(Results results) {
    List<TrialResult> trials = results.trials();
    TreeMap<String, Set<String>> values = new TreeMap<>();
    for (TrialResult t : trials) {
      t.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(text(v)));
    }
    // Variant labels are the params without a dot; they already spell out the varying values.
    List<String> varying = new ArrayList<>();
    for (String label : List.of("split", "transform", "model", "evaluate")) {
      if (values.containsKey(label) && (values.get(label).size() > 1 || label.equals("transform"))) {
        varying.add(label);
      }
    }
    List<String> metrics = metricNames(results);

    List<String> header = new ArrayList<>(List.of("", "#", "trial"));
    header.addAll(varying);
    for (String f : FOLDS) {
      metrics.forEach(m -> header.add(f + "." + m));
    }
    header.add("status");
    header.add("model");
    String best = results.best().map(TrialResult::id).orElse(null);
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (TrialResult t : trials) {
      List<String> row = new ArrayList<>(List.of(t.id().equals(best) ? "*" : "", Integer.toString(t.index()), t.id()));
      varying.forEach(k -> row.add(t.params().containsKey(k) ? text(t.params().get(k)) : "-"));
      for (String f : FOLDS) {
        for (String m : metrics) {
          JsonNode v = t.metrics() == null ? null : t.metrics().path(f).get(m);
          row.add(v != null && v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.doubleValue()) : "-");
        }
      }
      row.add(t.ok() ? (t.message().isEmpty() ? "ok" : "ok, " + t.message()) : t.status() + ": " + abbreviate(t.message(), 60));
      row.add(t.model() == null ? "-" : t.model().shortHex());
      rows.add(row);
    }
    return align(rows);
  }

  /** The objective's metric first, then accuracy (classification) or RMSE (regression). */
  private static List<String> metricNames(Results results) {
    List<String> names = new ArrayList<>();
    if (results.objective() != null) {
      String m = results.objective().metric();
      names.add(m.substring(m.indexOf('.') + 1));
    }
    for (String extra : List.of("accuracy", "rmse")) {
      boolean present = results.trials().stream()
          .anyMatch(t -> t.metrics() != null && t.metrics().path("validation").has(extra));
      if (present && !names.contains(extra)) {
        names.add(extra);
        break;
      }
    }
    return names;
  }

  static String format(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "-";
  }

  private static String text(JsonNode v) {
    return v == null ? "-" : v.isTextual() ? v.textValue() : v.toString();
  }

  private static String abbreviate(String s, int n) {
    String t = Objects.requireNonNullElse(s, "");
    return t.length() <= n ? t : t.substring(0, n - 3) + "...";
  }

  private static String align(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder s = new StringBuilder();
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(i == 0 ? "" : "  ").append(r.get(i)).append(" ".repeat(widths[i] - r.get(i).length()));
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
    return s.toString();
  }
}
