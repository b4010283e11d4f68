package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.experiment.SearchSection.SearchSettings;
import dev.stimulus.workflows.experiment.StepAlternatives.Alt;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a parsed experiment document and expands its search space (schema version 1). The
 * sections are read by {@link DataSection}, {@link StepAlternatives} (through {@link StageEntries}),
 * and {@link SearchSection}; this class checks the top level, imports a stimulus-py data config, and
 * puts the parts together in the order that decides which error is reported first.
 */
final class ExperimentReader {

  private static final List<String> TOP_KEYS = List.of(
      "version", "name", "seed", "data", "split", "transforms", "model", "evaluate", "objective", "search");
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

    ObjectNode data = shapes.mapping(root.get("data"), "data");
    shapes.checkKeys(data, "data", DATA_KEYS, List.of("source"));
    DataSection dataSection = new DataSection(doc, baseDir, catalogue);
    URI source = dataSection.source(data.get("source"));
    List<String> header = dataSection.header();
    DataProfile profile = dataSection.localData() == null ? null : DataProfile.read(dataSection.localData(), header);

    StimulusPyModel.Imported modelConfig = importModel(root, header);
    YamlDocument searchDoc = modelConfig == null ? doc : modelConfig.view();
    JsonNode modelNode = modelConfig == null ? root.get("model") : modelConfig.model();
    JsonNode searchNode = modelConfig == null ? root.get("search") : modelConfig.search();
    boolean objectiveImported = modelConfig != null && modelConfig.objective() != null;
    JsonNode objectiveNode = objectiveImported ? modelConfig.objective() : root.get("objective");
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
    StepAlternatives modelAlternatives = modelConfig == null ? alternatives
        : new StepAlternatives(new StageEntries(modelConfig.view(), catalogue, header, seed));
    List<Alt> modelAlts = List.of(modelAlternatives.singleAlt(modelNode, "model", StageKind.TRAIN, "trainer", DEFAULT_TRAINER, true));
    List<Variant> models = modelAlternatives.variants(modelAlts, "model", false, sampled, new ArrayList<>());
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
        columns, splits, transforms, encode, models, evaluations, objective, search, warnings);
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
    SideFile file = sideFile("data.stimulus_py", "stimulus-py data config");
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

  // ---- stimulus-py model configs ---------------------------------------------------------------

  /** The experiment's keys of {@code model} that configure the import rather than the trainer. */
  private static final List<String> IMPORT_KEYS = List.of("stimulus_py", "rename", "pruner");

  /**
   * Reads {@code model.stimulus_py}, or returns null when the model section does not name one. The
   * other keys of the model section are fixed trainer parameters; {@code rename} maps stimulus-py
   * parameter names to the trainer's, {@code pruner: ignore} runs a file with a pruner without it.
   */
  private StimulusPyModel.Imported importModel(JsonNode root, List<String> header) {
    JsonNode m = root.get("model");
    if (m == null || !m.isObject() || (modelConfig == null && !m.has("stimulus_py"))) {
      return null;
    }
    if (modelConfig != null && m.has("stimulus_py")) {
      throw doc.error("model.stimulus_py", "a model config is also given on the command line (" + modelConfig
          + "); give one of them");
    }
    ObjectNode ownSearch = F.objectNode();
    if (root.has("search") && !root.get("search").isNull()) {
      // Only what the stimulus-py file has no word for: how many configurations per batch, replicates.
      shapes.mapping(root.get("search"), "search").fields().forEachRemaining(e -> {
        String at = YamlDocument.child("search", e.getKey());
        if (!List.of("batch", "replicates").contains(e.getKey())) {
          throw doc.error(at, "the " + e.getKey() + " comes from the stimulus-py model config (model.stimulus_py:"
              + " its sampler and n_trials); here the search takes only batch and replicates");
        }
        ownSearch.put(e.getKey(), shapes.positive(e.getValue(), at));
      });
    }
    ObjectNode fixed = ((ObjectNode) m).deepCopy();
    fixed.remove(IMPORT_KEYS);
    java.util.Map<String, String> rename = new java.util.LinkedHashMap<>();
    if (m.has("rename")) {
      ObjectNode r = shapes.mapping(m.get("rename"), "model.rename");
      r.fields().forEachRemaining(e -> rename.put(e.getKey(), shapes.text(e.getValue(), YamlDocument.child("model.rename", e.getKey()))));
    }
    boolean ignorePruner = false;
    if (m.has("pruner")) {
      if (!"ignore".equals(m.get("pruner").asText())) {
        throw doc.error("model.pruner", "expected ignore (run without the stimulus-py file's pruner), found "
            + Describe.found(m.get("pruner")));
      }
      ignorePruner = true;
    }
    // The experiment's own trainer parameters are checked against its own file first.
    StepAlternatives own = new StepAlternatives(new StageEntries(doc, catalogue, header, seed));
    Alt fixedAlt = own.singleAlt(fixed, "model", StageKind.TRAIN, "trainer", DEFAULT_TRAINER, true);
    own.variants(List.of(fixedAlt), "model", false, true, new ArrayList<>());
    for (String k : rename.values()) {
      if (fixedAlt.grids.get(0).stage.params().list().stream().noneMatch(p -> p.name().equals(k))) {
        throw doc.error(YamlDocument.child("model.rename", k), "'" + k + "' is not a parameter of the "
            + fixedAlt.grids.get(0).stage.name() + " trainer");
      }
    }
    SideFile file = modelConfig != null ? sideFile(modelConfig, "model", "stimulus-py model config")
        : sideFile("model.stimulus_py", "stimulus-py model config");
    StimulusPyModel.Imported imported = StimulusPyModel.translate(YamlDocument.parse(file.path().toString(), file.bytes()),
        fixedAlt.grids.get(0).stage, fixed, rename, ignorePruner);
    if (imported.objective() != null && root.has("objective")) {
      throw doc.error("objective", "the objective comes from the stimulus-py model config (model.stimulus_py); remove it"
          + " here, or remove it there");
    }
    imported.search().setAll(ownSearch);
    warnings.addAll(imported.warnings());
    digest = Digest.of((digest.hex() + " " + Digest.of(file.bytes()).hex()).getBytes(StandardCharsets.UTF_8));
    return imported;
  }

  private record SideFile(Path path, byte[] bytes) {}

  /** A file another one names, relative to the experiment file, within the size a config can have. */
  private SideFile sideFile(String key, String what) {
    String text = shapes.text(fieldAt(key), key);
    return sideFile(baseDir.resolve(text).toAbsolutePath().normalize(), key, what);
  }

  /** {@code path}; errors are reported at {@code key} of the experiment file. */
  private SideFile sideFile(Path path, String key, String what) {
    try {
      if (!Files.isRegularFile(path)) {
        throw doc.error(key, what + " not found: " + path);
      }
      if (Files.size(path) > YamlDocument.MAX_CODE_POINTS * 4L) {
        throw doc.error(key, path + " is larger than a " + what + " can be (" + Files.size(path) + " bytes)");
      }
      return new SideFile(path, Files.readAllBytes(path));
    } catch (IOException e) {
      throw doc.error(key, "cannot read " + path + ": " + e.getMessage());
    }
  }

  private JsonNode fieldAt(String dotted) {
    JsonNode n = doc.root();
    for (String part : dotted.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n;
  }

  /** Scope of {@link DataCheck}: only when the data could be read at load time. */
  private void check(YamlDocument doc, DataProfile profile, List<ColumnSpec> columns, Variant encode, boolean stimulusPy) {
    if (profile != null) {
      warnings.addAll(DataCheck.run(doc, profile, columns, encode, stimulusPy));
    }
  }
}
