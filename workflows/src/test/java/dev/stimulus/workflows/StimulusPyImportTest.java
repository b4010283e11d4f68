package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.experiment.ColumnSpec;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.experiment.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stimulus-py data configs used as is: the expansion semantics (zip within a block, blocks are
 * alternatives, splits x transforms), the older shapes, and errors located in the stimulus-py file.
 * Expected counts come from stimulus-py's documented semantics, not from this code.
 */
class StimulusPyImportTest {

  static final Catalogue CATALOGUE = Catalogue.load();

  /** The shape of stimulus-py's DNA test config (ibis_znf395.yaml): 1 + 3 + 3 transform variants. */
  static final String DNA_CONFIG = """
      global_params:
        seed: 0

      columns:
        - column_name : "dna"
          column_type : "input"
          encoder:
            - name: TextOneHotEncoder
              params:
                alphabet: "acgt"
                dtype: float32

        - column_name : "binding"
          column_type : "label"
          encoder:
            - name: NumericEncoder
              params:
                dtype: float32
        - column_name : "binding"
          column_type : "label"
          encoder:
            - name: NumericEncoder
              params:
                dtype: float32

      transforms:
        - transformation_name: 'reverse_complement'
          columns:
            - column_name: "dna"
              transformations:
                - name: ReverseComplement
                  params:
        - transformation_name: 'uniform_masker'
          columns:
            - column_name: "dna"
              transformations:
                - name: UniformTextMasker
                  params:
                    probability: [0.1, 0.2, 0.3]
        - transformation_name: 'reverse_complement_masked'
          columns:
            - column_name: "dna"
              transformations:
                - name: ReverseComplement
                  params:
                - name: UniformTextMasker
                  params:
                    probability: [0.1, 0.2, 0.3]

      split:
        - split_method: RandomSplit
          split_input_columns: ["binding"]
          params:
            split: [0.6, 0.4]
      """;

  static final String DNA_CSV = """
      dna,binding
      ACGTACGTAA,1
      TTGCAACGTA,0
      GGGTACCATA,1
      CATGCATGCA,0
      """;

  static final String EXPERIMENT = """
      version: 1
      name: imported
      data:
        source: data.csv
        stimulus_py: config.yaml
      model: {architecture: mlp, hidden: [8], epochs: 2}
      objective: {metric: test.roc_auc}
      """;

  @TempDir Path dir;

  Experiment load(String config, String csv, String experiment) throws Exception {
    Files.writeString(dir.resolve("config.yaml"), config);
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("experiment.yaml"), experiment);
    return Experiment.load(dir.resolve("experiment.yaml"), CATALOGUE);
  }

  String fails(String config, String csv, String experiment) throws Exception {
    return assertThrows(ExperimentException.class, () -> load(config, csv, experiment)).getMessage();
  }

  static List<String> labels(List<Variant> vs) {
    return vs.stream().map(Variant::label).toList();
  }

  static Set<String> ids(List<Variant> vs) {
    Set<String> out = new HashSet<>();
    vs.forEach(v -> out.add(v.id()));
    return out;
  }

  @Test
  void titanicFromStimulusPyRunsUnchangedWithItsThreeNoiseVariants() throws Exception {
    Path example = Path.of("../examples/titanic/stimulus-py");
    assertTrue(Files.readString(example.resolve("titanic.yaml")).contains("std: [0.1, 0.2, 0.3]"));
    Experiment x = Experiment.load(example.resolve("experiment.yaml"), CATALOGUE);
    assertEquals(42, x.seed(), "global_params.seed is applied");
    assertEquals(List.of("noise[std=0.1]", "noise[std=0.2]", "noise[std=0.3]"), labels(x.transforms()));
    assertEquals(3, ids(x.transforms()).size());
    assertEquals(List.of("RandomSplit"), labels(x.splits()));
    assertEquals("[0.7,0.3]", x.splits().get(0).steps().get(0).params().get("ratios").toString());
    assertEquals(3, x.trialCount());
    // age and fare get noise with the same std: one step over both columns.
    Variant v = x.transforms().get(1);
    assertEquals(1, v.steps().size());
    assertEquals("GaussianNoise", v.steps().get(0).stage().name());
    assertEquals("[\"age\",\"fare\"]", v.steps().get(0).params().get("columns").toString());
    assertEquals(0.2, v.steps().get(0).params().get("std").asDouble());
    // An integer dtype on a column that gets noise would truncate the noise away: float32, with a warning.
    assertEquals("float32", encoderParam(x, "age", "dtype"));
    assertEquals("int8", encoderParam(x, "pclass", "dtype"));
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("column 'age' is encoded as float32 instead of int8")),
        x.warnings().toString());
    assertEquals(ColumnSpec.Role.META, x.columns().get(0).role());
  }

  static String encoderParam(Experiment x, String column, String param) {
    for (JsonNode c : x.encode().steps().get(0).params().get("columns")) {
      if (c.get("name").asText().equals(column)) {
        return c.get("encoder").get("params").get(param).asText();
      }
    }
    throw new AssertionError("no column " + column);
  }

  @Test
  void theDnaConfigYieldsSevenDistinctVariantsNotThree() throws Exception {
    Experiment x = load(DNA_CONFIG.replace("dtype: float32\n", "dtype: float32\n          convert_lowercase: true\n"),
        DNA_CSV, EXPERIMENT);
    assertEquals(List.of("reverse_complement",
        "uniform_masker[probability=0.1]", "uniform_masker[probability=0.2]", "uniform_masker[probability=0.3]",
        "reverse_complement_masked[probability=0.1]", "reverse_complement_masked[probability=0.2]",
        "reverse_complement_masked[probability=0.3]"), labels(x.transforms()));
    assertEquals(7, ids(x.transforms()).size());
    assertEquals(7, x.trialCount());
    Variant rcMasked = x.transforms().get(6);
    assertEquals(List.of("ReverseComplement", "UniformTextMasker"),
        rcMasked.steps().stream().map(s -> s.stage().name()).toList());
    assertEquals("*", rcMasked.steps().get(1).params().get("mask").asText(), "stimulus-py's default mask");
    assertEquals(0, x.seed());
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("column 'binding' is listed again, identically")),
        x.warnings().toString());
  }

  @Test
  void aLowercaseAlphabetAgainstUppercaseDnaIsRefusedWithTheFix() throws Exception {
    String m = fails(DNA_CONFIG, DNA_CSV, EXPERIMENT);
    assertEquals(dir.resolve("config.yaml") + ":8:9: columns[0].encoder[0]: column 'dna': none of its characters"
        + " (A, C, G, T) is in the TextOneHot alphabet 'acgt' (convert_lowercase: false), so every position would"
        + " encode as zeros; the data is upper case and the alphabet is not: set convert_lowercase: true in the"
        + " encoder's params, or write the alphabet as 'ACGT'", m);
  }

  @Test
  void untransformedAddsTheUnchangedDataFirst() throws Exception {
    Experiment x = load(DNA_CONFIG.replace("acgt", "ACGT"), DNA_CSV,
        EXPERIMENT.replace("stimulus_py: config.yaml", "stimulus_py: config.yaml\n  untransformed: true"));
    assertEquals(8, x.transforms().size());
    assertEquals("none", x.transforms().get(0).label());
    assertEquals("Identity", x.transforms().get(0).steps().get(0).stage().name());
  }

  @Test
  void olderShapesAreAccepted() throws Exception {
    // stimulus-py's sub-config shape: data_type on the column, empty params, a single transform and split.
    String legacy = """
        global_params:
          seed: 42
        columns:
          - column_name: survived
            column_type: label
            data_type: int16
            encoder:
              - name: NumericEncoder
                params: {}
          - column_name: sex
            column_type: input
            data_type: int16
            encoder:
              - name: StrClassificationEncoder
                params: {}
          - column_name: age
            column_type: input
            data_type: float32
            encoder:
              - name: NumericEncoder
                params: {}
        transforms:
          transformation_name: noise
          columns:
            - column_name: age
              transformations:
                - name: GaussianNoise
                  params:
                    std: 0.1
        split:
          split_method: RandomSplit
          params:
            split: [0.7, 0.15, 0.15]
          split_input_columns: [age]
        """;
    Experiment x = load(legacy, Experiments.CSV.replace("passenger_id,", "").replaceAll("(?m)^\\d+,", ""),
        EXPERIMENT.replace("test.roc_auc", "validation.roc_auc"));
    assertEquals(List.of("noise"), labels(x.transforms()));
    assertEquals("int16", encoderParam(x, "survived", "dtype"));
    assertEquals("int16", encoderParam(x, "sex", "dtype"));
    assertEquals("float32", encoderParam(x, "age", "dtype"));
    assertEquals("[0.7,0.15,0.15]", x.splits().get(0).steps().get(0).params().get("ratios").toString());
    assertTrue(x.warnings().stream().anyMatch(w -> w.contains("not named in the stimulus-py config, ignored: pclass,"
        + " sibsp, parch, fare, embarked")), x.warnings().toString());
  }

  @Test
  void zippedListsOfDifferentLengthsAreRefused() throws Exception {
    String config = DNA_CONFIG.replace("acgt", "ACGT").replaceFirst("probability: \\[0.1, 0.2, 0.3\\]",
        "probability: [0.1, 0.2, 0.3]\n              mask: [N, X]");
    String m = fails(config, DNA_CSV, EXPERIMENT);
    assertEquals(dir.resolve("config.yaml") + ":40:15: transforms[1].columns[0].transformations[0].params.mask:"
        + " has 2 values but transforms[1].columns[0].transformations[0].params.probability has 3: within one"
        + " transform block, lists are zipped (taken together position by position), so they must have the same"
        + " length or a single value", m);
  }

  @Test
  void errorsPointIntoTheStimulusPyFile() throws Exception {
    String config = DNA_CONFIG.replace("acgt", "ACGT");
    String m = fails(config.replace("name: UniformTextMasker\n            params:\n              probability: [0.1, 0.2, 0.3]",
        "name: UniformTextMasker\n            params:\n              probability: [0.1, 2.0, 0.3]"), DNA_CSV, EXPERIMENT);
    assertEquals(dir.resolve("config.yaml") + ":39:15: transforms[1].columns[0].transformations[0].params.probability:"
        + " transform UniformTextMasker: parameter 'probability' must be <= 1, found 2.0", m);
    m = fails(config.replace("name: ReverseComplement\n            params:\n  - transformation_name: 'uniform_masker'",
        "name: RevComp\n            params:\n  - transformation_name: 'uniform_masker'"), DNA_CSV, EXPERIMENT);
    assertTrue(m.startsWith(dir.resolve("config.yaml") + ":31:13: transforms[0].columns[0].transformations[0].name:"
        + " unknown transform stage 'RevComp' (known: "), m);
  }

  @Test
  void aSeedInBothFilesMustAgree() throws Exception {
    String m = fails(DNA_CONFIG.replace("acgt", "ACGT"), DNA_CSV, EXPERIMENT.replace("name: imported", "name: imported\nseed: 5"));
    assertEquals(dir.resolve("experiment.yaml") + ":3:1: seed: the experiment says 5 but the stimulus-py config's"
        + " global_params.seed says 0; remove one of them", m);
  }

  @Test
  void anObjectiveOnAFoldNoSplitMakesIsRefused() throws Exception {
    String m = fails(DNA_CONFIG.replace("acgt", "ACGT"), DNA_CSV, EXPERIMENT.replace("test.roc_auc", "validation.roc_auc"));
    assertEquals(dir.resolve("experiment.yaml") + ":7:13: objective.metric: no split makes a validation fold (two"
        + " ratios give train and test only), found 'validation.roc_auc'; use test.roc_auc, or give three ratios"
        + " (train, validation, test)", m);
  }

  @Test
  void splitInputColumnsNameTheColumnOfStratifiedSplits() throws Exception {
    Experiment x = load(DNA_CONFIG.replace("acgt", "ACGT").replace("split_method: RandomSplit", "split_method: StratifiedSplit"),
        DNA_CSV, EXPERIMENT);
    assertEquals("binding", x.splits().get(0).steps().get(0).params().get("column").asText());
  }
}
