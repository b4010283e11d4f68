package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the data against the columns before any stage runs, for the bugs that would otherwise pass
 * silently or fail late: a numeric column with a non-numeric cell or, without a declared missing
 * policy, a missing one, a label with one class, a
 * one-hot alphabet that matches none or too few of a column's characters. Data columns the
 * experiment does not name are reported, not refused.
 */
final class DataCheck {

  /** Encoders that parse every cell as a number. */
  private static final Set<String> NUMERIC = Set.of("Numeric", "NumericRank", "Standardize");

  private final YamlDocument doc;
  private final DataProfile profile;
  private final boolean stimulusPy;

  private DataCheck(YamlDocument doc, DataProfile profile, boolean stimulusPy) {
    this.doc = doc;
    this.profile = profile;
    this.stimulusPy = stimulusPy;
  }

  /**
   * @param encode the encode variant, whose params hold each encoder's resolved parameters
   * @param stimulusPy phrase fixes in stimulus-py's terms
   * @return warnings
   * @throws ExperimentException for the first problem, at the column's field
   */
  static List<String> run(YamlDocument doc, DataProfile profile, List<ColumnSpec> columns, Variant encode,
      boolean stimulusPy) {
    return new DataCheck(doc, profile, stimulusPy).run(columns, encode);
  }

  private List<String> run(List<ColumnSpec> columns, Variant encode) {
    if (profile.rows() == 0) {
      throw new ExperimentException(profile.file() + ": the data has a header but no rows");
    }
    Map<String, JsonNode> encoders = new HashMap<>();
    JsonNode resolved = encode.steps().get(0).params().get("columns");
    if (resolved != null) {
      resolved.forEach(c -> encoders.put(c.path("name").asText(), c.path("encoder")));
    }
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      DataProfile.Column stats = profile.column(c.name());
      if (!c.encoded() || stats == null) {
        continue;
      }
      String at = YamlDocument.element("data.columns", i);
      JsonNode encoder = encoders.getOrDefault(c.name(), c.encoder());
      String name = encoder.path("name").asText();
      JsonNode params = encoder.path("params");
      if (NUMERIC.contains(name) && stats.notANumber != null) {
        throw doc.error(YamlDocument.child(at, "encoder"), stats.notANumber + ", but the " + name
            + " encoder needs a number in every cell");
      }
      if (NUMERIC.contains(name) && stats.firstMissing != null && params.path("missing").asText("error").equals("error")) {
        throw doc.error(YamlDocument.child(at, "encoder"), "column '" + c.name() + "': " + stats.firstMissing
            + " (" + stats.missing + " of " + profile.rows() + " cells are missing), and the " + name
            + " encoder needs a number in every cell; say what a missing cell becomes: missing: mean, zero or drop"
            + " in the encoder's params");
      }
      if (c.role() == ColumnSpec.Role.LABEL) {
        int classes = NUMERIC.contains(name) ? stats.distinctNumbers.size() : stats.distinct.size();
        if (classes == 1) {
          throw doc.error(at, "column '" + c.name() + "' is the label, but every row holds the same value '"
              + stats.distinct.iterator().next() + "': a single class leaves nothing to learn");
        }
      }
      if (name.equals("TextOneHot") && params.has("alphabet") && params.has("case") && params.has("min_known")) {
        alphabet(YamlDocument.child(at, "encoder"), c.name(), stats, params.get("alphabet").asText(),
            params.get("case").asText(), params.get("min_known").asDouble());
      }
    }
    List<String> warnings = new ArrayList<>();
    Set<String> named = new HashSet<>();
    columns.forEach(c -> named.add(c.name()));
    List<String> unused = profile.unused(named);
    if (!unused.isEmpty()) {
      warnings.add(profile.file() + ": data column" + (unused.size() == 1 ? "" : "s") + " not named in the "
          + (stimulusPy ? "stimulus-py config" : "experiment") + ", ignored: " + String.join(", ", unused));
    }
    return warnings;
  }

  /** The same threshold as the TextOneHot encoder's fit ({@code min_known}), over the whole column. */
  private void alphabet(String at, String column, DataProfile.Column stats, String alphabet, String caseMode,
      double minKnown) {
    Set<Integer> symbols = new HashSet<>();
    fold(alphabet, caseMode).codePoints().forEach(symbols::add);
    Map<Integer, Long> unknown = new HashMap<>();
    TreeSet<Integer> seen = new TreeSet<>();
    long total = 0;
    long known = 0;
    for (Map.Entry<Integer, Long> e : stats.chars.entrySet()) {
      for (int cp : fold(Character.toString(e.getKey()), caseMode).codePoints().toArray()) {
        seen.add(cp);
        total += e.getValue();
        if (symbols.contains(cp)) {
          known += e.getValue();
        } else {
          unknown.merge(cp, e.getValue(), Long::sum);
        }
      }
    }
    if (total == 0) {
      return;
    }
    String what = "the TextOneHot alphabet '" + alphabet + "' (" + caseSetting(caseMode) + ")";
    if (known == 0) {
      throw doc.error(at, "column '" + column + "': none of its characters (" + list(seen) + ") is in " + what
          + ", so every position would encode as zeros; " + hint(alphabet, seen));
    }
    double share = known / (double) total;
    if (share < minKnown) {
      String top = unknown.entrySet().stream()
          .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(5).map(e -> "'" + Character.toString(e.getKey()) + "' x" + e.getValue())
          .collect(Collectors.joining(", "));
      throw doc.error(at, "column '" + column + "': only " + percent(share) + " of its characters are in " + what
          + ", less than min_known " + percent(minKnown) + "; the most frequent others: " + top + "; "
          + hint(alphabet, unknown.keySet()));
    }
  }

  private String caseSetting(String caseMode) {
    if (stimulusPy) {
      return caseMode.equals("lower") ? "convert_lowercase: true" : "convert_lowercase: false";
    }
    return "case: " + caseMode;
  }

  /** A case fix when the missing characters are in the alphabet in the other case. */
  private String hint(String alphabet, Set<Integer> notInAlphabet) {
    String data = notInAlphabet.stream().map(Character::toString).collect(Collectors.joining());
    boolean otherCase = data.toUpperCase(Locale.ROOT).codePoints()
        .anyMatch(cp -> alphabet.toUpperCase(Locale.ROOT).indexOf(cp) >= 0);
    if (!otherCase) {
      return "add those characters to the alphabet, or set it to the characters of the data";
    }
    boolean dataUpper = data.equals(data.toUpperCase(Locale.ROOT));
    String rewritten = dataUpper ? alphabet.toUpperCase(Locale.ROOT) : alphabet.toLowerCase(Locale.ROOT);
    return "the data is " + (dataUpper ? "upper" : "lower") + " case and the alphabet is not: "
        + (stimulusPy ? "set convert_lowercase: true in the encoder's params" : "set case: upper")
        + ", or write the alphabet as '" + rewritten + "'";
  }

  private static String fold(String s, String caseMode) {
    return switch (caseMode) {
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      default -> s;
    };
  }

  private static String list(TreeSet<Integer> seen) {
    return seen.stream().limit(20).map(Character::toString).collect(Collectors.joining(", "))
        + (seen.size() > 20 ? ", ..." : "");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
