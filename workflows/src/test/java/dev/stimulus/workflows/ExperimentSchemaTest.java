package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.stimulus.workflows.experiment.Experiment;
import dev.stimulus.workflows.experiment.ExperimentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published schema (docs/schema/experiment.schema.json): every example file satisfies it, read
 * straight from docs/ with the validator alone; and violations reach the user as located messages.
 */
class ExperimentSchemaTest {

  static final Path SCHEMA = Path.of("../docs/schema/experiment.schema.json");
  static final List<String> EXAMPLES = List.of("../examples/titanic/experiment.yaml",
      "../examples/titanic/stimulus-py/experiment.yaml", "../examples/titanic/stimulus-py/experiment-tuned.yaml",
      "../examples/dna/experiment.yaml");

  @TempDir Path dir;

  @Test
  void theExampleFilesSatisfyThePublishedSchema() throws Exception {
    JsonNode schemaTree = new ObjectMapper().readTree(SCHEMA.toFile());
    assertEquals("https://json-schema.org/draft/2020-12/schema", schemaTree.get("$schema").asText());
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree);
    for (String example : EXAMPLES) {
      JsonNode doc = new YAMLMapper().readTree(Path.of(example).toFile());
      assertEquals(0, schema.validate(doc).size(), example + ": " + schema.validate(doc));
    }
    JsonNode bad = new YAMLMapper().readTree("version: 1\nname: x\ndata: {source: a.csv}\nmodel: {}\n");
    assertEquals(2, schema.validate(bad).stream().filter(m -> m.getType().equals("required")).count(),
        "without stimulus_py, split and data.columns are required: " + schema.validate(bad));
  }

  String fails(String yaml) throws Exception {
    Files.writeString(dir.resolve("titanic_stimulus.csv"), Experiments.CSV);
    Files.writeString(dir.resolve("experiment.yaml"), yaml);
    return assertThrows(ExperimentException.class,
        () -> Experiment.load(dir.resolve("experiment.yaml"), new Fakes().catalogue())).getMessage();
  }

  String at(String where) {
    return dir.resolve("experiment.yaml") + ":" + where + ": ";
  }

  @Test
  void violationsAreLocatedAndSayWhatWasExpected() throws Exception {
    assertEquals(at("5:3") + "data.source: expected a string, found the number 3",
        fails(Experiments.EXAMPLE.replace("source: titanic_stimulus.csv", "source: 3")));
    assertEquals(at("15:6") + "transforms[0].labl: unknown key 'labl' (known: label, steps)",
        fails(Experiments.EXAMPLE.replace("{label: none}", "{labl: none}")));
    assertEquals(at("27:13") + "objective.metric: expected <fold>.<metric> with fold train, validation or test"
        + " (e.g. validation.roc_auc), found the string 'roc_auc'", fails(Experiments.EXAMPLE.replace("metric: validation.roc_auc", "metric: roc_auc")));
    assertEquals(at("1:1") + "missing required top-level key 'split'",
        fails(Experiments.EXAMPLE.replaceAll("(?s)split:.*?transforms:", "transforms:")));
    assertEquals(at("3:1") + "seed: expected a number >= 0, found the number -4 (and 1 more schema violation)",
        fails(Experiments.EXAMPLE.replace("seed: 42", "seed: -4").replace("strategy: grid", "strategy: grid, replicates: 0")));
  }
}
