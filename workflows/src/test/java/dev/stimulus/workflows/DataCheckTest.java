package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load-time data validation: each silent data bug is refused before any stage runs, with the exact
 * message (file, line, field, what was expected and found, and the fix where there is one).
 */
class DataCheckTest {

  static final Catalogue CATALOGUE = Catalogue.load();

  static final String CSV = """
      id,seq,label,score,note
      0,ACGTACGTAA,1,0.5,a
      1,TTGCAACGTA,0,1.5,b
      2,GGGTACCATA,1,2.5,c
      3,CATGCATGCA,0,3.5,d
      """;

  static final String EXPERIMENT = """
      version: 1
      name: checks
      data:
        source: data.csv
        columns:
          - {name: id, role: meta}
          - {name: seq, role: input, encoder: {name: TextOneHot}}
          - {name: score, role: input, encoder: {name: Numeric}}
          - {name: label, role: label, encoder: {name: Numeric}}
      split:
        - {name: RandomSplit, ratios: [0.5, 0.25, 0.25]}
      model: {architecture: mlp, hidden: [4], epochs: 1}
      """;

  @TempDir Path dir;

  Experiment load(String csv, String experiment) throws Exception {
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("experiment.yaml"), experiment);
    return Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
  }

  String fails(String csv, String experiment) {
    return assertThrows(ExperimentException.class, () -> load(csv, experiment)).getMessage();
  }

  String at(String where) {
    return dir.resolve("experiment.yaml") + ":" + where + ": ";
  }

  @Test
  void cleanDataLoadsAndExtraColumnsAreReported() throws Exception {
    Experiment x = load(CSV, EXPERIMENT);
    assertEquals(List.of(dir.resolve("data.csv") + ": data column not named in the experiment, ignored: note"),
        x.warnings());
  }

  @Test
  void aLowercaseAlphabetAgainstUppercaseDnaSaysSoAndHowToFixIt() {
    String m = fails(CSV, EXPERIMENT.replace("{name: TextOneHot}", "{name: TextOneHot, alphabet: acgt, case: sensitive}"));
    assertEquals(at("7:32") + "data.columns[1].encoder: column 'seq': none of its characters (A, C, G, T) is in the"
        + " TextOneHot alphabet 'acgt' (case: sensitive), so every position would encode as zeros; the data is upper"
        + " case and the alphabet is not: set case: upper, or write the alphabet as 'ACGT'", m);
  }

  @Test
  void anAlphabetMatchingFewCharactersIsRefused() {
    // 40 characters: A x13, C x9, G x9, T x9 -> 'AC' matches 22/40 = 55%, below min_known 0.6.
    String m = fails(CSV, EXPERIMENT.replace("{name: TextOneHot}", "{name: TextOneHot, alphabet: AC, min_known: 0.6}"));
    assertEquals(at("7:32") + "data.columns[1].encoder: column 'seq': only 55.0% of its characters are in the"
        + " TextOneHot alphabet 'AC' (case: upper), less than min_known 60.0%; the most frequent others: 'G' x9,"
        + " 'T' x9; add those characters to the alphabet, or set it to the characters of the data", m);
  }

  @Test
  void aLabelWithOneClassIsRefused() {
    String m = fails(CSV.replaceAll(",[01],(\\d)", ",1,$1"), EXPERIMENT);
    assertEquals(at("9:7") + "data.columns[3]: column 'label' is the label, but every row holds the same value '1':"
        + " a single class leaves nothing to learn", m);
  }

  @Test
  void aColumnMissingFromTheDataIsRefused() {
    String m = fails(CSV, EXPERIMENT.replace("{name: score,", "{name: scores,"));
    assertEquals(at("8:8") + "data.columns[2].name: column 'scores' is not in the header of the data (available:"
        + " id, seq, label, score, note)", m);
  }

  @Test
  void aNonNumericCellInANumericColumnNamesRowAndValue() {
    String m = fails(CSV.replace("2.5", "n/a"), EXPERIMENT);
    assertEquals(at("8:34") + "data.columns[2].encoder: column 'score', row 2 (line 4): 'n/a' is not a number, but"
        + " the Numeric encoder needs a number in every cell", m);
  }

  @Test
  void aMissingCellInANumericColumnIsRefusedUnlessAPolicyIsDeclared() throws Exception {
    String csv = CSV.replace("2.5", "").replace("3.5", "NaN");
    String m = fails(csv, EXPERIMENT);
    assertEquals(at("8:34") + "data.columns[2].encoder: column 'score': row 2 (line 4) holds an empty cell (2 of 4"
        + " cells are missing), and the Numeric encoder needs a number in every cell; say what a missing cell becomes:"
        + " missing: mean, zero or drop in the encoder's params", m);
    for (String policy : List.of("mean", "zero", "drop")) {
      String experiment = EXPERIMENT.replace("{name: score, role: input, encoder: {name: Numeric}}",
          "{name: score, role: input, encoder: {name: Numeric, params: {missing: " + policy + "}}}");
      assertTrue(experiment.contains("missing: " + policy));
      load(csv, experiment);
    }
  }

  @Test
  void trueAndFalseCellsAreNumbersToTheNumericEncoders() throws Exception {
    String csv = CSV.replace("0.5", "True").replace("1.5", "false").replace("2.5", "TRUE").replace("3.5", "False");
    for (String encoder : List.of("Numeric", "Standardize", "NumericRank")) {
      String experiment = EXPERIMENT.replace("{name: score, role: input, encoder: {name: Numeric}}",
          "{name: score, role: input, encoder: {name: " + encoder + "}}");
      assertTrue(experiment.contains("encoder: {name: " + encoder + "}}"));
      load(csv, experiment);
    }
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    String m = fails(CSV.replace("2,GGGTACCATA,1,2.5,c", "2,GGGTACCATA,1,2.5"), EXPERIMENT);
    assertEquals(dir.resolve("data.csv") + ": row 2 (line 4): expected 5 cells (as many as header names), found 4", m);
  }
}
