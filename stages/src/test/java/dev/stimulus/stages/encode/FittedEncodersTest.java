package dev.stimulus.stages.encode;

import static dev.stimulus.stages.table.Fixtures.partitioned;
import static dev.stimulus.stages.table.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.stages.StageOutput;
import dev.stimulus.stages.table.Fixtures;
import dev.stimulus.stages.tensor.Safetensors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** TextAscii, NumericRank, Standardize and TextOneHot's min_known check. */
class FittedEncodersTest {

  private static StageOutput encode(byte[] table, String columns) {
    return run(new ColumnsEncode(), StageKind.Ports.TABLE, table, "{\"columns\":" + columns + "}", 0);
  }

  private static Safetensors.Contents tensors(byte[] table, String columns) {
    return Safetensors.read(encode(table, columns).bytes(StageKind.Ports.TENSORS));
  }

  private static String failure(byte[] table, String columns) {
    return assertThrows(StageException.class, () -> encode(table, columns)).getMessage();
  }

  /** One input column {@code a} with that encoder, label {@code y} Numeric. */
  private static String input(String encoder) {
    return "[{\"name\":\"a\",\"role\":\"input\",\"encoder\":" + encoder + "},"
        + "{\"name\":\"y\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\"}}]";
  }

  private static float[] testX(byte[] table, String encoder) {
    return tensors(table, input(encoder)).tensor("test.x").floats();
  }

  // ---- Standardize

  @Test
  void standardizeUsesTrainMeanAndPopulationStd() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population standard deviation 2 (the textbook example)
    byte[] t = partitioned("a,y", "train,2,0", "train,4,1", "train,4,0", "train,4,1", "train,5,0", "train,5,1",
        "train,7,0", "train,9,1", "test,8,0", "test,2,1", "validation,100,0");
    Safetensors.Contents c = tensors(t, input("{\"name\":\"Standardize\"}"));
    assertArrayEquals(new float[] {1.5f, -1.5f}, c.tensor("test.x").floats());
    assertArrayEquals(new float[] {47.5f}, c.tensor("validation.x").floats());
    var state = Fixtures.json(Fixtures.text(encode(t, input("{\"name\":\"Standardize\"}")).bytes(StageKind.Ports.STATE)));
    assertEquals(5.0, state.at("/columns/0/fitted/mean").asDouble());
    assertEquals(2.0, state.at("/columns/0/fitted/std").asDouble());
  }

  @Test
  void standardizeZeroStdIsAnErrorOrCentresOnly() {
    byte[] t = partitioned("a,y", "train,3,0", "train,3,1", "test,5,0");
    String msg = failure(t, input("{\"name\":\"Standardize\"}"));
    assertTrue(msg.startsWith("column 'a': every train value is 3, so the standard deviation is 0"), msg);
    assertTrue(msg.contains("zero_std: one"), msg);
    assertArrayEquals(new float[] {2}, testX(t, "{\"name\":\"Standardize\",\"params\":{\"zero_std\":\"one\"}}"));
  }

  // ---- NumericRank

  @Test
  void numericRankMatchesAverageRanksAndInterpolates() {
    // scipy.stats.rankdata([10, 20, 20, 40]) = [1, 2.5, 2.5, 4]; minus 1, over n - 1 = 3: 0, 0.5, 0.5, 1
    byte[] t = partitioned("a,y", "train,20,0", "train,10,1", "train,40,0", "train,20,1",
        "test,10,0", "test,20,0", "test,40,0", "test,30,0", "test,15,0", "test,5,0", "test,50,0");
    assertArrayEquals(new float[] {0, 0.5f, 1, 0.75f, 0.25f, 0, 1}, testX(t, "{\"name\":\"NumericRank\"}"));
    byte[] single = partitioned("a,y", "train,7,0", "train,7,1", "test,1,0", "test,9,0");
    assertArrayEquals(new float[] {0.5f, 0.5f}, testX(single, "{\"name\":\"NumericRank\"}"));
  }

  @Test
  void numericRankNamesABadCell() {
    String msg = failure(partitioned("a,y", "train,1,0", "train,x,1"), input("{\"name\":\"NumericRank\"}"));
    assertEquals("column 'a', row 1: 'x' is not a number", msg);
  }

  // ---- TextAscii

  @Test
  void textAsciiCodesScaledOrRawAndZeroPadded() {
    byte[] t = partitioned("a,y", "train,abc,0", "train,Hi,1", "test,Hi,0");
    assertArrayEquals(new float[] {72 / 127f, 105 / 127f, 0}, testX(t, "{\"name\":\"TextAscii\"}"));
    assertArrayEquals(new float[] {72, 105, 0}, testX(t, "{\"name\":\"TextAscii\",\"params\":{\"scale\":\"raw\"}}"));
  }

  @Test
  void textAsciiTrims() {
    byte[] t = partitioned("a,y", "train,xyz,0", "train,Q,1", "test,ABCDE,0");
    String raw = "\"scale\":\"raw\"";
    assertArrayEquals(new float[] {67, 68, 69}, testX(t, "{\"name\":\"TextAscii\",\"params\":{" + raw + ",\"trim\":\"left\"}}"));
    assertArrayEquals(new float[] {65, 66, 67}, testX(t, "{\"name\":\"TextAscii\",\"params\":{" + raw + ",\"trim\":\"right\"}}"));
    assertArrayEquals(new float[] {65, 66, 67, 68, 69, 0},
        testX(t, "{\"name\":\"TextAscii\",\"params\":{" + raw + ",\"max_length\":6}}"));
    String msg = failure(t, input("{\"name\":\"TextAscii\"}"));
    assertTrue(msg.startsWith("column 'a', row 2: text of 5 characters is longer than the encoding length 3"), msg);
    assertTrue(msg.contains("trim: left or right"), msg);
  }

  @Test
  void textAsciiRefusesNonAscii() {
    String msg = failure(partitioned("a,y", "train,ab,0", "train,c\u00e9,1"), input("{\"name\":\"TextAscii\"}"));
    assertEquals("column 'a', row 1: character '\u00e9' at position 2 is not ASCII (code 233 > 127)", msg);
  }

  // ---- TextOneHot: an alphabet that matches too few characters

  @Test
  void textOneHotRefusesAnAlphabetMatchingFewCharacters() {
    byte[] t = partitioned("a,y", "train,ACGTNNNNNN,0", "train,NNNN,1");
    String msg = failure(t, input("{\"name\":\"TextOneHot\"}"));
    // 4 of 14 characters are in ACGT: 28.6%
    assertEquals("column 'a': only 28.6% of the characters in the train fold are in the TextOneHot alphabet 'ACGT'"
        + " (case: upper), less than min_known 50.0%; unknown characters encode as zeros. Most frequent unknown:"
        + " 'N' x10. add those characters to the alphabet, or set it to the characters of the data; or lower"
        + " min_known if the unknown characters are meant to be blanks", msg);
    assertEquals(2 * 10 * 4, tensors(t, input("{\"name\":\"TextOneHot\",\"params\":{\"min_known\":0.25}}"))
        .tensor("train.x").floats().length);
  }

  @Test
  void textOneHotFewMatchesBecauseOfCaseSaysSo() {
    byte[] t = partitioned("a,y", "train,ACgtacgt,0", "train,gg,1");
    String msg = failure(t, input("{\"name\":\"TextOneHot\",\"params\":{\"case\":\"sensitive\"}}"));
    assertTrue(msg.startsWith("column 'a': only 20.0% of the characters"), msg);
    assertTrue(msg.contains("'g' x4, 't' x2, 'a' x1, 'c' x1"), msg);
    assertTrue(msg.contains("differ in case: use case: upper"), msg);
  }

  // ---- fitted on train: a test row's codes do not depend on the other test rows

  @Test
  void testCodesDoNotDependOnTestBatchComposition() {
    String[] encoders = {"{\"name\":\"Standardize\"}", "{\"name\":\"NumericRank\"}",
        "{\"name\":\"TextAscii\",\"params\":{\"trim\":\"right\"}}", "{\"name\":\"TextOneHot\",\"params\":{\"alphabet\":\"0123456789.\",\"truncate\":true}}",
        "{\"name\":\"Numeric\"}", "{\"name\":\"StrClassification\",\"params\":{\"unknown\":\"ignore\"}}"};
    String[] train = {"train,1.5,0", "train,3,1", "train,10,0", "train,3,1"};
    for (String enc : encoders) {
      byte[] alone = partitioned("a,y", concat(train, "test,4.25,0"));
      byte[] among = partitioned("a,y", concat(train, "test,99,1", "test,-7,0", "test,4.25,0", "test,3,1"));
      float[] one = testX(alone, enc);
      float[] many = testX(among, enc);
      int w = one.length;
      assertArrayEquals(one, Arrays.copyOfRange(many, 2 * w, 3 * w), enc);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
