package dev.stimulus.stages.encode;

import static dev.stimulus.stages.table.Fixtures.resource;
import static dev.stimulus.stages.table.Fixtures.run;
import static dev.stimulus.stages.table.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.split.RandomSplit;
import dev.stimulus.stages.tensor.Safetensors;
import dev.stimulus.stages.tensor.Tensor;
import dev.stimulus.stages.transform.GaussianNoise;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * RandomSplit -> GaussianNoise -> columns on the first 60 titanic rows, then one encoded row worked
 * out again from the noised CSV text with plain string handling (no code under test).
 */
class EndToEndTest {

  private static final String COLUMNS = "[{\"name\":\"pclass\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}},"
      + "{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\"}},"
      + "{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
      + "{\"name\":\"fare\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
      + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}}]";

  @Test
  void splitNoiseEncode() {
    byte[] table = run(new RandomSplit(), StageKind.Ports.DATA, resource("titanic_head.csv"), "{}", 42)
        .bytes(StageKind.Ports.TABLE);
    byte[] noised = run(new GaussianNoise(), StageKind.Ports.TABLE, table,
        "{\"columns\":[\"age\",\"fare\"],\"std\":0.1}", 43).bytes(StageKind.Ports.TABLE);
    StageOutput out = run(new ColumnsEncode(), StageKind.Ports.TABLE, noised, "{\"columns\":" + COLUMNS + "}", 44);
    Safetensors.Contents c = Safetensors.read(out.bytes(StageKind.Ports.TENSORS));

    // 60 rows * (0.7, 0.15, 0.15) = 42, 9, 9 exactly; 4 inputs of one number each
    assertArrayEquals(new long[] {42, 4}, c.tensor("train.x").shape());
    assertArrayEquals(new long[] {9, 4}, c.tensor("validation.x").shape());
    assertArrayEquals(new long[] {9, 4}, c.tensor("test.x").shape());
    assertArrayEquals(new long[] {9}, c.tensor("test.y").shape());
    assertEquals("binary", c.metadata().get("task"));

    // Independent recomputation from the CSV text: titanic cells have no quotes or commas.
    List<String> lines = text(noised).lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    Map<String, String[]> byRowId = new HashMap<>();
    TreeSet<String> trainSexes = new TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      byRowId.put(cells[0], cells);
      if (cells[1].equals("train")) {
        trainSexes.add(cells[header.indexOf("sex")]);
      }
    }
    List<String> index = text(out.bytes(StageKind.Ports.INDEX)).lines().toList();
    assertEquals("fold,row_id", index.get(0));
    assertEquals(61, index.size());
    int testRow = 3; // the 4th test row
    String[] indexLine = index.get(1 + 42 + 9 + testRow).split(",");
    assertEquals("test", indexLine[0]);
    String[] cells = byRowId.get(indexLine[1]);
    float[] expected = {
        Float.parseFloat(cells[header.indexOf("pclass")]),
        List.copyOf(trainSexes).indexOf(cells[header.indexOf("sex")]),
        (float) Double.parseDouble(cells[header.indexOf("age")]),
        (float) Double.parseDouble(cells[header.indexOf("fare")])};
    Tensor x = c.tensor("test.x");
    float[] actual = java.util.Arrays.copyOfRange(x.floats(), testRow * 4, testRow * 4 + 4);
    assertArrayEquals(expected, actual);
    assertEquals(Float.parseFloat(cells[header.indexOf("survived")]), c.tensor("test.y").floats()[testRow]);
    // the noise really reached the encoding: the raw age differs from the noised one
    String raw = text(resource("titanic_head.csv")).lines().toList().get(1 + Integer.parseInt(indexLine[1]));
    assertNotEquals(Float.parseFloat(raw.split(",")[4]), actual[2]);
  }
}
