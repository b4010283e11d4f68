package dev.stimulus.workflows.index;

import dev.stimulus.stages.StageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which trials to read from the index.
 *
 * @param experiment one experiment, or null for all
 * @param conditions every one must hold (see {@link Condition#parse})
 * @param history every run's record of each trial; otherwise only its latest run's
 */
public record TrialQuery(String experiment, List<Condition> conditions, boolean history) {

  public TrialQuery {
    conditions = List.copyOf(conditions);
  }

  public static TrialQuery all() {
    return new TrialQuery(null, List.of(), false);
  }

  public static TrialQuery of(String experiment) {
    return new TrialQuery(experiment, List.of(), false);
  }

  public TrialQuery where(String condition) {
    List<Condition> cs = new ArrayList<>(conditions);
    cs.add(Condition.parse(condition));
    return new TrialQuery(experiment, cs, history);
  }

  public TrialQuery withHistory() {
    return new TrialQuery(experiment, conditions, true);
  }

  /**
   * One comparison: {@code subject op value}. The subject is {@code objective}, {@code status},
   * {@code experiment}, {@code trial} (the trial id), a metric as {@code fold.metric} (folds train,
   * validation, test) or a parameter name (e.g. {@code transform.GaussianNoise.std}). Numbers
   * compare numerically; any other value compares as text with {@code =} or {@code !=} only.
   */
  public record Condition(String subject, String op, String value) {

    private static final Pattern FORM = Pattern.compile("\\s*([^<>=!\\s]+)\\s*(>=|<=|!=|=|>|<)\\s*(.*?)\\s*");
    static final List<String> FOLDS = List.of("train", "validation", "test");

    public static Condition parse(String text) {
      Matcher m = FORM.matcher(text == null ? "" : text);
      if (!m.matches() || m.group(3).isEmpty() || "<>=!".indexOf(m.group(3).charAt(0)) >= 0) {
        throw new StageException("condition '" + text + "': expected NAME OP VALUE with OP one of"
            + " > >= < <= = != (e.g. validation.roc_auc>0.8 or status=failed)");
      }
      Condition c = new Condition(m.group(1), m.group(2), unquote(m.group(3)));
      if (c.number() == null && !c.op.equals("=") && !c.op.equals("!=")) {
        throw new StageException("condition '" + text + "': '" + c.value + "' is not a number, so only = and !="
            + " can compare it");
      }
      return c;
    }

    private static String unquote(String v) {
      if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
        return v.substring(1, v.length() - 1);
      }
      return v;
    }

    /** The value as a number, or null when it is text. */
    public Double number() {
      try {
        double d = Double.parseDouble(value);
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** Whether the subject names a metric ({@code fold.metric}). */
    boolean isMetric() {
      int dot = subject.indexOf('.');
      return dot > 0 && FOLDS.contains(subject.substring(0, dot).toLowerCase(Locale.ROOT))
          && subject.indexOf('.', dot + 1) < 0;
    }
  }
}
