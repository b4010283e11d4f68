package dev.stimulus.stages.table;

import static dev.stimulus.stages.table.Fixtures.text;
import static dev.stimulus.stages.table.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTest {

  private static StageException fails(String csv) {
    return assertThrows(StageException.class, () -> Csv.read(utf8(csv), "data"));
  }

  @Test
  void readsHeaderAndRowsWithQuotedFields() {
    Table t = Csv.read(utf8("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n"), "data");
    assertEquals(List.of("a", "b", "c"), t.header());
    assertEquals(2, t.size());
    assertArrayEquals(new String[] {"1", "x, y", "say \"hi\""}, t.row(0));
    assertEquals("two\nlines", t.cell(1, 1));
  }

  @Test
  void writesLfAndQuotesOnlyWhereNeeded() {
    Table t = Csv.read(utf8("a,b\r\n\"1\",\"x, y\"\r\n\"2\",\"q\"\"\"\r\n"), "data");
    assertEquals("a,b\n1,\"x, y\"\n2,\"q\"\"\"\n", text(Csv.write(t)));
  }

  @Test
  void writeThenReadGivesTheSameTable() {
    Table t = new Table(List.of("id", "text"), List.of(
        new String[] {"1", "plain"}, new String[] {"2", "comma, inside"}, new String[] {"3", "line\nbreak"},
        new String[] {"4", "\"quoted\""}, new String[] {"5", ""}, new String[] {"6", "ünïcödé"}));
    Table back = Csv.read(Csv.write(t), "t");
    for (int i = 0; i < t.size(); i++) {
      assertArrayEquals(t.row(i), back.row(i));
    }
  }

  @Test
  void rowOfWrongWidthNamesItsLine() {
    StringBuilder sb = new StringBuilder("passenger_id,survived,pclass,sex,age,sibsp,parch,fare,embarked\n");
    for (int line = 2; line <= 16; line++) {
      sb.append(line).append(",0,3,male,22.0,1,0,7.25,S\n");
    }
    sb.append("17,0,3,male,22.0,1,0,7.25\n");
    assertTrue(fails(sb.toString()).getMessage().contains("line 17: expected 9 fields as in the header, found 8"),
        fails(sb.toString()).getMessage());
  }

  @Test
  void lineNumbersCountLineBreaksInsideQuotedFields() {
    // Record 1 spans lines 2-3, so the short row is on line 5, not the 4th record's "line 4".
    String csv = "a,b\n1,\"multi\nline\"\n2,x\n3\n";
    assertTrue(fails(csv).getMessage().contains("line 5: expected 2 fields"), fails(csv).getMessage());
  }

  @Test
  void lineNumbersWithCrLfLineEnds() {
    assertTrue(fails("a,b\r\n1,2\r\n3,4,5\r\n").getMessage().contains("line 3: expected 2 fields"));
  }

  @Test
  void blankLineInTheMiddleIsNamed() {
    StageException e = fails("a,b\n1,2\n\n3,4\n");
    assertTrue(e.getMessage().contains("line 3: expected 2 fields as in the header, found 1 (a blank line)"), e.getMessage());
  }

  @Test
  void textAfterClosingQuoteIsMalformedQuoting() {
    StageException e = fails("a,b\n1,2\n3,\"x\"y\n");
    assertTrue(e.getMessage().contains("line 3: malformed CSV quoting"), e.getMessage());
  }

  @Test
  void unterminatedQuoteIsMalformedQuoting() {
    StageException e = fails("a,b\n1,\"two\nlines\"\n3,\"never closed\n4,5\n");
    assertTrue(e.getMessage().startsWith("data: line 4: malformed CSV quoting"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "  \n\n", "\uFEFF"})
  void emptyFileIsRefused(String csv) {
    assertTrue(fails(csv).getMessage().contains("empty file"), fails(csv).getMessage());
  }

  @Test
  void headerOnlyIsATableWithoutRows() {
    assertEquals(0, Csv.read(utf8("a,b\n"), "data").size());
  }

  @Test
  void duplicateHeaderName() {
    StageException e = fails("a,b,a\n1,2,3\n");
    assertEquals("data: line 1: column name 'a' appears twice in the header (columns 1 and 3)", e.getMessage());
  }

  @Test
  void blankHeaderName() {
    assertTrue(fails("a, ,c\n1,2,3\n").getMessage().contains("line 1: column 2 of the header has a blank name"));
  }

  @Test
  void nulByteIsBinaryContent() {
    byte[] b = utf8("a,b\n1,2\n3,4\u0000\n");
    StageException e = assertThrows(StageException.class, () -> Csv.read(b, "data"));
    assertTrue(e.getMessage().contains("line 3: NUL byte"), e.getMessage());
    assertTrue(e.getMessage().contains("binary"), e.getMessage());
  }

  @Test
  void invalidUtf8IsNamedWithItsLine() {
    byte[] b = {'a', ',', 'b', '\n', '1', ',', (byte) 0xC3, (byte) 0x28, '\n'};
    StageException e = assertThrows(StageException.class, () -> Csv.read(b, "data"));
    assertTrue(e.getMessage().contains("line 2: invalid UTF-8 at byte offset 6"), e.getMessage());
  }

  @Test
  void byteOrderMarkIsDropped() {
    assertEquals(List.of("a", "b"), Csv.read(utf8("\uFEFFa,b\n1,2\n"), "data").header());
  }

  @Test
  void sizeGuard() {
    StageException e = assertThrows(StageException.class, () -> Csv.read(utf8("a,b\n1,2\n"), "data", 5));
    assertTrue(e.getMessage().contains("larger than the limit of 5 bytes"), e.getMessage());
  }

  @Test
  void tooManyColumns() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= Csv.MAX_COLUMNS; i++) {
      sb.append(i == 0 ? "" : ",").append('c').append(i);
    }
    assertTrue(fails(sb + "\n").getMessage().contains("columns is more than the limit"));
  }

  @Test
  void unknownColumnListsTheAvailableOnes() {
    Table t = Csv.read(utf8("age,fare\n1,2\n"), "data");
    StageException e = assertThrows(StageException.class, () -> t.column("Age"));
    assertEquals("unknown column 'Age' (available: age, fare)", e.getMessage());
  }

  @Test
  void numberParsingNamesColumnRowAndValue() {
    Table t = Csv.read(utf8("row_id,fold,age\n17,train,abc\n"), "table");
    StageException e = assertThrows(StageException.class, () -> t.number(0, 2));
    assertEquals("column 'age', row 17: 'abc' is not a number", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1f", "0x10", "NaN", "Infinity", "1,5", "", "1e", "--1", "1e400"})
  void numberParsingRefusesWhatIsNotAPlainFiniteDecimal(String v) {
    assertThrows(StageException.class, () -> Table.parseNumber(v, "c", "row 0"));
  }

  @Test
  void numberParsingAcceptsPlainDecimals() {
    assertEquals(1000.0, Table.parseNumber("1e3", "c", "row 0"));
    assertEquals(-2.5, Table.parseNumber("-2.5", "c", "row 0"));
    assertEquals(0.5, Table.parseNumber(".5", "c", "row 0"));
    assertEquals(7.0, Table.parseNumber(" 7 ", "c", "row 0"));
  }
}
