package dev.stimulus.stages.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;
import org.junit.jupiter.api.Test;

/** The encode stage's params enter the action key with every nested encoder default folded in. */
class ResolveParamsTest {

  private final ColumnsEncode stage = new ColumnsEncode();

  private String resolved(String json) throws Exception {
    JsonNode given = CanonicalJson.MAPPER.readTree(json);
    return CanonicalJson.write(stage.resolveParams(given, "encode columns"));
  }

  @Test
  void encoderDefaultsAreFoldedIn() throws Exception {
    String bare = resolved("{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}}]}");
    String explicit = resolved("{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\","
        + "\"params\":{\"dtype\":\"float32\"}}},{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\","
        + "\"params\":{\"dtype\":\"float32\"}}}]}");
    assertEquals(bare, explicit);
    assertTrue(bare.contains("\"version\":1"), bare);
  }

  @Test
  void aDifferentEncoderParamChangesTheResolvedForm() throws Exception {
    String a = resolved("{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}}]}");
    String b = resolved("{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}}]}");
    assertNotEquals(a, b);
  }

  @Test
  void resolvedParamsResolveToThemselves() throws Exception {
    String once = resolved("{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"StrClassification\"}},"
        + "{\"name\":\"s\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}}]}");
    assertEquals(once, resolved(once));
  }

  @Test
  void aVersionOtherThanTheClassPathsIsRefused() {
    StageException e = assertThrows(StageException.class, () -> resolved(
        "{\"columns\":[{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"version\":7}},"
            + "{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}}]}"));
    assertTrue(e.getMessage().contains("version 7 was asked for, but the encoder on the class path is version 1"),
        e.getMessage());
  }
}
