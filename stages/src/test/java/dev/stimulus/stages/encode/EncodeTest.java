package dev.stimulus.stages.encode;

import static dev.stimulus.stages.table.Fixtures.partitioned;
import static dev.stimulus.stages.table.Fixtures.run;
import static dev.stimulus.stages.table.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Fixtures;
import dev.stimulus.stages.tensor.Safetensors;
import org.junit.jupiter.api.Test;

class EncodeTest {

  private static final String SEX_AGE_SURVIVED = "[{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\"}},"
      + "{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
      + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}}]";

  private static StageOutput encode(byte[] table, String columns) {
    return run(new ColumnsEncode(), StageKind.Ports.TABLE, table, "{\"columns\":" + columns + "}", 0);
  }

  private static Safetensors.Contents tensors(byte[] table, String columns) {
    return Safetensors.read(encode(table, columns).bytes(StageKind.Ports.TENSORS));
  }

  private static String failure(byte[] table, String columns) {
    return assertThrows(StageException.class, () -> encode(table, columns)).getMessage();
  }

  private static final byte[] SMALL = partitioned("sex,age,survived",
      "train,male,22.0,0", "train,female,38.0,1", "validation,female,26.0,1", "test,male,35.5,0", "test,female,4,1");

  @Test
  void encodesEachFoldWithInputsInConfigOrderAndLabelAsY() {
    StageOutput out = encode(SMALL, SEX_AGE_SURVIVED);
    Safetensors.Contents c = Safetensors.read(out.bytes(StageKind.Ports.TENSORS));
    // sorted train labels: female=0, male=1
    assertArrayEquals(new float[] {1, 22, 0, 38}, c.tensor("train.x").floats());
    assertArrayEquals(new long[] {2, 2}, c.tensor("train.x").shape());
    assertArrayEquals(new float[] {0, 1}, c.tensor("train.y").floats());
    assertArrayEquals(new float[] {0, 26}, c.tensor("validation.x").floats());
    assertArrayEquals(new float[] {1, 35.5f, 0, 4}, c.tensor("test.x").floats());
    assertArrayEquals(new float[] {0, 1}, c.tensor("test.y").floats());
    assertEquals("binary", c.metadata().get("task"));
    assertEquals("2", c.metadata().get("num_classes"));
    assertEquals("survived", c.metadata().get("label_column"));
    assertEquals("[{\"encoder\":\"StrClassification\",\"name\":\"sex\",\"shape\":[1]},"
        + "{\"encoder\":\"Numeric\",\"name\":\"age\",\"shape\":[1]}]", c.metadata().get("input_columns"));
    assertEquals("fold,row_id\ntrain,0\ntrain,1\nvalidation,2\ntest,3\ntest,4\n", text(out.bytes(StageKind.Ports.INDEX)));
    var state = Fixtures.json(text(out.bytes(StageKind.Ports.STATE)));
    assertEquals("[\"female\",\"male\"]", state.at("/columns/0/fitted/classes").toString());
  }

  @Test
  void testCodesDoNotDependOnWhichOtherTestRowsArePresent() {
    String cols = "[{\"name\":\"c\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\"}},"
        + "{\"name\":\"s\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"StrClassification\"}}]";
    byte[] a = partitioned("c,s,y", "train,b,ACG,p", "train,a,TTTT,q", "train,c,A,r", "test,c,GA,q");
    byte[] b = partitioned("c,s,y", "train,b,ACG,p", "train,a,TTTT,q", "train,c,A,r",
        "test,a,CCCC,p", "test,c,GA,q", "test,b,T,r");
    float[] onlyRow = tensors(a, cols).tensor("test.x").floats();
    float[] amongOthers = tensors(b, cols).tensor("test.x").floats();
    int width = onlyRow.length;
    assertArrayEquals(onlyRow, java.util.Arrays.copyOfRange(amongOthers, width, 2 * width));
    assertEquals("multiclass", tensors(b, cols).metadata().get("task"));
    assertEquals("3", tensors(b, cols).metadata().get("num_classes"));
  }

  @Test
  void textOneHotPadsAndZeroesUnknownCharacters() {
    String cols = "[{\"name\":\"s\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\",\"params\":{\"alphabet\":\"ACGT\"}}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    byte[] t = partitioned("s,y", "train,ACG,0.5", "train,T,1.5", "test,gNa,2");
    Safetensors.Contents c = tensors(t, cols);
    // longest train text is 3: shape [3, 4]; test "gNa" -> G, (N unknown: zeros), A; case folded to upper
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0}, c.tensor("test.x").floats());
    assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(c.tensor("train.x").floats(), 12, 24));
    assertEquals("regression", c.metadata().get("task"));
    assertEquals("0", c.metadata().get("num_classes"));
    assertTrue(c.metadata().get("input_columns").contains("\"shape\":[3,4]"));
  }

  @Test
  void textOneHotTooLongForTheTrainLength() {
    String cols = "[{\"name\":\"s\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    String msg = failure(partitioned("s,y", "train,AC,0", "train,G,1", "test,ACGT,1"), cols);
    assertTrue(msg.startsWith("column 's', row 2: text of 4 characters is longer than the encoding length 2"), msg);
  }

  @Test
  void textOneHotAlphabetMatchingNothingSaysHowToFix() {
    String cols = "[{\"name\":\"seq\",\"role\":\"input\",\"encoder\":{\"name\":\"TextOneHot\",\"params\":"
        + "{\"alphabet\":\"acgt\",\"case\":\"sensitive\"}}},{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    String msg = failure(partitioned("seq,y", "train,ACGT,0", "train,GGCA,1"), cols);
    assertEquals("column 'seq': none of the characters in the train fold (A, C, G, T) is in the TextOneHot alphabet"
        + " 'acgt' (case: sensitive), so every position would encode as zeros; the alphabet and the data differ in"
        + " case: use case: upper (fold both to upper case), or write the alphabet in the data's case ('ACGT')", msg);
  }

  @Test
  void labelWithOneClassIsRefused() {
    String cols = "[{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"StrClassification\"}}]";
    String msg = failure(partitioned("x,y", "train,1,cat", "train,2,cat", "test,3,dog"), cols);
    assertEquals("encode columns: label column 'y' has a single value ('cat') in the train fold; a model needs at"
        + " least two classes or values", msg);
  }

  @Test
  void labelUnseenInTrainNamesRowAndValue() {
    String cols = "[{\"name\":\"x\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"StrClassification\"}}]";
    String msg = failure(partitioned("x,y", "train,1,cat", "train,2,dog", "test,3,eel"), cols);
    assertTrue(msg.startsWith("column 'y', row 2: value 'eel' does not occur in the train fold (train values: cat, dog)"), msg);
  }

  @Test
  void unseenInputValueWithIgnoreIsMinusOne() {
    String cols = "[{\"name\":\"c\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\",\"params\":{\"unknown\":\"ignore\"}}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    assertArrayEquals(new float[] {-1}, tensors(partitioned("c,y", "train,a,0", "train,b,1", "test,z,1"), cols).tensor("test.x").floats());
  }

  @Test
  void numericIntDtypeTruncatesAndChecksRange() {
    String cols = "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    assertArrayEquals(new float[] {22, -3}, tensors(partitioned("a,y", "train,22.7,0", "train,-3.9,2"), cols).tensor("train.x").floats());
    String msg = failure(partitioned("a,y", "train,1,0", "train,300,2"), cols);
    assertEquals("column 'a', row 1: 300 is outside the range of int8 (-128 to 127)", msg);
  }

  @Test
  void numericBinaryLabelRefusesOtherValuesLater() {
    String cols = "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    String msg = failure(partitioned("a,y", "train,1,0", "train,2,1", "test,3,2"), cols);
    assertTrue(msg.contains("row 2: 2 is not 0 or 1"), msg);
  }

  @Test
  void configurationIsChecked() {
    String in = "{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\"}}";
    assertTrue(failure(SMALL, "[" + in + "]").contains("exactly one column with role label, found none"));
    assertTrue(failure(SMALL, "[" + in + ",{\"name\":\"age\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]")
        .contains("found 2: age, survived"));
    assertEquals("encode columns: parameter 'columns' entry 1 (column 'sex'): unknown encoder 'OneHot' (known: Numeric,"
        + " NumericRank, Standardize, StrClassification, TextAscii, TextOneHot)",
        failure(SMALL, "[{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"OneHot\"}}]"));
    assertTrue(failure(SMALL, "[{\"name\":\"sex\",\"role\":\"feature\",\"encoder\":{\"name\":\"Numeric\"}}]")
        .contains("role must be input or label, found 'feature'"));
    assertEquals("encode columns: unknown column 'Age' (available: row_id, fold, sex, age, survived)",
        failure(SMALL, "[" + in + ",{\"name\":\"Age\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]"));
    assertTrue(failure(SMALL, "[" + in + ",{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\","
        + "\"params\":{\"dtype\":\"float8\"}}}]").contains("'dtype' must be one of"));
    assertTrue(failure(partitioned("sex,s", "train,male,AC", "train,female,GT"),
        "[" + in + ",{\"name\":\"s\",\"role\":\"label\",\"encoder\":{\"name\":\"TextOneHot\"}}]")
        .contains("must encode to one number per row"));
    assertTrue(failure(SMALL, "[" + in + "," + in + "]").contains("column 'sex' is listed twice"));
    assertTrue(failure(SMALL, "{\"sex\":1}").contains("must be a list"));
  }

  @Test
  void noTrainRowsIsRefused() {
    assertTrue(failure(partitioned("sex,age,survived", "test,male,1,0"), SEX_AGE_SURVIVED).contains("no train rows"));
  }
}
