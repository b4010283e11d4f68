package dev.stimulus.stages.encode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.ParamSpec;
import dev.stimulus.stages.StageException;
import java.util.List;

/**
 * A text cell as one number per character: its ASCII code divided by 127 ({@code scale: unit}, so
 * codes lie in (0, 1]) or the code itself ({@code scale: raw}); shape {@code [length]}. Shorter texts
 * are padded at the end with 0, which no character encodes to. The length is the longest train text
 * unless {@code max_length} is given. A longer text is an error ({@code trim: error}), or is cut:
 * {@code trim: right} keeps its first {@code length} characters, {@code trim: left} its last. A
 * character outside ASCII (code above 127) in an encoded position is an error.
 */
public final class TextAscii implements ColumnEncoder {

  @Override
  public String name() {
    return "TextAscii";
  }

  @Override
  public String description() {
    return "text as one ASCII code per position (code/127 or raw), zero-padded at the end";
  }

  @Override
  public ParamSpec params() {
    return ParamSpec.of(
        Param.integer("max_length", 0, 0, 1_000_000, "positions per text; 0 means the longest train text"),
        Param.choice("trim", "error", List.of("error", "left", "right"),
            "a longer text: error, or cut characters from the left (keep the end) or the right (keep the start)"),
        Param.choice("scale", "unit", List.of("unit", "raw"), "unit: code / 127; raw: the code itself"));
  }

  @Override
  public Fitted fit(Values train, ObjectNode params) {
    String column = train.column();
    String trim = params.get("trim").asText();
    float divisor = params.get("scale").asText().equals("unit") ? 127f : 1f;
    int longest = 0;
    for (String cell : train.cells()) {
      longest = Math.max(longest, cell.codePointCount(0, cell.length()));
    }
    int length = params.get("max_length").asInt() > 0 ? params.get("max_length").asInt() : longest;
    if (length == 0) {
      throw new StageException("column '" + column + "': every text in the train fold is empty; nothing to encode");
    }
    return new Fitted() {
      @Override
      public long[] shape() {
        return new long[] {length};
      }

      @Override
      public void encode(String value, String rowName, float[] out, int offset) {
        int[] text = value.codePoints().toArray();
        int from = 0;
        if (text.length > length) {
          switch (trim) {
            case "left" -> from = text.length - length;
            case "right" -> from = 0;
            default -> throw new StageException("column '" + column + "', " + rowName + ": text of " + text.length
                + " characters is longer than the encoding length " + length
                + " (the longest train text, or max_length); set max_length, or trim: left or right");
          }
        }
        for (int p = 0; p < Math.min(text.length, length); p++) {
          int c = text[from + p];
          if (c > 127) {
            throw new StageException("column '" + column + "', " + rowName + ": character '" + Character.toString(c)
                + "' at position " + (from + p + 1) + " is not ASCII (code " + c + " > 127)");
          }
          out[offset + p] = c / divisor;
        }
      }

      @Override
      public int classes() {
        return 0;
      }

      @Override
      public ObjectNode state() {
        return JsonNodeFactory.instance.objectNode().put("length", length);
      }
    };
  }
}
