package dev.stimulus.stages.encode;

import static dev.stimulus.stages.table.Fixtures.partitioned;
import static dev.stimulus.stages.table.Fixtures.run;
import static dev.stimulus.stages.table.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.CanonicalJson;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Fixtures;
import dev.stimulus.stages.tensor.Safetensors;
import org.junit.jupiter.api.Test;

/** Booleans read as 1/0 and the missing policies (error, mean, zero, drop) of the numeric encoders. */
class MissingAndBooleanCellsTest {

  private static StageOutput encode(byte[] table, String columns) {
    return run(new ColumnsEncode(), StageKind.Ports.TABLE, table, "{\"columns\":" + columns + "}", 0);
  }

  private static String failure(byte[] table, String columns) {
    return assertThrows(StageException.class, () -> encode(table, columns)).getMessage();
  }

  /** Input {@code a} with that encoder, label {@code y} Numeric. */
  private static String input(String encoder) {
    return "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":" + encoder + "},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
  }

  private static Safetensors.Contents tensors(byte[] table, String columns) {
    return Safetensors.read(encode(table, columns).bytes(StageKind.Ports.TENSORS));
  }

  // ---- booleans

  @Test
  void oneHotBooleanColumnsAsPandasWritesThemEncodeAsOneAndZero() {
    byte[] t = partitioned("sex_male,sex_female,survived", "train,True,False,False", "train,False,True,True",
        "test,TRUE,false,true", "test,false,true,FALSE");
    String cols = "[{\"name\":\"sex_male\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"sex_female\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"dtype\":\"int8\"}}}]";
    Safetensors.Contents c = tensors(t, cols);
    assertArrayEquals(new float[] {1, 0, 0, 1}, c.tensor("train.x").floats());
    assertArrayEquals(new float[] {1, 0, 0, 1}, c.tensor("test.x").floats());
    assertArrayEquals(new float[] {0, 1}, c.tensor("train.y").floats());
    assertArrayEquals(new float[] {1, 0}, c.tensor("test.y").floats());
    assertEquals("binary", c.metadata().get("task"), "a True/False label is a binary label");
  }

  @Test
  void booleansEncodeTheSameAsTheOnesAndZerosTheyStandFor() {
    byte[] words = partitioned("a,y", "train,True,1", "train,False,0", "train,true,1", "test,FALSE,0");
    byte[] digits = partitioned("a,y", "train,1,1", "train,0,0", "train,1,1", "test,0,0");
    for (String enc : new String[] {"{\"name\":\"Numeric\"}", "{\"name\":\"Standardize\"}", "{\"name\":\"NumericRank\"}"}) {
      assertEquals(Fixtures.text(encode(digits, input(enc)).bytes(StageKind.Ports.TENSORS)),
          Fixtures.text(encode(words, input(enc)).bytes(StageKind.Ports.TENSORS)), enc);
    }
  }

  // ---- missing: error (the default)

  @Test
  void aMissingCellIsALocatedErrorByDefaultInEveryFold() {
    byte[] inTrain = partitioned("a,y", "train,1,0", "train,,1", "test,3,0");
    byte[] inTest = partitioned("a,y", "train,1,0", "train,2,1", "test,NaN,0");
    for (String enc : new String[] {"Numeric", "Standardize", "NumericRank"}) {
      String m = failure(inTrain, input("{\"name\":\"" + enc + "\"}"));
      assertTrue(m.startsWith("column 'a', row 1: an empty cell is missing, but the " + enc + " encoder needs a number"),
          m);
      assertTrue(m.contains("missing parameter: mean, zero or drop"), m);
      m = failure(inTest, input("{\"name\":\"" + enc + "\"}"));
      assertTrue(m.startsWith("column 'a', row 2: 'NaN' (a missing value) is missing"), m);
    }
  }

  @Test
  void theDefaultPolicyStaysOutOfTheResolvedParamsSoEarlierKeysHold() {
    String implicit = CanonicalJson.write(new ColumnsEncode().resolveParams(
        Fixtures.json("{\"columns\":" + input("{\"name\":\"Numeric\"}") + "}"), "t"));
    String explicit = CanonicalJson.write(new ColumnsEncode().resolveParams(
        Fixtures.json("{\"columns\":" + input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"error\"}}") + "}"), "t"));
    assertEquals(implicit, explicit);
    assertFalse(implicit.contains("missing"), implicit);
    String declared = CanonicalJson.write(new ColumnsEncode().resolveParams(
        Fixtures.json("{\"columns\":" + input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"mean\"}}") + "}"), "t"));
    assertTrue(declared.contains("\"missing\":\"mean\""), declared);
  }

  @Test
  void anUnknownPolicyIsRefusedListingTheKnownOnes() {
    String m = failure(partitioned("a,y", "train,1,0", "train,2,1"), input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"median\"}}"));
    assertTrue(m.contains("parameter 'missing' must be one of [error, mean, zero, drop], found 'median'"), m);
  }

  // ---- mean, zero

  @Test
  void meanFillsWithTheMeanOfThePresentTrainValues() {
    // train 2, (missing), 4, 9: the mean of the present values is 5; validation and test values never count
    byte[] t = partitioned("a,y", "train,2,0", "train,NA,1", "train,4,0", "train,9,1", "validation,100,0",
        "test,,1", "test,null,0");
    String enc = "{\"name\":\"Numeric\",\"params\":{\"missing\":\"mean\"}}";
    Safetensors.Contents c = tensors(t, input(enc));
    assertArrayEquals(new float[] {2, 5, 4, 9}, c.tensor("train.x").floats());
    assertArrayEquals(new float[] {5, 5}, c.tensor("test.x").floats());
    var state = Fixtures.json(text(encode(t, input(enc)).bytes(StageKind.Ports.STATE)));
    assertEquals(5.0, state.at("/columns/0/fitted/missing_fill").asDouble());
  }

  @Test
  void standardizeFitsOnTheCompletedColumn() {
    // completed train column 2, 5, 4, 9: mean 5, population variance (9 + 0 + 1 + 16) / 4 = 6.5
    byte[] t = partitioned("a,y", "train,2,0", "train,,1", "train,4,0", "train,9,1", "test,,0", "test,7,1");
    float[] x = tensors(t, input("{\"name\":\"Standardize\",\"params\":{\"missing\":\"mean\"}}")).tensor("test.x").floats();
    assertArrayEquals(new float[] {0, (float) (2 / Math.sqrt(6.5))}, x, 1e-6f);
  }

  @Test
  void zeroFillsWithZeroBeforeTheEncoderFits() {
    // NumericRank on the completed train column 2, 0, 4, 9: sorted 0, 2, 4, 9 -> ranks 0, 1/3, 2/3, 1
    byte[] t = partitioned("a,y", "train,2,0", "train,nan,1", "train,4,0", "train,9,1", "test,,0", "test,3,1");
    float[] x = tensors(t, input("{\"name\":\"NumericRank\",\"params\":{\"missing\":\"zero\"}}")).tensor("test.x").floats();
    assertArrayEquals(new float[] {0, 0.5f}, x, 1e-6f);
    float[] numeric = tensors(t, input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"zero\",\"dtype\":\"int8\"}}"))
        .tensor("train.x").floats();
    assertArrayEquals(new float[] {2, 0, 4, 9}, numeric);
  }

  @Test
  void meanWithEveryTrainCellMissingIsRefused() {
    byte[] t = partitioned("a,y", "train,,0", "train,NA,1", "test,3,0");
    String m = failure(t, input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"mean\"}}"));
    assertTrue(m.startsWith("column 'a': every train cell is missing, so missing: mean has no value to fill with"), m);
  }

  @Test
  void aMeanFillIsCastToTheDtypeLikeAnyValue() {
    byte[] t = partitioned("a,y", "train,1,0", "train,2,1", "train,,0", "test,,1");
    float[] x = tensors(t, input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"mean\",\"dtype\":\"int8\"}}"))
        .tensor("test.x").floats();
    assertArrayEquals(new float[] {1}, x, "mean 1.5 truncated as an int8 cast truncates");
  }

  // ---- drop

  @Test
  void dropLeavesTheRowOutOfEveryFoldAndTheIndex() {
    byte[] t = partitioned("a,b,y", "train,1,5,0", "train,,6,1", "train,3,7,1", "train,4,8,0",
        "validation,NaN,9,0", "test,6,10,1", "test,7,11,0");
    String cols = "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":{\"name\":\"Standardize\",\"params\":{\"missing\":\"drop\"}}},"
        + "{\"name\":\"b\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
    StageOutput out = encode(t, cols);
    Safetensors.Contents c = Safetensors.read(out.bytes(StageKind.Ports.TENSORS));
    // train a = 1, 3, 4 (row 1 dropped): mean 8/3, population std sqrt(14/9)
    double mean = 8.0 / 3;
    double sd = Math.sqrt(((1 - mean) * (1 - mean) + (3 - mean) * (3 - mean) + (4 - mean) * (4 - mean)) / 3);
    assertArrayEquals(new float[] {(float) ((1 - mean) / sd), 5, (float) ((3 - mean) / sd), 7, (float) ((4 - mean) / sd), 8},
        c.tensor("train.x").floats(), 1e-6f);
    assertFalse(c.tensors().containsKey("validation.x"), "the only validation row was dropped");
    assertEquals("fold,row_id\ntrain,0\ntrain,2\ntrain,3\ntest,5\ntest,6\n", text(out.bytes(StageKind.Ports.INDEX)));
    var state = Fixtures.json(text(out.bytes(StageKind.Ports.STATE)));
    assertEquals(2, state.get("dropped_rows").asInt());
  }

  @Test
  void dropOnTheLabelLeavesUnlabelledRowsOut() {
    byte[] t = partitioned("a,y", "train,1,0", "train,2,", "train,3,1", "test,4,NA", "test,5,1");
    String cols = "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"missing\":\"drop\"}}}]";
    Safetensors.Contents c = tensors(t, cols);
    assertArrayEquals(new float[] {0, 1}, c.tensor("train.y").floats());
    assertArrayEquals(new float[] {1}, c.tensor("test.y").floats());
  }

  @Test
  void fillingTheLabelIsRefused() {
    byte[] t = partitioned("a,y", "train,1,0", "train,2,1");
    for (String policy : new String[] {"mean", "zero"}) {
      String cols = "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\"}},"
          + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{\"missing\":\"" + policy + "\"}}}]";
      String m = failure(t, cols);
      assertTrue(m.contains("(column 'y'): missing: " + policy + " is not allowed for the label"), m);
      assertTrue(m.contains("use missing: drop"), m);
    }
  }

  @Test
  void droppingEveryTrainRowSaysWhy() {
    byte[] t = partitioned("a,y", "train,,0", "train,NA,1", "test,3,0");
    String m = failure(t, input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"drop\"}}"));
    assertTrue(m.contains("no train rows left after dropping 2 with missing cells (missing: drop)"), m);
  }

  @Test
  void aNonNumberIsStillRefusedUnderEveryPolicy() {
    byte[] t = partitioned("a,y", "train,1,0", "train,abc,1", "test,3,0");
    for (String policy : new String[] {"error", "mean", "zero", "drop"}) {
      String m = failure(t, input("{\"name\":\"Numeric\",\"params\":{\"missing\":\"" + policy + "\"}}"));
      assertTrue(m.startsWith("column 'a', row 1: 'abc' is not a number"), policy + ": " + m);
    }
  }
}
