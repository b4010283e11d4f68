package dev.stimulus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

class ActionKeyTest {

  private static final Digest TABLE = Digest.of("table".getBytes());
  private static final Digest MODEL = Digest.of("model".getBytes());

  private static JsonNode json(String s) throws Exception {
    return CanonicalJson.MAPPER.readTree(s);
  }

  private static Digest key(String params, Map<String, Digest> inputs) throws Exception {
    return ActionKey.of("transform", "GaussianNoise", 1, json(params), inputs);
  }

  @Test
  void keyIsSha256OfTheHandWrittenCanonicalIdentity() throws Exception {
    String canonical =
        "{\"impl\":\"GaussianNoise\",\"implVersion\":1,\"inputs\":{\"table\":\""
            + TABLE.hex()
            + "\"},\"params\":{\"columns\":[\"age\",\"fare\"],\"std\":0.1},\"schema\":1,\"stage\":\"transform\"}";
    assertEquals(
        DigestUtils.sha256Hex(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        key("{\"std\": 0.10, \"columns\": [\"age\", \"fare\"]}", Map.of("table", TABLE)).hex());
  }

  @Test
  void foldedDefaultsSpelledDifferentlyGiveTheSameKey() throws Exception {
    // A caller folds the default std=1.0 into "{}"; a user wrote 1 or 1e0 explicitly.
    Digest folded = key("{\"std\": 1.0, \"columns\": [\"age\"]}", Map.of("table", TABLE));
    assertEquals(folded, key("{\"columns\": [\"age\"], \"std\": 1}", Map.of("table", TABLE)));
    assertEquals(folded, key("{\"std\": 1e0, \"columns\": [\"age\"]}", Map.of("table", TABLE)));
  }

  @Test
  void nullParamsEqualEmptyParams() throws Exception {
    assertEquals(
        ActionKey.of("evaluate", "metrics", 1, null, Map.of()),
        ActionKey.of("evaluate", "metrics", 1, json("{}"), Map.of()));
  }

  @Test
  void inputOrderIsIrrelevant() throws Exception {
    Map<String, Digest> ab = new LinkedHashMap<>();
    ab.put("model", MODEL);
    ab.put("tensors", TABLE);
    Map<String, Digest> ba = new LinkedHashMap<>();
    ba.put("tensors", TABLE);
    ba.put("model", MODEL);
    assertEquals(key("{}", ab), key("{}", ba));
  }

  @Test
  void everyIdentityFieldChangesTheKey() throws Exception {
    JsonNode p = json("{\"std\": 0.1}");
    Map<String, Digest> in = Map.of("table", TABLE);
    Digest base = ActionKey.of("transform", "GaussianNoise", 1, p, in);
    assertNotEquals(base, ActionKey.of("split", "GaussianNoise", 1, p, in));
    assertNotEquals(base, ActionKey.of("transform", "UniformNoise", 1, p, in));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 2, p, in));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, json("{\"std\": 0.2}"), in));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, json("{\"std\": \"0.1\"}"), in));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, json("{\"std\": 0.1, \"x\": 1}"), in));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, p, Map.of("table", MODEL)));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, p, Map.of("data", TABLE)));
    assertNotEquals(base, ActionKey.of("transform", "GaussianNoise", 1, p, Map.of()));
  }

  @Test
  void seedIsTheKeysFirstEightBytes() {
    Digest k = Digest.parse("0123456789abcdef" + "0".repeat(48));
    assertEquals(0x0123456789abcdefL, ActionKey.seedOf(k));
  }
}
