package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Stores;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.exec.ExecutorOptions;
import dev.stimulus.workflows.exec.LocalExecutor;
import dev.stimulus.workflows.exec.ProgressListener;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.plan.Plan;
import dev.stimulus.workflows.results.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data shapes of stimulus-py's documentation and test data, rebuilt here from their public
 * description (the files are generated, seeded, in the test): each runs unchanged, or is refused
 * with a located error that names what is not supported and the fix.
 */
class StimulusPyCompatibilityTest {

  static final Catalogue CATALOGUE = Catalogue.load();

  static final String EXPERIMENT = """
      version: 1
      name: compat
      data:
        source: data.csv
        stimulus_py: config.yaml
      model: {architecture: mlp, hidden: [8], epochs: 2, batch_size: 16}
      objective: {metric: test.roc_auc}
      """;

  @TempDir Path dir;

  // ---- data, generated

  private static final String[] PORTS = {"S", "C", "Q"};

  /**
   * Raw titanic as its public CSV is shaped: a quoted name with a comma in every row, some ages
   * empty (177 of 891 there), fares with four decimals.
   */
  static String rawTitanic(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Fare,Embarked\n");
    for (int i = 1; i <= rows; i++) {
      boolean female = r.nextBoolean();
      int survived = r.nextDouble() < (female ? 0.75 : 0.2) ? 1 : 0;
      String age = r.nextDouble() < 0.2 ? "" : String.format(Locale.ROOT, "%.1f", 1 + r.nextInt(70) + (r.nextBoolean() ? 0.5 : 0));
      sb.append(i).append(',').append(survived).append(',').append(1 + r.nextInt(3)).append(",\"Surname")
          .append(i).append(", ").append(female ? "Mrs." : "Mr.").append(" Given ").append(i).append("\",")
          .append(female ? "female" : "male").append(',').append(age).append(',').append(r.nextInt(3)).append(',')
          .append(r.nextInt(3)).append(',').append(String.format(Locale.ROOT, "%.4f", 5 + 100 * r.nextDouble()))
          .append(',').append(PORTS[r.nextInt(3)]).append('\n');
    }
    return sb.toString();
  }

  /** Processed titanic as pandas' get_dummies writes it: one-hot columns of True/False cells. */
  static String processedTitanic(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(
        "passenger_id,survived,pclass,age,fare,sex_female,sex_male,embarked_C,embarked_Q,embarked_S\n");
    for (int i = 1; i <= rows; i++) {
      boolean female = r.nextBoolean();
      int survived = r.nextDouble() < (female ? 0.75 : 0.2) ? 1 : 0;
      int port = r.nextInt(3);
      sb.append(i).append(',').append(survived).append(',').append(1 + r.nextInt(3)).append(',')
          .append(String.format(Locale.ROOT, "%.1f", 1.0 + r.nextInt(70))).append(',')
          .append(String.format(Locale.ROOT, "%.4f", 5 + 100 * r.nextDouble())).append(',')
          .append(bool(female)).append(',').append(bool(!female)).append(',').append(bool(port == 1)).append(',')
          .append(bool(port == 2)).append(',').append(bool(port == 0)).append('\n');
    }
    return sb.toString();
  }

  private static String bool(boolean b) {
    return b ? "True" : "False";
  }

  static String numericColumn(String name, String type, String extraParams) {
    return "  - column_name: " + name + "\n    column_type: " + type + "\n    encoder:\n      - name: NumericEncoder\n"
        + "        params:\n          dtype: float32\n" + extraParams;
  }

  static final String PROCESSED_CONFIG = "global_params:\n  seed: 7\n\ncolumns:\n"
      + "  - column_name: passenger_id\n    column_type: meta\n    encoder:\n      - name: NumericEncoder\n        params:\n"
      + numericColumn("survived", "label", "")
      + numericColumn("pclass", "input", "")
      + numericColumn("age", "input", "")
      + numericColumn("fare", "input", "")
      + numericColumn("sex_female", "input", "")
      + numericColumn("sex_male", "input", "")
      + numericColumn("embarked_C", "input", "")
      + numericColumn("embarked_Q", "input", "")
      + numericColumn("embarked_S", "input", "")
      + "\nsplit:\n  - split_method: RandomSplit\n    split_input_columns: [survived]\n    params:\n      split: [0.7, 0.3]\n";

  static String rawConfig(String ageParams) {
    return "global_params:\n  seed: 3\n\ncolumns:\n"
        + "  - column_name: PassengerId\n    column_type: meta\n    encoder:\n      - name: NumericEncoder\n        params:\n"
        + "  - column_name: Name\n    column_type: meta\n    encoder:\n      - name: StrClassificationEncoder\n        params:\n"
        + numericColumn("Survived", "label", "")
        + numericColumn("Pclass", "input", "")
        + "  - column_name: Sex\n    column_type: input\n    encoder:\n      - name: StrClassificationEncoder\n        params:\n"
        + numericColumn("Age", "input", ageParams)
        + numericColumn("Fare", "input", "")
        + "\nsplit:\n  - split_method: RandomSplit\n    split_input_columns: [Age]\n    params:\n      split: [0.7, 0.3]\n";
  }

  Experiment load(String config, String csv) throws Exception {
    Files.writeString(dir.resolve("config.yaml"), config);
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);
    return Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
  }

  String fails(String config, String csv) {
    return assertThrows(ExperimentException.class, () -> load(config, csv)).getMessage();
  }

  /** Runs every trial on the embedded store; returns the results. */
  List<TrialResult> run(Experiment x) throws Exception {
    Plan plan = Plan.of(x);
    try (ArtifactStore store = Stores.embedded(dir.resolve(".stimulus"))) {
      RunReport report = new LocalExecutor(store, ExecutorOptions.defaults().withThreads(1)).run(plan, ProgressListener.NONE);
      assertTrue(report.succeeded(), report.summary());
      return report.results().trials();
    }
  }

  // ---- booleans

  @Test
  void processedTitanicWithTrueFalseOneHotColumnsRunsUnchanged() throws Exception {
    String csv = processedTitanic(80, 11);
    assertTrue(csv.contains(",True,False,"), "the data holds pandas' boolean cells");
    Experiment x = load(PROCESSED_CONFIG, csv);
    List<TrialResult> trials = run(x);
    assertEquals(1, trials.size());
    TrialResult t = trials.get(0);
    assertEquals(24, t.metrics().get("test").get("n").asInt(), t.metrics().toString());
    double auc = t.metrics().get("test").get("roc_auc").asDouble();
    assertTrue(auc >= 0 && auc <= 1, t.metrics().toString());
  }

  @Test
  void aCellThatIsNeitherNumberNorBooleanIsStillRefusedAtLoadTime() throws Exception {
    String csv = processedTitanic(20, 11).replaceFirst(",True,", ",yes,");
    String m = fails(PROCESSED_CONFIG, csv);
    assertTrue(m.startsWith(dir.resolve("config.yaml") + ":"), m);
    assertTrue(m.contains("'yes' is not a number, but the Numeric encoder needs a number in every cell"), m);
  }

  // ---- missing ages in the raw data

  @Test
  void rawTitanicMissingAgesAreALocatedErrorByDefault() throws Exception {
    String csv = rawTitanic(60, 5);
    int firstEmpty = firstEmptyAgeRow(csv);
    long empty = csv.lines().skip(1).filter(l -> l.split(",", -1)[6].isEmpty()).count();
    String m = fails(rawConfig(""), csv);
    // the Age column's encoder entry, in the stimulus-py file, then the row, its line and the count
    assertTrue(m.startsWith(dir.resolve("config.yaml") + ":"), m);
    assertTrue(m.contains("columns[5].encoder[0]: column 'Age': row " + firstEmpty + " (line " + (firstEmpty + 2)
        + ") holds an empty cell (" + empty + " of 60 cells are missing)"), m);
    assertTrue(m.contains("missing: mean, zero or drop in the encoder's params"), m);
  }

  @Test
  void rawTitanicRunsWithEachDeclaredMissingPolicy() throws Exception {
    String csv = rawTitanic(60, 5);
    java.util.Map<String, Integer> testRows = new java.util.HashMap<>();
    for (String policy : List.of("mean", "zero", "drop")) {
      Experiment x = load(rawConfig("          missing: " + policy + "\n"), csv);
      assertEquals(policy, StimulusPyImportTest.encoderParam(x, "Age", "missing"));
      List<TrialResult> trials = run(x);
      assertEquals(1, trials.size(), policy);
      testRows.put(policy, trials.get(0).metrics().get("test").get("n").asInt());
    }
    assertEquals(18, testRows.get("mean"), "0.3 of 60 rows: every row is encoded");
    assertEquals(18, testRows.get("zero"));
    assertTrue(testRows.get("drop") < 18, "rows without an age leave the test fold: " + testRows);
  }

  @Test
  void quotedNamesWithCommasStayOneCell() throws Exception {
    Experiment x = load(rawConfig("          missing: mean\n"), rawTitanic(30, 5));
    assertEquals("Name", x.columns().get(1).name());
    assertTrue(x.warnings().stream().noneMatch(w -> w.contains("Given")), x.warnings().toString());
  }

  // ---- the DNA (ibis) config with a three-way split

  static String dna(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("dna,binding\n");
    for (int i = 0; i < rows; i++) {
      StringBuilder seq = new StringBuilder();
      for (int k = 0; k < 20; k++) {
        seq.append("ACGT".charAt(r.nextInt(4)));
      }
      sb.append(seq).append(',').append(seq.indexOf("GC") >= 0 ? 1 : 0).append('\n');
    }
    return sb.toString();
  }

  @Test
  void theDnaConfigWithAThreeWaySplitTakesAValidationObjective() throws Exception {
    String config = StimulusPyImportTest.DNA_CONFIG.replace("acgt", "ACGT").replace("split: [0.6, 0.4]", "split: [0.7, 0.15, 0.15]");
    assertTrue(config.contains("[0.7, 0.15, 0.15]"));
    Files.writeString(dir.resolve("config.yaml"), config);
    Files.writeString(dir.resolve("data.csv"), dna(40, 2));
    Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT.replace("test.roc_auc", "validation.roc_auc"));
    Experiment x = Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
    assertEquals(7, x.transforms().size());
    assertEquals("[0.7,0.15,0.15]", x.splits().get(0).steps().get(0).params().get("ratios").toString());
    assertEquals("validation.roc_auc", x.objective().metric());
  }

  private static int firstEmptyAgeRow(String csv) {
    List<String> lines = csv.lines().skip(1).toList();
    for (int i = 0; i < lines.size(); i++) {
      // the name's comma adds one field before Age: Age is the 7th comma-separated part
      if (lines.get(i).split(",", -1)[6].isEmpty()) {
        return i;
      }
    }
    throw new AssertionError("the generated data has no empty age");
  }
}
