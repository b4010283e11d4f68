package dev.stimulus.workflows.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small titanic experiments for tests of any module (published in stimulus-workflows' test-jar, with
 * the {@code titanic_small.csv} resource: a 60-row slice of the titanic data).
 *
 * <pre>{@code
 * SmallExperiments.copyCsv(dir, "data.csv");
 * Files.writeString(dir.resolve("experiment.yaml"), SmallExperiments.titanic("small", 3, "data.csv", 0.2, 2));
 * }</pre>
 */
public final class SmallExperiments {

  /** The class-path resource holding the 60-row titanic slice. */
  public static final String CSV_RESOURCE = "/titanic_small.csv";

  private SmallExperiments() {}

  /**
   * The start of an experiment file over the titanic columns: passenger_id as meta, survived as the
   * label, sex, age and fare as inputs. It ends with the last column, so line numbers in messages
   * about the columns do not depend on what follows.
   */
  public static String header(String name, long seed, String source) {
    return """
        version: 1
        name: %s
        seed: %d
        data:
          source: %s
          columns:
            - {name: passenger_id, role: meta}
            - {name: survived, role: label, encoder: {name: Numeric}}
            - {name: sex, role: input, encoder: {name: StrClassification}}
            - {name: age, role: input, encoder: {name: Numeric}}
            - {name: fare, role: input, encoder: {name: Numeric}}
        """.formatted(name, seed, source);
  }

  /**
   * A two-trial experiment: one random 0.6/0.2/0.2 split, then no transform or Gaussian noise of
   * {@code std} on age and fare, then a small MLP trained for {@code epochs}.
   */
  public static String titanic(String name, long seed, String source, double std, int epochs) {
    return header(name, seed, source) + """
        split:
          - {name: RandomSplit, ratios: [0.6, 0.2, 0.2]}
        transforms:
          - {label: none}
          - {label: noise, steps: [{name: GaussianNoise, columns: [age, fare], std: %s}]}
        model: {architecture: mlp, hidden: [8], lr: 0.01, batch_size: 16, epochs: %d}
        objective: {metric: validation.accuracy, direction: maximize}
        """.formatted(std, epochs);
  }

  /** Copies the 60-row titanic slice to {@code dir/fileName} unless that file exists; returns it. */
  public static Path copyCsv(Path dir, String fileName) throws IOException {
    Path target = dir.resolve(fileName);
    if (!Files.exists(target)) {
      try (InputStream in = SmallExperiments.class.getResourceAsStream(CSV_RESOURCE)) {
        Files.copy(in, target);
      }
    }
    return target;
  }
}
