package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stimulus.stages.Catalogue;
import dev.stimulus.workflows.experiment.ColumnSpec;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import dev.stimulus.workflows.experiment.Objective;
import dev.stimulus.workflows.experiment.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

  @TempDir Path dir;
  final Catalogue catalogue = new Fakes().catalogue();

  Experiment load(String yaml) throws Exception {
    return Experiment.load(Experiments.write(dir, yaml), catalogue);
  }

  /** Loads and expects a failure whose message contains every fragment. */
  String fails(String yaml, String... fragments) throws Exception {
    Path file = Experiments.write(dir, yaml);
    ExperimentException e = assertThrows(ExperimentException.class, () -> Experiment.load(file, catalogue));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
    return e.getMessage();
  }

  static List<String> labels(List<Variant> vs) {
    return vs.stream().map(Variant::label).toList();
  }

  @Test
  void readsTheExample() throws Exception {
    Experiment x = load(Experiments.EXAMPLE);
    assertEquals("titanic-noise", x.name());
    assertEquals(42, x.seed());
    assertEquals(dir.resolve("titanic_stimulus.csv").toUri(), x.source());
    assertEquals(List.of("passenger_id", "survived", "pclass", "sex", "age", "sibsp", "parch", "fare", "embarked"),
        x.header());
    assertEquals(ColumnSpec.Role.META, x.columns().get(0).role());
    assertEquals("survived", x.label().name());
    assertEquals(List.of("RandomSplit[seed=1]", "RandomSplit[seed=2]"), labels(x.splits()));
    assertEquals(List.of("none", "noise[std=0.1]", "noise[std=0.3]"), labels(x.transforms()));
    assertEquals(List.of("mlp[hidden=[32]]", "mlp[hidden=[64,32]]"), labels(x.models()));
    assertEquals(List.of("metrics"), labels(x.evaluations()));
    assertEquals(new Objective("validation.roc_auc", Objective.Direction.MAXIMIZE), x.objective());
    assertEquals(12, x.trialCount());
  }

  @Test
  void resolvesParamsWithDefaultsAndTheExperimentSeed() throws Exception {
    Experiment x = load(Experiments.EXAMPLE);
    var noise = x.transforms().get(2).steps().get(0).params();
    assertEquals("{\"columns\":[\"age\",\"fare\"],\"std\":0.3,\"folds\":[\"train\",\"validation\",\"test\"],\"seed\":42}",
        noise.toString());
    // Explicit split seeds are kept; the model gets the experiment seed; defaults are folded in.
    assertEquals(1, x.splits().get(0).steps().get(0).params().get("seed").asInt());
    assertEquals(42, x.models().get(0).steps().get(0).params().get("seed").asInt());
    assertEquals("[32]", x.models().get(0).steps().get(0).params().get("hidden").toString());
    assertEquals(0.5, x.evaluations().get(0).steps().get(0).params().get("threshold").asDouble());
    // The empty block is the Identity transform.
    assertEquals("Identity", x.transforms().get(0).steps().get(0).stage().name());
    // The encode stage lists the encoded columns only, in file order.
    assertEquals("[{\"name\":\"survived\",\"role\":\"label\",\"encoder\":{\"name\":\"Numeric\",\"params\":{}}},"
        + "{\"name\":\"sex\",\"role\":\"input\",\"encoder\":{\"name\":\"StrClassification\",\"params\":{}}},"
        + "{\"name\":\"age\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{}}},"
        + "{\"name\":\"fare\",\"role\":\"input\",\"encoder\":{\"name\":\"Numeric\",\"params\":{}}}]",
        x.encode().steps().get(0).params().get("columns").toString());
  }

  @Test
  void flattensVariantParams() throws Exception {
    Experiment x = load(Experiments.EXAMPLE);
    assertEquals("0.3", x.transforms().get(2).params().get("GaussianNoise.std").toString());
    assertEquals("[0.7,0.15,0.15]", x.splits().get(0).params().get("ratios").toString());
    assertEquals("adam", x.models().get(1).params().get("optimizer").asText());
  }

  @Test
  void listTypedParamsTakeListsOfListsAsAlternativesAndFlatListsAsOneValue() throws Exception {
    Experiment x = load(Experiments.EXAMPLE.replace("ratios: [0.7, 0.15, 0.15], seed: [1, 2]",
        "ratios: [[0.8, 0.1, 0.1], [0.6, 0.2, 0.2]], seed: 3"));
    assertEquals(List.of("RandomSplit[ratios=[0.8,0.1,0.1]]", "RandomSplit[ratios=[0.6,0.2,0.2]]"), labels(x.splits()));
  }

  @Test
  void crossesAlternativesWithinABlock() throws Exception {
    Experiment x = load(Experiments.EXAMPLE.replace("std: [0.1, 0.3]}",
        "std: [0.1, 0.3]}\n      - {name: GaussianNoise, columns: [age], std: [1, 2, 3]}"));
    assertEquals(1 + 6, x.transforms().size());
    assertEquals("noise[GaussianNoise#1.std=0.1,GaussianNoise#2.std=1]", x.transforms().get(1).label());
    assertEquals("noise[GaussianNoise#1.std=0.3,GaussianNoise#2.std=3]", x.transforms().get(6).label());
    assertEquals("1", x.transforms().get(1).params().get("GaussianNoise#2.std").toString());
  }

  @Test
  void collidingLabelsAreDisambiguatedByContentId() throws Exception {
    Experiment x = load(Experiments.EXAMPLE.replace("  - {label: none}\n",
        "  - {label: noise, steps: [{name: GaussianNoise, std: 2}]}\n"
            + "  - {label: noise, steps: [{name: GaussianNoise, std: 3}]}\n"));
    List<Variant> t = x.transforms();
    assertEquals("noise@" + t.get(0).id(), t.get(0).label());
    assertEquals("noise@" + t.get(1).id(), t.get(1).label());
    assertNotEquals(t.get(0).label(), t.get(1).label());
    assertEquals("noise[std=0.1]", t.get(2).label());
    assertEquals(4, t.stream().map(Variant::id).distinct().count());
    assertTrue(t.get(0).id().matches("[0-9a-f]{8}"), t.get(0).id());
  }

  @Test
  void contentIdsIgnoreHowAValueIsWritten() throws Exception {
    String a = load(Experiments.EXAMPLE).transforms().get(1).id();
    String b = load(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [1.0e-1, 0.3]")).transforms().get(1).id();
    String c = load(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.2, 0.3]")).transforms().get(1).id();
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void yamlAnchorsWithinLimitsAreExpanded() throws Exception {
    Experiment x = load(Experiments.EXAMPLE
        .replace("{name: age, role: input, encoder: {name: Numeric}}", "{name: age, role: input, encoder: &num {name: Numeric}}")
        .replace("{name: fare, role: input, encoder: {name: Numeric}}", "{name: fare, role: input, encoder: *num}"));
    assertEquals("Numeric", x.columns().get(4).encoder().get("name").asText());
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void invalidYaml() throws Exception {
    fails(Experiments.EXAMPLE.replace("seed: 42", "seed: [42"), "experiment.yaml:", "invalid YAML");
  }

  @Test
  void unknownTopLevelKeyIsReportedWithLineAndColumn() throws Exception {
    fails(Experiments.EXAMPLE + "modle: {}\n", "experiment.yaml:29:1: modle: unknown top-level key 'modle'",
        "known: version, name, seed, reproducibility, data, split, transforms, model, evaluate, objective, search");
  }

  @Test
  void reproducibilityIsPortableOrFastAndAbsentLeavesItToTheProcess() throws Exception {
    assertEquals(null, load(Experiments.EXAMPLE).reproducibility());
    assertEquals(dev.stimulus.stages.train.Reproducibility.FAST,
        load(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nreproducibility: fast")).reproducibility());
    assertEquals(dev.stimulus.stages.train.Reproducibility.PORTABLE,
        load(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nreproducibility: portable")).reproducibility());
    fails(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nreproducibility: turbo"),
        "experiment.yaml:4:1: reproducibility: expected one of portable, fast, found 'turbo'");
    fails(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nreproducibility: [fast]"), "reproducibility");
    fails(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nreproducibility: FAST"), "found 'FAST'");
  }

  @Test
  void missingRequiredFields() throws Exception {
    fails(Experiments.EXAMPLE.replace("name: titanic-noise\n", ""), "missing required top-level key 'name'");
    fails(Experiments.EXAMPLE.replace("  source: titanic_stimulus.csv\n", ""), "data: missing required key 'source'");
    fails(Experiments.EXAMPLE.replace("{name: RandomSplit, ", "{"), "split[0]: missing required key 'name'");
    fails(Experiments.EXAMPLE.replace("{name: sex, role: input,", "{name: sex,"),
        "data.columns[2]: missing required key 'role'");
  }

  @Test
  void wrongVersionAndBadName() throws Exception {
    fails(Experiments.EXAMPLE.replace("version: 1", "version: 2"), "experiment.yaml:1:", "version: expected 1", "found the number 2");
    fails(Experiments.EXAMPLE.replace("name: titanic-noise", "name: ../evil"), "name: expected letters", "found '../evil'");
  }

  @Test
  void unknownRole() throws Exception {
    fails(Experiments.EXAMPLE.replace("role: label", "role: lable"),
        "experiment.yaml:8:", "data.columns[1].role: expected one of input, label, meta, group, found 'lable'");
  }

  @Test
  void unknownStageListsTheKnownOnes() throws Exception {
    fails(Experiments.EXAMPLE.replace("name: GaussianNoise", "name: GaussNoise"),
        "transforms[1].steps[0].name: unknown transform stage 'GaussNoise' (known: Crash, GaussianNoise, Identity)");
    fails(Experiments.EXAMPLE.replace("{name: RandomSplit", "{name: Random"),
        "split[0].name: unknown split stage 'Random' (known: RandomSplit)");
  }

  @Test
  void badParamsArePrefixedWithTheFieldPath() throws Exception {
    fails(Experiments.EXAMPLE.replace("std: [0.1, 0.3]", "std: [0.1, -1]"), "experiment.yaml:18:",
        "transforms[1].steps[0].std: transform GaussianNoise: parameter 'std' must be >= 0, found -1");
    fails(Experiments.EXAMPLE.replace("lr: 0.01", "lr: fast"),
        "model.lr: train djl: parameter 'lr' must be a number, found the string \"fast\"");
    fails(Experiments.EXAMPLE.replace("epochs: 20", "epochs: 20\n  epoch: 3"),
        "model: train djl: unknown parameter epoch (known: architecture, hidden");
    fails(Experiments.EXAMPLE.replace("optimizer: adam", "optimizer: adamw"),
        "model.optimizer: train djl: parameter 'optimizer' must be one of [adam, sgd], found 'adamw'");
  }

  @Test
  void mixedListsAndRangesAreRejected() throws Exception {
    fails(Experiments.EXAMPLE.replace("hidden: [[32], [64, 32]]", "hidden: [[32], 64]"),
        "model.hidden: 'hidden' takes a list", "found a mix");
    fails(Experiments.EXAMPLE.replace("dropout: 0.1", "dropout: {uniform: [0.0, 0.5]}"),
        "model.dropout: a range {uniform: [0.0, 0.5]} is sampled, not listed: search.strategy grid",
        "use a sampling search strategy (random, sobol or tpe)");
    fails(Experiments.EXAMPLE.replace("dropout: 0.1", "dropout: {between: [0.0, 0.5]}"),
        "model.dropout: expected a value, a list of alternatives or a range", "found a mapping {\"between\"");
    fails(Experiments.EXAMPLE.replace("dropout: 0.1", "dropout: []"), "model.dropout:", "found an empty list");
    fails(Experiments.EXAMPLE.replace("strategy: grid", "strategy: anneal"), "search.strategy: unknown search strategy"
        + " 'anneal' (known: grid, random, sobol, tpe)");
  }

  @Test
  void missingDataFileShowsThePath() throws Exception {
    fails(Experiments.EXAMPLE.replace("source: titanic_stimulus.csv", "source: nope.csv"),
        "data.source: data file not found: " + dir.resolve("nope.csv"));
  }

  @Test
  void columnsMissingFromTheHeaderListTheAvailableOnes() throws Exception {
    fails(Experiments.EXAMPLE.replace("{name: age,", "{name: agee,"),
        "data.columns[3].name: column 'agee' is not in the header of the data (available: passenger_id, survived,"
            + " pclass, sex, age, sibsp, parch, fare, embarked)");
    fails(Experiments.EXAMPLE.replace("columns: [age, fare]", "columns: [age, price]"),
        "transforms[1].steps[0].columns: column 'price' is not in the header");
  }

  @Test
  void exactlyOneLabelColumn() throws Exception {
    fails(Experiments.EXAMPLE.replace("role: label", "role: input"),
        "data.columns: expected exactly one column with role label, found 0");
    fails(Experiments.EXAMPLE.replace("{name: sex, role: input", "{name: sex, role: label"),
        "expected exactly one column with role label, found 2 (survived, sex)");
  }

  @Test
  void encodedColumnsNeedAnEncoderAndOthersMustNotHaveOne() throws Exception {
    fails(Experiments.EXAMPLE.replace("{name: sex, role: input, encoder: {name: StrClassification}}",
        "{name: sex, role: input}"), "data.columns[2]: the input column 'sex' needs an encoder");
    fails(Experiments.EXAMPLE.replace("{name: passenger_id, role: meta}",
        "{name: passenger_id, role: meta, encoder: {name: Numeric}}"), "data.columns[0].encoder: meta columns are not encoded");
  }

  @Test
  void duplicateKeysAndDuplicateVariants() throws Exception {
    fails(Experiments.EXAMPLE.replace("seed: 42", "seed: 42\nseed: 43"), "seed: duplicate key 'seed'");
    fails(Experiments.EXAMPLE.replace("seed: [1, 2]", "seed: [1, 1]"),
        "split[0]: describes the same split variant as split[0]");
  }

  @Test
  void emptyAndNonMappingDocuments() throws Exception {
    fails("", "experiment.yaml: the file is empty");
    fails("- 1\n- 2\n", "expected a mapping with the keys", "found a list");
  }

  @Test
  void missingExperimentFile() {
    ExperimentException e = assertThrows(ExperimentException.class,
        () -> Experiment.load(dir.resolve("absent.yaml"), catalogue));
    assertTrue(e.getMessage().contains("absent.yaml: experiment file not found"), e.getMessage());
  }

  // ---- hostile YAML ---------------------------------------------------------------------------

  @Test
  void billionLaughsIsRefused() throws Exception {
    StringBuilder y = new StringBuilder("version: 1\nname: bomb\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
      String ref = "*a" + (i - 1);
      y.append("lol").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, ref))).append("]\n");
    }
    long t0 = System.nanoTime();
    fails(y.toString(), "refusing to expand what looks like an alias bomb");
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused quickly");
  }

  @Test
  void tooManyAliasesAreRefusedEvenWhenSmall() throws Exception {
    String y = "version: 1\nname: x\nm: &n {a: 1}\nl: [" + String.join(", ", java.util.Collections.nCopies(51, "*n")) + "]\n";
    fails(y, "experiment.yaml:4:", "too many YAML aliases (more than 50)");
  }

  @Test
  void aFewAliasesThatExpandExponentiallyAreRefused() throws Exception {
    // 2 aliases per level, 24 levels: 48 aliases (under the count limit) but 2^24 values.
    StringBuilder y = new StringBuilder("version: 1\nname: bomb\nl0: &a0 [x, x]\n");
    for (int i = 1; i <= 24; i++) {
      y.append("l").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    fails(y.toString(), "expands to more than 100000 values");
  }

  @Test
  void deepNestingIsRefused() throws Exception {
    fails("version: 1\nx: " + "[".repeat(200) + "]".repeat(200) + "\n", "nesting deeper than 32 levels");
  }

  @Test
  void hugeDocumentsAreRefused() throws Exception {
    String big = "version: 1\nname: big\nx: \"" + "a".repeat(1_100_000) + "\"\n";
    fails(big, "invalid YAML", "exceeds the limit");
  }

  @Test
  void aliasToAnUnknownAnchor() throws Exception {
    fails("version: 1\nname: *nothing\n", "alias *nothing names no anchored mapping or list &nothing before it");
  }

  @Test
  void pathWithDirectoriesAndFileUris() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/t.csv"), Experiments.CSV);
    Experiment x = load(Experiments.EXAMPLE.replace("source: titanic_stimulus.csv", "source: data/t.csv"));
    assertEquals(dir.resolve("data/t.csv").toUri(), x.source());
    Experiment y = load(Experiments.EXAMPLE.replace("source: titanic_stimulus.csv",
        "source: " + dir.resolve("data/t.csv").toUri()));
    assertEquals(x.source(), y.source());
    fails(Experiments.EXAMPLE.replace("source: titanic_stimulus.csv", "source: http://example.org/x.csv"),
        "data.source: expected a path, a file: URI or an s3:// URI");
  }
}
