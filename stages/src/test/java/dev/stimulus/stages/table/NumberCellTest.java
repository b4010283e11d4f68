package dev.stimulus.stages.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cell syntax numeric encoders read: what pandas and polars write for numbers, booleans and gaps. */
class NumberCellTest {

  private static Double read(String cell) {
    return NumberCell.read(cell, "c", "row 3");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "True|1", "False|0", "true|1", "false|0", "TRUE|1", "FALSE|0", "tRuE|1", " False |0",
      "+3|3", "-2.5|-2.5", ".5|0.5", "5.|5", "1e-3|0.001", "1E3|1000", "+1.5e+2|150", "-0|-0", "007|7"})
  void readsNumbersAndBooleans(String cell, double expected) {
    assertEquals(expected, read(cell));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "None", "<NA>", " NaN "})
  void missingMarkersAreMissingNotNumbers(String cell) {
    assertTrue(NumberCell.missing(cell));
    assertNull(read(cell));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "T", "F", "1,5", "0x10", "1f", "1d", "inf", "Infinity", "-inf", "1e", "e5", "--1",
      "+-1", "1 000", "1_000", "na", "none", "Nan1", "١٢", "1e400", "'1'", "\"1\""})
  void refusesEverythingElseNamingTheCell(String cell) {
    assertFalse(NumberCell.missing(cell), cell);
    StageException e = assertThrows(StageException.class, () -> read(cell));
    assertTrue(e.getMessage().startsWith("column 'c', row 3: '"), e.getMessage());
  }

  @Test
  @Timeout(10)
  void aHugeHostileCellIsRefusedQuicklyAndAbbreviatedInTheMessage() {
    String cell = "9".repeat(100_000) + "x";
    String m = assertThrows(StageException.class, () -> read(cell)).getMessage();
    assertTrue(m.length() < 200, m);
  }

  @Test
  void messagesDescribeTheMissingCell() {
    assertEquals("an empty cell", NumberCell.describeMissing(" "));
    assertEquals("'NaN' (a missing value)", NumberCell.describeMissing("NaN"));
  }
}
