package dev.stimulus.workflows.report;

import dev.stimulus.workflows.index.IndexedTrial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Is an effect bigger than noise? Per parameter, the effect is the range of the mean objective over
 * its levels; the replicate noise is the pooled standard deviation of the objective across the seeds
 * of each configuration (trials equal in every parameter but the seeds); the control is the range of
 * the objective over the label-shuffle trials (models that cannot have learned anything real). An
 * effect is called real when it exceeds both twice the replicate noise and the control's range.
 */
final class Noise {

  private Noise() {}

  record Verdict(String parameter, int levels, double effect, Double noise, Double controlRange, String verdict) {}

  static List<Verdict> verdicts(Factors f) {
    Double noise = pooledSd(f);
    Double control = controlRange(f);
    List<Verdict> out = new ArrayList<>();
    for (String p : f.names) {
      if (Factors.isSeed(p)) {
        continue;
      }
      Map<String, List<Double>> byLevel = new TreeMap<>();
      f.trials.forEach(t -> byLevel.computeIfAbsent(Factors.level(t, p), k -> new ArrayList<>()).add(t.objective()));
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (List<Double> v : byLevel.values()) {
        double m = Specs.mean(v);
        lo = Math.min(lo, m);
        hi = Math.max(hi, m);
      }
      double effect = hi - lo;
      String verdict;
      if (noise == null && control == null) {
        verdict = "cannot tell: no replicates and no control";
      } else {
        double bar = Math.max(noise == null ? 0 : 2 * noise, control == null ? 0 : control);
        verdict = effect > bar ? "larger than " + what(noise, control) : "within " + what(noise, control);
      }
      out.add(new Verdict(p, byLevel.size(), effect, noise, control, verdict));
    }
    out.sort((a, b) -> Double.compare(b.effect, a.effect) != 0 ? Double.compare(b.effect, a.effect)
        : a.parameter.compareTo(b.parameter));
    return out;
  }

  private static String what(Double noise, Double control) {
    return noise != null && control != null ? "noise and control" : noise != null ? "replicate noise" : "control";
  }

  /** Pooled within-configuration standard deviation over configurations with two or more seeds. */
  static Double pooledSd(Factors f) {
    double ss = 0;
    int dof = 0;
    for (List<IndexedTrial> reps : f.configurations().values()) {
      if (reps.size() < 2) {
        continue;
      }
      List<Double> v = reps.stream().map(IndexedTrial::objective).toList();
      double m = Specs.mean(v);
      for (double x : v) {
        ss += (x - m) * (x - m);
      }
      dof += v.size() - 1;
    }
    return dof == 0 ? null : Math.sqrt(ss / dof);
  }

  static Double controlRange(Factors f) {
    if (f.controls.size() < 2) {
      return f.controls.isEmpty() ? null : 0.0;
    }
    List<Double> v = f.controls.stream().map(IndexedTrial::objective).toList();
    return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
        - v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  static Section section(Factors f, String metric) {
    List<String> notes = new ArrayList<>();
    List<Chart> charts = new ArrayList<>();
    List<Table> tables = new ArrayList<>();
    Double noise = pooledSd(f);
    Double control = controlRange(f);
    notes.add("Effect: the range of a parameter's mean objective over its values. Replicate noise: the pooled"
        + " standard deviation of the objective across seeds of the same configuration"
        + (noise == null ? " (not available: no configuration ran with more than one seed; give the split or"
            + " model seed a list of values)" : String.format(java.util.Locale.ROOT, " (%.4g)", noise))
        + ". Control: the range of the objective over label-shuffle trials"
        + (control == null ? " (not available: add a transform block with LabelShuffle)" : String.format(
            java.util.Locale.ROOT, " (%.4g over %d trials)", control, f.controls.size()))
        + ". An effect is real when it is larger than twice the noise and than the control's range.");
    List<Verdict> verdicts = verdicts(f);
    List<List<Object>> rows = new ArrayList<>();
    verdicts.forEach(v -> rows.add(Arrays.asList(v.parameter(), Factors.stage(v.parameter()), (long) v.levels(),
        v.effect(), v.noise(), v.controlRange(), v.verdict())));
    tables.add(new Table("effect_vs_noise", "Effects against replicate noise and the label-shuffle control",
        List.of("parameter", "step", "levels", "effect", "replicate_noise_sd", "control_range", "verdict"), rows));
    if (!verdicts.isEmpty()) {
      List<String> labels = verdicts.stream().map(Verdict::parameter).toList();
      var spec = Specs.series(Specs.bar(labels, metric), "effect (range of level means)",
          verdicts.stream().map(Verdict::effect).toList(), null);
      if (noise != null) {
        Specs.series(spec, "2 x replicate noise", verdicts.stream().map(v -> 2 * noise).toList(), null);
      }
      if (control != null) {
        Specs.series(spec, "control range", verdicts.stream().map(v -> control).toList(), null);
      }
      charts.add(new Chart("chart-effect-vs-noise", "bar", "Effect of each parameter against noise", spec));
    }
    List<String> groups = new ArrayList<>(List.of("real labels"));
    List<List<Double>> values = new ArrayList<>();
    values.add(f.trials.stream().map(IndexedTrial::objective).toList());
    if (!f.controls.isEmpty()) {
      groups.add("labels shuffled (control)");
      values.add(f.controls.stream().map(IndexedTrial::objective).toList());
      List<List<Object>> crow = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        List<Double> v = values.get(g);
        crow.add(Arrays.asList(groups.get(g), (long) v.size(), Specs.mean(v), Specs.finite(Specs.sd(v)),
            v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
            v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
      }
      tables.add(new Table("label_shuffle", "Objective with real and with shuffled labels",
          List.of("group", "trials", "mean", "sd", "min", "max"), crow));
      charts.add(new Chart("chart-label-shuffle", "strip", "Objective of every trial: real labels against"
          + " the label-shuffle control", Specs.strip(groups, values, metric)));
    }
    List<String> configs = new ArrayList<>();
    List<List<Double>> reps = new ArrayList<>();
    List<List<Object>> rrows = new ArrayList<>();
    for (var e : f.configurations().entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      List<Double> v = e.getValue().stream().map(IndexedTrial::objective).toList();
      rrows.add(Arrays.asList(e.getKey(), (long) v.size(), Specs.mean(v), Specs.sd(v)));
      if (configs.size() < 12) {
        configs.add("config " + (configs.size() + 1));
        reps.add(v);
      }
    }
    if (!rrows.isEmpty()) {
      tables.add(new Table("replicates", "Replicate spread per configuration (seeds varied)",
          List.of("configuration", "replicates", "mean", "sd"), rrows));
      charts.add(new Chart("chart-replicates", "strip", "Replicate spread: the objective across seeds of the"
          + " first " + configs.size() + " configurations (see the replicates table)", Specs.strip(configs, reps, metric)));
    }
    return Section.of("noise", "Effects against replicate noise and the label-shuffle control", notes, charts, tables);
  }
}
