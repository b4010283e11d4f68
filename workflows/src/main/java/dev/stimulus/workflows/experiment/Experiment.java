package dev.stimulus.workflows.experiment;

import dev.stimulus.stages.train.Reproducibility;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated experiment with its search space expanded into variants per pipeline step. Read one
 * with {@link #load}; every problem in the file is an {@link ExperimentException} naming the file,
 * line and column, field path, and what was expected and found.
 *
 * <p>Schema version 1:
 *
 * <pre>
 * version: 1
 * name: titanic-noise            # [A-Za-z0-9._-], names refs/experiments/&lt;name&gt;.json
 * seed: 42                       # optional (0); given to every random stage without its own seed
 * data:
 *   source: titanic.csv          # relative to the file, file:/absolute, or s3://bucket/key
 *   columns:                     # roles: input | label (exactly one) | meta | group
 *     - {name: age, role: input, encoder: {name: Numeric}}
 * split:                         # alternatives
 *   - {name: RandomSplit, ratios: [0.7, 0.15, 0.15], seed: [1, 2]}
 * transforms:                    # optional; alternatives; a block chains steps; no steps = Identity
 *   - {label: none}
 *   - {label: noise, steps: [{name: GaussianNoise, columns: [age], std: [0.1, 0.3]}]}
 * model: {trainer: djl, hidden: [[32], [64, 32]], lr: 0.01}   # trainer optional (djl)
 * evaluate: {name: metrics, threshold: 0.5}                   # optional
 * objective: {metric: validation.roc_auc, direction: maximize} # optional
 * search: {strategy: tpe, budget: 24, batch: 4, replicates: 2} # optional; default grid
 * reproducibility: portable       # optional; or fast (this machine's kernels, bytes tied to it)
 * </pre>
 *
 * <p>Grid semantics (see {@code Grid}): a list given to a scalar parameter, or a list of lists given
 * to a list parameter, is a set of alternatives; alternatives are crossed within an entry and, in a
 * transform block, across its steps. Trials are splits × transform variants × models × evaluations
 * (× replicates). A sampling strategy instead draws configurations from {@link Search#space()},
 * where a parameter may also be a range; then the variant lists are empty.
 *
 * @param file the experiment file (absolute), or a name when parsed from text
 * @param digest SHA-256 of the file's bytes
 * @param source the data, as an absolute {@code file:} URI or an {@code s3://} URI
 * @param header the data's CSV header when it could be read at load time (local files), else empty
 * @param splits the grid's split variants (empty for a sampling strategy), likewise transforms,
 *     models and evaluations
 * @param search the strategy, budget, replicates and the search space
 * @param reproducibility the kernels training and evaluation use when this experiment runs in process;
 *     null when the file does not say (the process's setting applies, portable by default)
 * @param encode the single encode variant (the {@code columns} stage over the column specs)
 * @param warnings what load-time validation noticed without refusing the file (data columns not
 *     used, settings of an imported stimulus-py config that were adapted), each naming where
 */
public record Experiment(
    String file,
    Digest digest,
    String name,
    long seed,
    URI source,
    List<String> header,
    List<ColumnSpec> columns,
    List<Variant> splits,
    List<Variant> transforms,
    Variant encode,
    List<Variant> models,
    List<Variant> evaluations,
    Objective objective,
    Search search,
    Reproducibility reproducibility,
    List<String> warnings) {

  public static final int SCHEMA_VERSION = 1;

  public Experiment {
    header = List.copyOf(header);
    columns = List.copyOf(columns);
    splits = List.copyOf(splits);
    transforms = List.copyOf(transforms);
    models = List.copyOf(models);
    evaluations = List.copyOf(evaluations);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads and validates an experiment file against the stages in {@code catalogue}.
   *
   * @throws ExperimentException for anything wrong with the file or the data it names
   */
  public static Experiment load(Path file, Catalogue catalogue) {
    return load(file, catalogue, null);
  }

  /**
   * Loads an experiment file whose model search space comes from a stimulus-py model config given
   * apart (the command line's {@code --model-config}), as {@code model.stimulus_py} would name it.
   *
   * @param modelConfig the stimulus-py model config, or null for none
   */
  public static Experiment load(Path file, Catalogue catalogue, Path modelConfig) {
    Path abs = file.toAbsolutePath().normalize();
    byte[] bytes;
    try {
      if (Files.size(abs) > YamlDocument.MAX_CODE_POINTS * 4L) {
        throw new ExperimentException(abs + ": the file is larger than an experiment file can be ("
            + Files.size(abs) + " bytes)");
      }
      bytes = Files.readAllBytes(abs);
    } catch (NoSuchFileException e) {
      throw new ExperimentException(abs + ": experiment file not found");
    } catch (IOException e) {
      throw new ExperimentException(abs + ": cannot read the experiment file: " + e.getMessage(), e);
    }
    YamlDocument doc = YamlDocument.parse(abs.toString(), bytes);
    ExperimentSchema.validate(doc);
    return new ExperimentReader(doc, Digest.of(bytes), abs.getParent(), catalogue,
        modelConfig == null ? null : modelConfig.toAbsolutePath().normalize()).read();
  }

  /**
   * Validates experiment text.
   *
   * @param fileName the name used in messages
   * @param baseDir what a relative {@code data.source} is relative to
   */
  public static Experiment parse(String fileName, byte[] yaml, Path baseDir, Catalogue catalogue) {
    YamlDocument doc = YamlDocument.parse(fileName, yaml);
    ExperimentSchema.validate(doc);
    return new ExperimentReader(doc, Digest.of(yaml), baseDir, catalogue, null).read();
  }

  /** How many trials a run makes: configurations (the grid's points, or the budget) × replicates. */
  public int trialCount() {
    return search.budget() * search.replicates();
  }

  /** The label column. */
  public ColumnSpec label() {
    return columns.stream().filter(c -> c.role() == ColumnSpec.Role.LABEL).findFirst().orElseThrow();
  }
}
