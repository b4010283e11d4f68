package dev.stimulus.stages.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageContext;
import dev.stimulus.stages.StageInput;
import dev.stimulus.stages.StageOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared test helpers: run a stage on bytes with JSON params, read fixtures. */
public final class Fixtures {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resolves params like the executor does, then runs the stage with that seed. */
  public static StageOutput run(Stage stage, String port, byte[] input, String params, long seed) {
    ObjectNode resolved = stage.params().resolve(json(params), stage.kind().id() + " " + stage.name());
    return stage.run(StageInput.of(port, input), resolved, StageContext.forTest(seed));
  }

  public static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A partitioned table CSV from rows of "fold,cells..." with row ids 0, 1, 2... */
  public static byte[] partitioned(String header, String... rows) {
    StringBuilder sb = new StringBuilder("row_id,fold," + header + "\n");
    for (int i = 0; i < rows.length; i++) {
      sb.append(i).append(',').append(rows[i]).append('\n');
    }
    return utf8(sb.toString());
  }
}
