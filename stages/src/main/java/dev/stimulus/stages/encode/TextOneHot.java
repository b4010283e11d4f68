package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A text cell (e.g. a DNA sequence) as one one-hot vector per position: shape {@code [length,
 * alphabet size]}. Shorter texts are padded with zero vectors, characters outside the alphabet are
 * zero vectors. The length is the longest train text unless {@code max_length} is given.
 */
public final class TextOneHot implements ColumnEncoder {

  @Override
  public String name() {
    return "TextOneHot";
  }

  /** 2: fitting refuses an alphabet that matches too few of the train characters ({@code min_known}). */
  @Override
  public int version() {
    return 2;
  }

  @Override
  public String description() {
    return "text as one-hot vectors per position over an alphabet, zero-padded";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.string("alphabet", "ACGT", "the characters, in the order of the one-hot positions"),
        Param.choice("case", "upper", List.of("upper", "lower", "sensitive"),
            "upper/lower: fold alphabet and text to that case first; sensitive: compare as written"),
        Param.integer("max_length", 0, 0, 1_000_000, "positions per text; 0 means the longest train text"),
        Param.bool("truncate", false, "cut texts longer than the length instead of failing"),
        Param.number("min_known", 0.5, 0, 1,
            "least share of the train fold's characters that must be in the alphabet (the rest encode as zeros)"));
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    String column = train.column();
    String caseMode = params.get("case").asText();
    String alphabet = fold(params.get("alphabet").asText(), caseMode);
    boolean truncate = params.get("truncate").asBoolean();
    int[] symbols = alphabet.codePoints().toArray();
    if (symbols.length == 0) {
      throw new StageException("column '" + column + "': TextOneHot alphabet is empty");
    }
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < symbols.length; i++) {
      if (position.putIfAbsent(symbols[i], i) != null) {
        throw new StageException("column '" + column + "': TextOneHot alphabet '" + alphabet + "' (case: " + caseMode
            + ") has the character '" + Character.toString(symbols[i]) + "' twice");
      }
    }
    int longest = 0;
    TreeSet<Integer> seen = new TreeSet<>();
    Map<Integer, Long> unknown = new TreeMap<>();
    long characters = 0;
    for (String cell : train.cells()) {
      String text = fold(cell, caseMode);
      longest = Math.max(longest, text.codePointCount(0, text.length()));
      for (int c : text.codePoints().toArray()) {
        seen.add(c);
        characters++;
        if (!position.containsKey(c)) {
          unknown.merge(c, 1L, Long::sum);
        }
      }
    }
    if (!seen.isEmpty() && seen.stream().noneMatch(position::containsKey)) {
      throw new StageException(mismatch(column, params.get("alphabet").asText(), caseMode, seen));
    }
    long unknownCount = unknown.values().stream().mapToLong(Long::longValue).sum();
    double known = characters == 0 ? 1 : (characters - unknownCount) / (double) characters;
    if (known < params.get("min_known").asDouble()) {
      throw new StageException(few(column, params.get("alphabet").asText(), caseMode, known, unknown,
          params.get("min_known").asDouble()));
    }
    int length = params.get("max_length").asInt() > 0 ? params.get("max_length").asInt() : longest;
    if (length == 0) {
      throw new StageException("column '" + column + "': every text in the train fold is empty; nothing to one-hot encode");
    }
    int width = symbols.length;
    return new Fitted() {
      @Override
      public long[] shape() {
        return new long[] {length, width};
      }

      @Override
      public void encode(String value, String rowName, float[] out, int offset) {
        int[] text = fold(value, caseMode).codePoints().toArray();
        if (text.length > length && !truncate) {
          throw new StageException("column '" + column + "', " + rowName + ": text of " + text.length
              + " characters is longer than the encoding length " + length
              + " (the longest train text, or max_length); set max_length, or truncate: true");
        }
        for (int p = 0; p < Math.min(text.length, length); p++) {
          Integer k = position.get(text[p]);
          if (k != null) {
            out[offset + p * width + k] = 1f;
          }
        }
      }

      @Override
      public int classes() {
        return 0;
      }

      @Override
      public ObjectNode state() {
        return JsonNodeFactory.instance.objectNode().put("alphabet", alphabet).put("length", length);
      }
    };
  }

  private static String fold(String s, String caseMode) {
    return switch (caseMode) {
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      default -> s;
    };
  }

  /** Says that no character matched, which characters the data has, and which setting would match. */
  private static String mismatch(String column, String alphabet, String caseMode, TreeSet<Integer> seen) {
    String found = seen.stream().limit(20).map(Character::toString).collect(Collectors.joining(", "))
        + (seen.size() > 20 ? ", ..." : "");
    return "column '" + column + "': none of the characters in the train fold (" + found + ") is in the TextOneHot"
        + " alphabet '" + alphabet + "' (case: " + caseMode + "), so every position would encode as zeros; "
        + hint(alphabet, seen);
  }

  /** Says how few characters matched, the most frequent unknown ones, and how to fix it. */
  private static String few(String column, String alphabet, String caseMode, double known, Map<Integer, Long> unknown,
      double minKnown) {
    String top = unknown.entrySet().stream()
        .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(10)
        .map(e -> "'" + Character.toString(e.getKey()) + "' x" + e.getValue())
        .collect(Collectors.joining(", "));
    return "column '" + column + "': only " + percent(known) + " of the characters in the train fold are in the"
        + " TextOneHot alphabet '" + alphabet + "' (case: " + caseMode + "), less than min_known " + percent(minKnown)
        + "; unknown characters encode as zeros. Most frequent unknown: " + top + (unknown.size() > 10 ? ", ..." : "")
        + ". " + hint(alphabet, unknown.keySet()) + "; or lower min_known if the unknown characters are meant to be blanks";
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** A fix for characters that are not in the alphabet: a case setting when they are there in the other case. */
  private static String hint(String alphabet, java.util.Collection<Integer> notInAlphabet) {
    String data = notInAlphabet.stream().map(Character::toString).collect(Collectors.joining());
    String hint;
    if (containsAny(alphabet.toUpperCase(Locale.ROOT), data.toUpperCase(Locale.ROOT))) {
      hint = "the alphabet and the data differ in case: use case: upper (fold both to upper case), or write the"
          + " alphabet in the data's case ('" + inCaseOf(alphabet, data) + "')";
    } else {
      hint = "add those characters to the alphabet, or set it to the characters of the data";
    }
    return hint;
  }

  private static boolean containsAny(String alphabet, String data) {
    return data.codePoints().anyMatch(c -> alphabet.indexOf(c) >= 0);
  }

  private static String inCaseOf(String alphabet, String data) {
    boolean dataUpper = data.equals(data.toUpperCase(Locale.ROOT));
    return dataUpper ? alphabet.toUpperCase(Locale.ROOT) : alphabet.toLowerCase(Locale.ROOT);
  }
}
