package dev.stimulus.workflows.experiment;

import dev.stimulus.stages.train.Reproducibility;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.experiment.SearchSection.SearchSettings;
import dev.stimulus.workflows.experiment.StepAlternatives.Alt;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a parsed experiment document and expands its search space (schema version 1). The
 * sections are read by {@link DataSection}, {@link StepAlternatives} (through {@link StageEntries}),
 * and {@link SearchSection}; this class checks the top level, imports a stimulus-py data config
 * ({@link StimulusPyConfig}) and model config ({@link ModelImport}), and puts the parts together in
 * the order that decides which error is reported first.
 */
final class ExperimentReader {

  private static final List<String> TOP_KEYS = List.of(
      "version", "name", "seed", "reproducibility", "data", "split", "transforms", "model", "evaluate", "objective",
      "search");
  private static final List<String> TOP_REQUIRED = List.of("version", "name", "data", "model");
  /** The keys of {@code data}: columns in this schema, or a stimulus-py data config that gives them. */
  private static final List<String> DATA_KEYS = List.of("source", "columns", "stimulus_py", "untransformed");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final String DEFAULT_TRAINER = "djl";
  private static final String DEFAULT_EVALUATOR = "metrics";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The experiment file; a stimulus-py config's own document reports the errors in what it gives. */
  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private Digest digest;
  private final Path baseDir;
  private final Catalogue catalogue;
  private long seed;
  private final List<String> warnings = new ArrayList<>();

  /** A stimulus-py model config given apart from the experiment file, or null. */
  private final Path modelConfig;

  ExperimentReader(YamlDocument doc, Digest digest, Path baseDir, Catalogue catalogue, Path modelConfig) {
    this.modelConfig = modelConfig;
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.digest = digest;
    this.baseDir = baseDir;
    this.catalogue = catalogue;
  }

  Experiment read() {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      throw doc.error("", "expected a mapping with the keys " + TOP_KEYS + ", found " + Describe.found(root));
    }
    shapes.checkKeys(root, "", TOP_KEYS, TOP_REQUIRED);
    JsonNode version = root.get("version");
    if (!version.isIntegralNumber() || version.asLong() != Experiment.SCHEMA_VERSION) {
      throw doc.error("version", "expected " + Experiment.SCHEMA_VERSION
          + " (the only schema version this release reads), found " + Describe.found(version));
    }
    String name = shapes.text(root.get("name"), "name");
    if (!NAME.matcher(name).matches()) {
      throw doc.error("name", "expected letters, digits, '.', '_' or '-' (at most 100, starting with a"
          + " letter or digit), found '" + name + "'");
    }
    seed = root.has("seed") ? shapes.wholeNumber(root.get("seed"), "seed") : 0;
    Reproducibility reproducibility = reproducibility(root.get("reproducibility"));

    ObjectNode data = shapes.mapping(root.get("data"), "data");
    shapes.checkKeys(data, "data", DATA_KEYS, List.of("source"));
    DataSection dataSection = new DataSection(doc, baseDir, catalogue);
    URI source = dataSection.source(data.get("source"));
    List<String> header = dataSection.header();
    DataProfile profile = dataSection.localData() == null ? null : DataProfile.read(dataSection.localData(), header);

    StimulusPyModel.Imported importedModel = importModel(root, header);
    YamlDocument searchDoc = importedModel == null ? doc : importedModel.view();
    JsonNode modelNode = importedModel == null ? root.get("model") : importedModel.model();
    JsonNode searchNode = importedModel == null ? root.get("search") : importedModel.search();
    boolean objectiveImported = importedModel != null && importedModel.objective() != null;
    JsonNode objectiveNode = objectiveImported ? importedModel.objective() : root.get("objective");
    SearchSection searchSection = new SearchSection(searchDoc, warnings);
    SearchSection objectiveSection = objectiveImported ? searchSection : new SearchSection(doc, warnings);
    SearchSettings settings = searchSection.searchSettings(searchNode);
    boolean sampled = settings.factory().samples();

    List<ColumnSpec> columns;
    List<Alt> splitAlts;
    List<Alt> transformAlts;
    List<Variant> splits;
    List<Variant> transforms;
    List<Variant.Step> splitSteps = new ArrayList<>();
    Variant encode;
    boolean imported = data.has("stimulus_py");
    if (imported) {
      StimulusPyConfig.Imported config = importStimulusPy(root, data, profile);
      // What the stimulus-py config gives is reported in its own file.
      YamlDocument view = config.view();
      DataSection given = dataSection.reportingIn(view);
      StepAlternatives alternatives = new StepAlternatives(new StageEntries(view, catalogue, header, seed));
      columns = given.columns(config.columns());
      splitAlts = alternatives.splitAlts(config.split());
      splits = alternatives.variants(splitAlts, "split", false, sampled, splitSteps);
      transformAlts = alternatives.transformAlts(config.transforms());
      transforms = alternatives.variants(transformAlts, "transform", true, sampled, new ArrayList<>());
      encode = given.encode(columns);
      check(view, profile, columns, encode, true);
    } else {
      if (data.has("untransformed")) {
        throw doc.error("data.untransformed", "only for a stimulus-py config (data.stimulus_py); here list a"
            + " {label: none} block under transforms");
      }
      shapes.checkKeys(data, "data", DATA_KEYS, List.of("source", "columns"));
      if (!root.has("split") || root.get("split").isNull()) {
        throw doc.error("", "missing required top-level key 'split'");
      }
      StepAlternatives alternatives = new StepAlternatives(new StageEntries(doc, catalogue, header, seed));
      columns = dataSection.columns(data.get("columns"));
      splitAlts = alternatives.splitAlts(root.get("split"));
      splits = alternatives.variants(splitAlts, "split", false, sampled, splitSteps);
      transformAlts = alternatives.transformAlts(root.get("transforms"));
      transforms = alternatives.variants(transformAlts, "transform", true, sampled, new ArrayList<>());
      encode = dataSection.encode(columns);
      check(doc, profile, columns, encode, false);
    }
    StepAlternatives alternatives = new StepAlternatives(new StageEntries(doc, catalogue, header, seed));
    StepAlternatives modelAlternatives = importedModel == null ? alternatives
        : new StepAlternatives(new StageEntries(importedModel.view(), catalogue, header, seed));
    List<Alt> modelAlts = List.of(modelAlternatives.singleAlt(modelNode, "model", StageKind.TRAIN, "trainer", DEFAULT_TRAINER, true));
    List<Variant> models = modelAlternatives.variants(modelAlts, "model", false, sampled, new ArrayList<>());
    searchSection.checkPruning(settings, splitSteps, modelAlts.get(0).grids.get(0).stage);
    List<Alt> evaluationAlts = List.of(root.has("evaluate")
        ? alternatives.singleAlt(root.get("evaluate"), "evaluate", StageKind.EVALUATE, "name", DEFAULT_EVALUATOR, false)
        : alternatives.singleAlt(F.objectNode(), "evaluate", StageKind.EVALUATE, "name", DEFAULT_EVALUATOR, false));
    List<Variant> evaluations = alternatives.variants(evaluationAlts, "evaluate", false, sampled, new ArrayList<>());
    Objective objective = objectiveNode != null && !objectiveNode.isNull() ? objectiveSection.objective(objectiveNode) : null;
    if (objective != null) {
      objectiveSection.checkObjectiveFold(objective, splitSteps);
    } else if (settings.factory().needsObjective()) {
      throw searchDoc.error("search.strategy", "strategy " + settings.factory().name() + " learns from the objective,"
          + " and the experiment has none: add e.g. objective: {metric: validation.roc_auc, direction: maximize}");
    }
    Search search = searchSection.search(settings, seed, List.of(splitAlts, transformAlts, modelAlts, evaluationAlts),
        List.of(splits, transforms, models, evaluations));
    return new Experiment(doc.file(), digest, name, seed, source, header == null ? List.of() : header,
        columns, splits, transforms, encode, models, evaluations, objective, search, reproducibility, warnings);
  }

  /** {@code reproducibility: portable | fast}; null when absent (the process's setting then applies). */
  private Reproducibility reproducibility(JsonNode node) {
    if (node == null) {
      return null;
    }
    String text = shapes.text(node, "reproducibility");
    for (Reproducibility r : Reproducibility.values()) {
      if (r.id().equals(text)) {
        return r;
      }
    }
    throw doc.error("reproducibility", "expected portable (the same bytes on any x86-64 CPU) or fast (this"
        + " machine's best kernels), found '" + text + "'");
  }

  // ---- stimulus-py data configs and data checks ------------------------------------------------

  /** Reads {@code data.stimulus_py}; the experiment's digest then covers both files. */
  private StimulusPyConfig.Imported importStimulusPy(JsonNode root, ObjectNode data, DataProfile profile) {
    if (data.has("columns")) {
      throw doc.error("data.columns", "the columns come from the stimulus-py config (data.stimulus_py); remove them here");
    }
    for (String k : List.of("split", "transforms")) {
      if (root.has(k)) {
        throw doc.error(k, "the " + k + " come" + (k.equals("split") ? "s" : "") + " from the stimulus-py config"
            + " (data.stimulus_py); remove it here");
      }
    }
    boolean untransformed = false;
    if (data.has("untransformed")) {
      JsonNode u = data.get("untransformed");
      if (!u.isBoolean()) {
        throw doc.error("data.untransformed", "expected true or false, found " + Describe.found(u));
      }
      untransformed = u.booleanValue();
    }
    SideFile file = SideFile.named(doc, baseDir, "data.stimulus_py", "stimulus-py data config");
    Path path = file.path();
    byte[] bytes = file.bytes();
    StimulusPyConfig.Imported config =
        StimulusPyConfig.translate(YamlDocument.parse(path.toString(), bytes), catalogue, profile, untransformed);
    warnings.addAll(config.warnings());
    if (config.seed() != null) {
      if (root.has("seed") && seed != config.seed()) {
        throw doc.error("seed", "the experiment says " + seed + " but the stimulus-py config's global_params.seed says "
            + config.seed() + "; remove one of them");
      }
      seed = config.seed();
    }
    digest = Digest.of((digest.hex() + " " + Digest.of(bytes).hex()).getBytes(StandardCharsets.UTF_8));
    return config;
  }

  /** Reads a stimulus-py model config, or returns null when there is none; the digest then covers it. */
  private StimulusPyModel.Imported importModel(JsonNode root, List<String> header) {
    ModelImport.Result r = new ModelImport(doc, baseDir, catalogue, DEFAULT_TRAINER).read(root, modelConfig, header, seed);
    if (r == null) {
      return null;
    }
    warnings.addAll(r.imported().warnings());
    digest = Digest.of((digest.hex() + " " + Digest.of(r.bytes()).hex()).getBytes(StandardCharsets.UTF_8));
    return r.imported();
  }

  /** Scope of {@link DataCheck}: only when the data could be read at load time. */
  private void check(YamlDocument doc, DataProfile profile, List<ColumnSpec> columns, Variant encode, boolean stimulusPy) {
    if (profile != null) {
      warnings.addAll(DataCheck.run(doc, profile, columns, encode, stimulusPy));
    }
  }
}
