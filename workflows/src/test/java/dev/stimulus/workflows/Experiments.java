package dev.stimulus.workflows;

import dev.stimulus.workflows.testing.SmallExperiments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example experiment of the experiment-file documentation, over a tiny CSV. */
final class Experiments {

  static final String CSV = """
      passenger_id,survived,pclass,sex,age,sibsp,parch,fare,embarked
      1,0,3,male,22.0,1,0,7.25,S
      2,1,1,female,38.0,1,0,71.2833,C
      3,1,3,female,26.0,0,0,7.925,S
      4,1,1,female,35.0,1,0,53.1,S
      """;

  static final String EXAMPLE = SmallExperiments.header("titanic-noise", 42, "titanic_stimulus.csv") + """
      split:
        - {name: RandomSplit, ratios: [0.7, 0.15, 0.15], seed: [1, 2]}
      transforms:
        - {label: none}
        - label: noise
          steps:
            - {name: GaussianNoise, columns: [age, fare], std: [0.1, 0.3]}
      model:
        architecture: mlp
        hidden: [[32], [64, 32]]
        dropout: 0.1
        optimizer: adam
        lr: 0.01
        batch_size: 32
        epochs: 20
      objective: {metric: validation.roc_auc, direction: maximize}
      search: {strategy: grid}
      """;

  private Experiments() {}

  /** Writes the CSV and the experiment into {@code dir}; returns the experiment file. */
  static Path write(Path dir, String yaml) throws IOException {
    Files.writeString(dir.resolve("titanic_stimulus.csv"), CSV);
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
