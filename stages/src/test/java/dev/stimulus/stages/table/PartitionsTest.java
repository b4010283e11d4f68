package dev.stimulus.stages.table;

import static dev.stimulus.stages.table.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.StageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionsTest {

  private static String failure(String csv) {
    return assertThrows(StageException.class, () -> Partitions.read(utf8(csv))).getMessage();
  }

  @Test
  void leadingColumnsMustBeRowIdAndFold() {
    assertTrue(failure("fold,row_id,a\ntrain,0,1\n").contains("expected the first two columns to be 'row_id,fold'"));
  }

  @Test
  void unknownFoldNamesItsLine() {
    assertEquals("table: line 3: fold 'trian' is not one of train, validation, test",
        failure("row_id,fold,a\n0,train,1\n1,trian,2\n"));
  }

  @Test
  void duplicateRowIdNamesBothLines() {
    assertEquals("table: line 4: row_id '0' appears twice (also on line 2)",
        failure("row_id,fold,a\n0,train,1\n1,test,2\n0,test,3\n"));
  }

  @Test
  void partitionPrependsRowIdAndFold() {
    Table data = Csv.read(utf8("x,y\n1,a\n2,b\n"), "data");
    Table t = Partitions.partition(data, new String[] {"test", "train"});
    assertEquals("row_id,fold,x,y\n0,test,1,a\n1,train,2,b\n", Fixtures.text(Csv.write(t)));
  }

  @Test
  void partitionRefusesDataThatAlreadyHasAFoldColumn() {
    Table data = Csv.read(utf8("fold,y\n1,a\n"), "data");
    StageException e = assertThrows(StageException.class, () -> Partitions.partition(data, new String[] {"train"}));
    assertTrue(e.getMessage().contains("already has a column named 'fold'"), e.getMessage());
  }

  @Test
  void foldsParameterIsChecked() {
    StageException e = assertThrows(StageException.class,
        () -> Partitions.folds(Fixtures.json("[\"train\", \"valid\"]"), "transform X"));
    assertEquals("transform X: parameter 'folds' has unknown fold 'valid' (known: train, validation, test)", e.getMessage());
    assertEquals(List.of("test", "train"), List.copyOf(Partitions.folds(Fixtures.json("[\"test\",\"train\",\"test\"]"), "x")));
  }
}
