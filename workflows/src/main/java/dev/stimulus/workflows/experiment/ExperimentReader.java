package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.Digest;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageException;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.search.SearchStrategy;
import dev.stimulus.workflows.search.Strategies;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Validates a parsed experiment document and expands its search space (schema version 1). */
final class ExperimentReader {

  private static final List<String> TOP_KEYS = List.of(
      "version", "name", "seed", "data", "split", "transforms", "model", "evaluate", "objective", "search");
  private static final List<String> TOP_REQUIRED = List.of("version", "name", "data", "model");
  /** The keys of {@code data}: columns in this schema, or a stimulus-py data config that gives them. */
  private static final List<String> DATA_KEYS = List.of("source", "columns", "stimulus_py", "untransformed");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern COLUMN_IN_MESSAGE = Pattern.compile("column '([^']+)'");
  private static final Pattern PARAM_IN_MESSAGE = Pattern.compile("parameter '([^']+)'");
  private static final List<String> FOLDS = List.of("train", "validation", "test");
  private static final String DEFAULT_TRAINER = "djl";
  private static final String DEFAULT_EVALUATOR = "metrics";
  private static final String ENCODE_STAGE = "columns";
  private static final String IDENTITY = "Identity";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** The keys of {@code search} every strategy takes, and those only the sampling ones take. */
  private static final List<String> GRID_SEARCH_KEYS = List.of("strategy", "replicates");
  private static final List<String> SAMPLED_SEARCH_KEYS = List.of("strategy", "replicates", "budget", "batch");
  /** The search space's choices, one per pipeline step, in plan order. */
  private static final List<String> CHOICES = List.of("split", "transforms", "model", "evaluate");

  /** Where errors are reported: the experiment file, or the stimulus-py file while reading what it gives. */
  private YamlDocument doc;
  private Digest digest;
  private final Path baseDir;
  private final Catalogue catalogue;
  private long seed;
  /** The data's header, or null when it cannot be read before running (s3:// sources). */
  private List<String> header;
  /** The local data file, or null (s3:// sources). */
  private java.nio.file.Path localData;
  private final List<String> warnings = new ArrayList<>();

  ExperimentReader(YamlDocument doc, Digest digest, Path baseDir, Catalogue catalogue) {
    this.doc = doc;
    this.digest = digest;
    this.baseDir = baseDir;
    this.catalogue = catalogue;
  }

  Experiment read() {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      throw doc.error("", "expected a mapping with the keys " + TOP_KEYS + ", found " + Describe.found(root));
    }
    checkKeys(root, "", TOP_KEYS, TOP_REQUIRED);
    JsonNode version = root.get("version");
    if (!version.isIntegralNumber() || version.asLong() != Experiment.SCHEMA_VERSION) {
      throw doc.error("version", "expected " + Experiment.SCHEMA_VERSION
          + " (the only schema version this release reads), found " + Describe.found(version));
    }
    String name = text(root.get("name"), "name");
    if (!NAME.matcher(name).matches()) {
      throw doc.error("name", "expected letters, digits, '.', '_' or '-' (at most 100, starting with a"
          + " letter or digit), found '" + name + "'");
    }
    seed = root.has("seed") ? wholeNumber(root.get("seed"), "seed") : 0;

    ObjectNode data = mapping(root.get("data"), "data");
    checkKeys(data, "data", DATA_KEYS, List.of("source"));
    URI source = source(data.get("source"));
    DataProfile profile = localData == null ? null : DataProfile.read(localData, header);

    SearchSettings settings = searchSettings(root.get("search"));
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
      YamlDocument experimentDoc = doc;
      doc = config.view();
      try {
        columns = columns(config.columns());
        splitAlts = splitAlts(config.split());
        splits = variants(splitAlts, "split", false, sampled, splitSteps);
        transformAlts = transformAlts(config.transforms());
        transforms = variants(transformAlts, "transform", true, sampled, new ArrayList<>());
        encode = encode(columns);
        check(profile, columns, encode, true);
      } finally {
        doc = experimentDoc;
      }
    } else {
      if (data.has("untransformed")) {
        throw doc.error("data.untransformed", "only for a stimulus-py config (data.stimulus_py); here list a"
            + " {label: none} block under transforms");
      }
      checkKeys(data, "data", DATA_KEYS, List.of("source", "columns"));
      if (!root.has("split") || root.get("split").isNull()) {
        throw doc.error("", "missing required top-level key 'split'");
      }
      columns = columns(data.get("columns"));
      splitAlts = splitAlts(root.get("split"));
      splits = variants(splitAlts, "split", false, sampled, splitSteps);
      transformAlts = transformAlts(root.get("transforms"));
      transforms = variants(transformAlts, "transform", true, sampled, new ArrayList<>());
      encode = encode(columns);
      check(profile, columns, encode, false);
    }
    List<Alt> modelAlts = List.of(singleAlt(root.get("model"), "model", StageKind.TRAIN, "trainer", DEFAULT_TRAINER, true));
    List<Variant> models = variants(modelAlts, "model", false, sampled, new ArrayList<>());
    List<Alt> evaluationAlts = List.of(root.has("evaluate")
        ? singleAlt(root.get("evaluate"), "evaluate", StageKind.EVALUATE, "name", DEFAULT_EVALUATOR, false)
        : singleAlt(F.objectNode(), "evaluate", StageKind.EVALUATE, "name", DEFAULT_EVALUATOR, false));
    List<Variant> evaluations = variants(evaluationAlts, "evaluate", false, sampled, new ArrayList<>());
    Objective objective = root.has("objective") ? objective(root.get("objective")) : null;
    if (objective != null) {
      checkObjectiveFold(objective, splitSteps);
    } else if (settings.factory().needsObjective()) {
      throw doc.error("search.strategy", "strategy " + settings.factory().name() + " learns from the objective,"
          + " and the experiment has none: add e.g. objective: {metric: validation.roc_auc, direction: maximize}");
    }
    Search search = search(settings, List.of(splitAlts, transformAlts, modelAlts, evaluationAlts),
        List.of(splits, transforms, models, evaluations));
    return new Experiment(doc.file(), digest, name, seed, source, header == null ? List.of() : header,
        columns, splits, transforms, encode, models, evaluations, objective, search, warnings);
  }

  // ---- data ---------------------------------------------------------------------------------

  private URI source(JsonNode node) {
    String text = text(node, "data.source");
    if (text.startsWith("s3://")) {
      URI uri = uri(text);
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw doc.error("data.source", "expected s3://bucket/key, found '" + text + "'");
      }
      return uri;
    }
    Path path;
    if (text.startsWith("file:")) {
      try {
        path = Path.of(uri(text));
      } catch (IllegalArgumentException e) {
        throw doc.error("data.source", "expected file:/absolute/path, found '" + text + "'");
      }
    } else if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw doc.error("data.source", "expected a path, a file: URI or an s3:// URI, found '" + text + "'");
    } else {
      path = baseDir.resolve(text);
    }
    path = path.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw doc.error("data.source", "data file not found: " + path);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw doc.error("data.source", "not a readable file: " + path);
    }
    header = readHeader(path);
    localData = path;
    return path.toUri();
  }

  private URI uri(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw doc.error("data.source", "not a valid URI: " + e.getMessage());
    }
  }

  private List<String> readHeader(Path path) {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.parse(r)) {
      Iterator<CSVRecord> it = p.iterator();
      if (!it.hasNext()) {
        throw doc.error("data.source", path + " is empty (expected a CSV header row)");
      }
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String h : it.next()) {
        String name = names.isEmpty() && h.startsWith("\uFEFF") ? h.substring(1) : h;
        if (!seen.add(name)) {
          throw doc.error("data.source", path + ": the header names the column '" + name + "' twice");
        }
        names.add(name);
      }
      return List.copyOf(names);
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      throw doc.error("data.source", path + ": cannot read the CSV header: " + e.getMessage());
    }
  }

  private List<ColumnSpec> columns(JsonNode node) {
    ArrayNode list = list(node, "data.columns");
    List<ColumnSpec> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = YamlDocument.element("data.columns", i);
      ObjectNode c = mapping(list.get(i), at);
      checkKeys(c, at, List.of("name", "role", "encoder"), List.of("name", "role"));
      String name = text(c.get("name"), YamlDocument.child(at, "name"));
      if (seen.put(name, at) != null) {
        throw doc.error(at, "the column '" + name + "' is listed twice (also at " + seen.get(name) + ")");
      }
      if (header != null && !header.contains(name)) {
        throw doc.error(YamlDocument.child(at, "name"), "column '" + name + "' is not in the header of the data"
            + " (available: " + String.join(", ", header) + ")");
      }
      String roleText = text(c.get("role"), YamlDocument.child(at, "role"));
      ColumnSpec.Role role = null;
      for (ColumnSpec.Role r : ColumnSpec.Role.values()) {
        if (r.id().equals(roleText)) {
          role = r;
        }
      }
      if (role == null) {
        throw doc.error(YamlDocument.child(at, "role"), "expected one of input, label, meta, group, found '"
            + roleText + "'");
      }
      ObjectNode encoder = null;
      boolean encoded = role == ColumnSpec.Role.INPUT || role == ColumnSpec.Role.LABEL;
      if (encoded) {
        if (!c.has("encoder")) {
          throw doc.error(at, "the " + role.id() + " column '" + name
              + "' needs an encoder, e.g. encoder: {name: Numeric}");
        }
        encoder = encoder(c.get("encoder"), YamlDocument.child(at, "encoder"));
      } else if (c.has("encoder")) {
        throw doc.error(YamlDocument.child(at, "encoder"), role.id()
            + " columns are not encoded: remove the encoder or make the column an input");
      }
      out.add(new ColumnSpec(name, role, encoder));
    }
    List<String> labels = out.stream().filter(c -> c.role() == ColumnSpec.Role.LABEL).map(ColumnSpec::name).toList();
    if (labels.size() != 1) {
      throw doc.error("data.columns", "expected exactly one column with role label, found "
          + labels.size() + (labels.isEmpty() ? "" : " (" + String.join(", ", labels) + ")"));
    }
    if (out.stream().noneMatch(c -> c.role() == ColumnSpec.Role.INPUT)) {
      throw doc.error("data.columns", "expected at least one column with role input, found none");
    }
    return out;
  }

  /** {@code {name, params}}; a shorthand puts the params next to the name. */
  private ObjectNode encoder(JsonNode node, String at) {
    ObjectNode given = mapping(node, at);
    if (!given.has("name")) {
      throw doc.error(at, "missing required key 'name' (the column encoder, e.g. Numeric)");
    }
    String name = text(given.get("name"), YamlDocument.child(at, "name"));
    ObjectNode params;
    if (given.has("params")) {
      if (given.size() > 2) {
        throw doc.error(at, "give encoder parameters either under 'params' or next to 'name', not both");
      }
      params = mapping(given.get("params"), YamlDocument.child(at, "params")).deepCopy();
    } else {
      params = given.deepCopy();
      params.remove("name");
    }
    ObjectNode out = F.objectNode();
    out.put("name", name);
    out.set("params", params);
    return out;
  }

  private Variant encode(List<ColumnSpec> columns) {
    Stage stage = find(StageKind.ENCODE, ENCODE_STAGE, "data.columns");
    ArrayNode specs = F.arrayNode();
    for (ColumnSpec c : columns) {
      if (c.encoded()) {
        ObjectNode o = specs.addObject();
        o.put("name", c.name());
        o.put("role", c.role().id());
        o.set("encoder", c.encoder());
      }
    }
    ObjectNode given = F.objectNode();
    given.set("columns", specs);
    ObjectNode resolved;
    try {
      resolved = stage.resolveParams(given, stage.kind().id() + " " + stage.name());
    } catch (StageException e) {
      // Point at the column the encode stage complains about, when it names one.
      String path = "data.columns";
      Matcher m = COLUMN_IN_MESSAGE.matcher(e.getMessage());
      if (m.find()) {
        for (int i = 0; i < columns.size(); i++) {
          if (columns.get(i).name().equals(m.group(1))) {
            path = YamlDocument.child(YamlDocument.element("data.columns", i), "encoder");
          }
        }
      }
      throw doc.error(path, e.getMessage());
    }
    List<Variant.Step> steps = List.of(new Variant.Step(stage, resolved));
    return new Variant(ENCODE_STAGE, Variants.contentId(steps), steps, Variants.flatten(steps, false));
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
    String text = text(data.get("stimulus_py"), "data.stimulus_py");
    Path path = baseDir.resolve(text).toAbsolutePath().normalize();
    byte[] bytes;
    try {
      if (!Files.isRegularFile(path)) {
        throw doc.error("data.stimulus_py", "stimulus-py data config not found: " + path);
      }
      if (Files.size(path) > YamlDocument.MAX_CODE_POINTS * 4L) {
        throw doc.error("data.stimulus_py", path + " is larger than a data config can be (" + Files.size(path) + " bytes)");
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw doc.error("data.stimulus_py", "cannot read " + path + ": " + e.getMessage());
    }
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

  /** Scope of {@link DataCheck}: only when the data could be read at load time. */
  private void check(DataProfile profile, List<ColumnSpec> columns, Variant encode, boolean stimulusPy) {
    if (profile != null) {
      warnings.addAll(DataCheck.run(doc, profile, columns, encode, stimulusPy));
    }
  }

  /**
   * An objective on a fold that no split makes is a silent bug (there would be no best trial):
   * refused when every split says its folds through two ratios (train and test only).
   */
  private void checkObjectiveFold(Objective objective, List<Variant.Step> splits) {
    String fold = objective.metric().substring(0, objective.metric().indexOf('.'));
    if (!fold.equals("validation")) {
      return;
    }
    for (Variant.Step v : splits) {
      JsonNode ratios = v.params().get("ratios");
      if (ratios == null || ratios.size() != 2) {
        return;
      }
    }
    throw doc.error("objective.metric", "no split makes a validation fold (two ratios give train and test only),"
        + " found '" + objective.metric() + "'; use test." + objective.metric().substring(fold.length() + 1)
        + ", or give three ratios (train, validation, test)");
  }

  // ---- split, transforms, model, evaluate -----------------------------------------------------

  private List<Alt> splitAlts(JsonNode node) {
    ArrayNode list = node.isObject() ? F.arrayNode().add(node) : list(node, "split");
    List<Alt> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = node.isObject() ? "split" : YamlDocument.element("split", i);
      ObjectNode entry = mapping(list.get(i), at);
      String label = entry.has("label") ? text(entry.get("label"), YamlDocument.child(at, "label")) : null;
      StepGrid g = stepGrid(StageKind.SPLIT, entry, at, "name");
      out.add(new Alt(at, label == null ? g.stage.name() : label, false, List.of(g), null));
    }
    return out;
  }

  private List<Alt> transformAlts(JsonNode node) {
    if (node == null || node.isNull()) {
      node = F.arrayNode().add(F.objectNode().put("label", "none"));
    }
    ArrayNode blocks = list(node, "transforms");
    List<Alt> out = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      String at = YamlDocument.element("transforms", b);
      ObjectNode block = mapping(blocks.get(b), at);
      checkKeys(block, at, List.of("label", "steps"), List.of());
      JsonNode stepsNode = block.get("steps");
      List<StepGrid> grids = new ArrayList<>();
      if (stepsNode != null && !stepsNode.isNull()) {
        if (!stepsNode.isArray()) {
          throw doc.error(YamlDocument.child(at, "steps"), "expected a list of steps, found " + Describe.found(stepsNode));
        }
        for (int s = 0; s < stepsNode.size(); s++) {
          String stepAt = YamlDocument.element(YamlDocument.child(at, "steps"), s);
          grids.add(stepGrid(StageKind.TRANSFORM, mapping(stepsNode.get(s), stepAt), stepAt, "name"));
        }
      }
      String label;
      if (block.has("label")) {
        label = text(block.get("label"), YamlDocument.child(at, "label"));
      } else {
        label = grids.isEmpty() ? "none" : String.join("+", grids.stream().map(g -> g.stage.name()).toList());
      }
      Variant.Step identity = null;
      if (grids.isEmpty()) {
        // An empty block still gets a node: the identity transform, so every trial has the same shape.
        Stage stage = find(StageKind.TRANSFORM, IDENTITY, at);
        identity = new Variant.Step(stage, resolve(doc, stage, F.objectNode(), at, F.objectNode()));
      }
      out.add(new Alt(at, label, false, grids, identity));
    }
    return out;
  }

  /** A single mapping with an optional stage-name key ({@code trainer}/{@code name}) and params. */
  private Alt singleAlt(JsonNode node, String at, StageKind kind, String nameKey, String dflt, boolean architectureLabel) {
    ObjectNode entry = mapping(node, at).deepCopy();
    if (!entry.has(nameKey)) {
      entry.put(nameKey, dflt);
    }
    String label = entry.has("label") ? text(entry.get("label"), YamlDocument.child(at, "label")) : null;
    StepGrid g = stepGrid(kind, entry, at, nameKey);
    return new Alt(at, label == null ? g.stage.name() : label, label == null && architectureLabel, List.of(g), null);
  }

  /**
   * The variants of one step's alternatives. For the grid: every point (ranges refused). For a
   * sampling strategy none are listed (the strategy draws them); each parameter value (each end of
   * a range) is resolved once here so that a bad value is reported before anything runs.
   */
  private List<Variant> variants(List<Alt> alts, String kind, boolean qualify, boolean sampled, List<Variant.Step> firsts) {
    if (!sampled) {
      List<Candidate> all = new ArrayList<>();
      for (Alt a : alts) {
        for (StepGrid g : a.grids) {
          for (Grid.Axis axis : g.axes) {
            if (axis.range() != null) {
              throw doc.error(axis.path(), "a range " + axis.range() + " is sampled, not listed: search.strategy grid"
                  + " takes explicit values; use a sampling search strategy (random, sobol or tpe) with a budget,"
                  + " or list the values");
            }
          }
        }
        all.addAll(a.expand());
      }
      all.forEach(c -> firsts.add(c.steps.get(0)));
      return finish(all, kind, qualify);
    }
    for (Alt a : alts) {
      firsts.addAll(a.probe());
    }
    return List.of();
  }

  private Objective objective(JsonNode node) {
    ObjectNode o = mapping(node, "objective");
    checkKeys(o, "objective", List.of("metric", "direction"), List.of("metric"));
    String metric = text(o.get("metric"), "objective.metric");
    String[] parts = metric.split("\\.", -1);
    if (parts.length != 2 || !FOLDS.contains(parts[0]) || parts[1].isEmpty()) {
      throw doc.error("objective.metric", "expected <fold>.<metric> with fold one of " + FOLDS
          + " (e.g. validation.roc_auc), found '" + metric + "'");
    }
    Objective.Direction direction = Objective.Direction.MAXIMIZE;
    if (o.has("direction")) {
      String d = text(o.get("direction"), "objective.direction");
      direction = switch (d) {
        case "maximize", "max" -> Objective.Direction.MAXIMIZE;
        case "minimize", "min" -> Objective.Direction.MINIMIZE;
        default -> throw doc.error("objective.direction", "expected maximize or minimize, found '" + d + "'");
      };
    }
    return new Objective(metric, direction);
  }

  // ---- search -----------------------------------------------------------------------------------

  /** What {@code search:} says, before the space is known. */
  private record SearchSettings(SearchStrategy.Factory factory, Integer budget, Integer batch, int replicates,
      ObjectNode options) {}

  private SearchSettings searchSettings(JsonNode node) {
    ObjectNode o = node == null || node.isNull() ? F.objectNode() : mapping(node, "search");
    String name = o.has("strategy") ? text(o.get("strategy"), "search.strategy") : "grid";
    SearchStrategy.Factory factory;
    try {
      factory = Strategies.find(name);
    } catch (IllegalArgumentException e) {
      throw doc.error("search.strategy", e.getMessage());
    }
    List<String> common = factory.samples() ? SAMPLED_SEARCH_KEYS : GRID_SEARCH_KEYS;
    List<String> known = new ArrayList<>(common);
    known.addAll(factory.options());
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        String why = SAMPLED_SEARCH_KEYS.contains(k)
            ? " (" + name + " runs every point of the grid in one batch; budget and batch are for the sampling"
                + " strategies: " + String.join(", ", Strategies.names().stream().filter(n -> Strategies.find(n).samples()).toList()) + ")"
            : " (known for strategy " + name + ": " + String.join(", ", known) + ")";
        throw doc.error(YamlDocument.child("search", k), "unknown key '" + k + "'" + why);
      }
    }
    if (factory.samples() && !o.has("budget")) {
      throw doc.error("search", "missing required key 'budget': strategy " + name
          + " needs the number of configurations to run, e.g. budget: 24");
    }
    Integer budget = o.has("budget") ? positive(o.get("budget"), "search.budget") : null;
    Integer batch = o.has("batch") ? positive(o.get("batch"), "search.batch") : null;
    int replicates = o.has("replicates") ? positive(o.get("replicates"), "search.replicates") : 1;
    ObjectNode options = o.deepCopy();
    options.remove(SAMPLED_SEARCH_KEYS);
    return new SearchSettings(factory, budget, batch, replicates, options);
  }

  /** The space of the alternatives and their varying parameters; realises a point through the same resolution as the grid. */
  private Search search(SearchSettings settings, List<List<Alt>> steps, List<List<Variant>> lists) {
    List<SearchSpace.Choice> choices = new ArrayList<>();
    for (int c = 0; c < steps.size(); c++) {
      List<SearchSpace.Alternative> alternatives = new ArrayList<>();
      for (Alt a : steps.get(c)) {
        alternatives.add(new SearchSpace.Alternative(a.path, a.dimensions()));
      }
      choices.add(new SearchSpace.Choice(CHOICES.get(c), alternatives));
    }
    List<Map<String, Variant>> byId = new ArrayList<>();
    for (List<Variant> l : lists) {
      Map<String, Variant> m = new HashMap<>();
      l.forEach(v -> m.put(v.id(), v));
      byId.add(m);
    }
    SearchSpace space = new SearchSpace(choices, p -> realise(steps, byId, p));
    String name = settings.factory().name();
    int budget;
    int batch;
    if (!settings.factory().samples()) {
      budget = lists.stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
      batch = budget;
    } else {
      budget = settings.budget();
      java.util.OptionalLong size = space.size();
      if (size.isPresent() && size.getAsLong() < budget) {
        warnings.add(doc.file() + ": search.budget: " + budget + " configurations asked for, but the space holds "
            + size.getAsLong() + " (no ranges, only lists): running " + size.getAsLong());
        budget = (int) size.getAsLong();
      }
      batch = Math.min(budget, settings.batch() != null ? settings.batch() : settings.factory().defaultBatch(budget));
    }
    try {
      settings.factory().create(space, settings.options(), seed); // checks the options against the space
    } catch (SearchStrategy.OptionException e) {
      throw doc.error(e.key() == null ? "search" : YamlDocument.child("search", e.key()), e.getMessage());
    }
    return new Search(name, settings.factory().samples(), budget, batch, settings.replicates(), settings.options(), space);
  }

  private Configuration realise(List<List<Alt>> steps, List<Map<String, Variant>> byId, SearchSpace.Point p) {
    Variant[] out = new Variant[steps.size()];
    for (int c = 0; c < steps.size(); c++) {
      List<Alt> alts = steps.get(c);
      Alt alt = alts.get(p.alternatives().get(c));
      Candidate cand = alt.at(p.values());
      String id = Variants.contentId(cand.steps);
      Variant v = byId.get(c).get(id);
      if (v == null) {
        String label = cand.base + cand.axes;
        if (alts.stream().filter(a -> a.base.equals(alt.base)).count() > 1) {
          label = label + "@" + id;
        }
        v = new Variant(label, id, cand.steps, Variants.flatten(cand.steps, c == 1));
      }
      out[c] = v;
    }
    return new Configuration(out[0], out[1], out[2], out[3], 0);
  }

  private int positive(JsonNode node, String path) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw doc.error(path, "expected a whole number >= 1, found " + Describe.found(node));
    }
    return node.asInt();
  }

  // ---- one stage entry ------------------------------------------------------------------------

  /** A stage entry split into grid axes, with what it takes to resolve one grid point. */
  private final class StepGrid {
    final YamlDocument doc;
    final Stage stage;
    final String at;
    final List<Grid.Axis> axes;
    final ObjectNode given;

    StepGrid(YamlDocument doc, Stage stage, String at, List<Grid.Axis> axes, ObjectNode given) {
      this.doc = doc;
      this.stage = stage;
      this.at = at;
      this.axes = axes;
      this.given = given;
    }

    Variant.Step resolve(List<JsonNode> row) {
      ObjectNode raw = F.objectNode();
      for (int i = 0; i < axes.size(); i++) {
        raw.set(axes.get(i).name(), row.get(i));
      }
      return new Variant.Step(stage, ExperimentReader.this.resolve(doc, stage, raw, at, given));
    }

    /** Each axis at its first value (a range at its low end). */
    List<JsonNode> firstRow() {
      return new ArrayList<>(axes.stream().map(a -> a.values().get(0)).toList());
    }
  }

  /**
   * One alternative of a pipeline step (a split entry, a transform block, the model, the
   * evaluation) before expansion: its stage entries, an empty block's Identity step, its label.
   */
  private final class Alt {
    final String path;
    /** The given label, or the stage's name (or the block's stage names). */
    final String base;
    /** Without a given label the model is labelled by its architecture, which may vary. */
    final boolean architectureLabel;
    final List<StepGrid> grids;
    final Variant.Step identity;

    Alt(String path, String base, boolean architectureLabel, List<StepGrid> grids, Variant.Step identity) {
      this.path = path;
      this.base = base;
      this.architectureLabel = architectureLabel;
      this.grids = grids;
      this.identity = identity;
    }

    private Candidate candidate(List<List<JsonNode>> rows) {
      if (identity != null) {
        return new Candidate(path, base, "", List.of(identity));
      }
      List<Variant.Step> steps = new ArrayList<>();
      for (int s = 0; s < grids.size(); s++) {
        steps.add(grids.get(s).resolve(rows.get(s)));
      }
      String label = base;
      JsonNode arch = steps.get(0).params().get("architecture");
      if (architectureLabel && arch != null && arch.isTextual()) {
        label = arch.textValue();
      }
      return new Candidate(path, label, axesLabel(grids, rows), steps);
    }

    /** Every grid point: the steps crossed (first slowest), each step's own product (first axis slowest). */
    List<Candidate> expand() {
      List<List<List<JsonNode>>> perStep = grids.stream().map(g -> Grid.product(g.axes)).toList();
      List<Candidate> out = new ArrayList<>();
      for (List<Integer> pick : indexProduct(perStep.stream().map(List::size).toList())) {
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int s = 0; s < grids.size(); s++) {
          rows.add(perStep.get(s).get(pick.get(s)));
        }
        out.add(candidate(rows));
      }
      return out;
    }

    /** Resolves every listed value and both ends of every range, the other axes at their first value. */
    List<Variant.Step> probe() {
      List<Variant.Step> out = new ArrayList<>();
      if (identity != null) {
        return List.of(identity);
      }
      for (int s = 0; s < grids.size(); s++) {
        StepGrid g = grids.get(s);
        out.add(g.resolve(g.firstRow()));
        for (int i = 0; i < g.axes.size(); i++) {
          Grid.Axis a = g.axes.get(i);
          List<JsonNode> values = a.range() == null ? a.values() : List.of(a.range().lo(), a.range().hi());
          for (JsonNode v : values) {
            List<JsonNode> row = g.firstRow();
            row.set(i, v);
            Variant.Step step = g.resolve(row);
            if (s == 0) {
              out.add(step);
            }
          }
        }
      }
      return out;
    }

    /** The varying axes as dimensions, named by their field paths. */
    List<SearchSpace.Dimension> dimensions() {
      List<SearchSpace.Dimension> out = new ArrayList<>();
      for (StepGrid g : grids) {
        for (Grid.Axis a : g.axes) {
          if (a.varies()) {
            out.add(dimension(a));
          }
        }
      }
      return out;
    }

    /** The candidate at a point's values. */
    Candidate at(Map<String, Double> values) {
      List<List<JsonNode>> rows = new ArrayList<>();
      for (StepGrid g : grids) {
        List<JsonNode> row = new ArrayList<>();
        for (Grid.Axis a : g.axes) {
          if (!a.varies()) {
            row.add(a.values().get(0));
            continue;
          }
          Double v = values.get(a.path());
          if (v == null) {
            throw new IllegalArgumentException("the point has no value for " + a.path());
          }
          row.add(dimension(a).value(v));
        }
        rows.add(row);
      }
      return candidate(rows);
    }
  }

  private static SearchSpace.Dimension dimension(Grid.Axis a) {
    Grid.Range r = a.range();
    if (r == null) {
      return new SearchSpace.Categorical(a.path(), a.values());
    }
    return switch (r.kind()) {
      case "int" -> new SearchSpace.Int(a.path(), r.lo().longValue(), r.hi().longValue());
      case "loguniform" -> new SearchSpace.Real(a.path(), r.lo().doubleValue(), r.hi().doubleValue(), true);
      default -> new SearchSpace.Real(a.path(), r.lo().doubleValue(), r.hi().doubleValue(), false);
    };
  }

  private StepGrid stepGrid(StageKind kind, ObjectNode entry, String at, String nameKey) {
    if (!entry.has(nameKey)) {
      throw doc.error(at, "missing required key '" + nameKey + "' (the " + kind.id() + " stage)");
    }
    String name = text(entry.get(nameKey), YamlDocument.child(at, nameKey));
    Stage stage = find(kind, name, YamlDocument.child(at, nameKey));
    ObjectNode given = entry.deepCopy();
    given.remove(nameKey);
    given.remove("label");
    boolean declaresSeed = stage.params().list().stream().anyMatch(p -> p.name().equals("seed"));
    if (declaresSeed && !given.has("seed")) {
      // Random stages without a seed of their own take the experiment's (an identity field: the
      // actual randomness comes from the action key, which includes it).
      given.put("seed", seed);
    }
    checkColumns(stage, given, at);
    return new StepGrid(doc, stage, at, Grid.axes(doc, stage, given, at), given);
  }

  /** Column-list params must name columns of the data, when the header is known. */
  private void checkColumns(Stage stage, ObjectNode given, String at) {
    if (header == null) {
      return;
    }
    for (Param p : stage.params().list()) {
      JsonNode v = given.get(p.name());
      if (p.type() != Param.Type.STRING_LIST || !p.name().equals("columns") || v == null || !v.isArray()) {
        continue;
      }
      List<JsonNode> names = new ArrayList<>();
      v.forEach(e -> {
        if (e.isArray()) {
          e.forEach(names::add);
        } else {
          names.add(e);
        }
      });
      for (JsonNode n : names) {
        if (n.isTextual() && !header.contains(n.textValue())) {
          throw doc.error(YamlDocument.child(at, p.name()), "column '" + n.textValue()
              + "' is not in the header of the data (available: " + String.join(", ", header) + ")");
        }
      }
    }
  }

  private Stage find(StageKind kind, String name, String at) {
    try {
      return catalogue.find(kind, name);
    } catch (StageException e) {
      throw doc.error(at, e.getMessage());
    }
  }

  /** Stage.resolveParams with its message prefixed by the field path of the offending parameter. */
  private static ObjectNode resolve(YamlDocument doc, Stage stage, ObjectNode raw, String at, ObjectNode given) {
    try {
      return stage.resolveParams(raw, stage.kind().id() + " " + stage.name());
    } catch (StageException e) {
      String path = at;
      Matcher m = PARAM_IN_MESSAGE.matcher(e.getMessage());
      if (m.find() && given.has(m.group(1))) {
        path = YamlDocument.child(at, m.group(1));
      }
      throw doc.error(path, e.getMessage());
    }
  }

  // ---- labels and ids -------------------------------------------------------------------------

  /** A variant before labels are made unique. */
  private record Candidate(String path, String base, String axes, List<Variant.Step> steps) {}

  /** {@code [std=0.3]} for the axes that vary; step-qualified where a name varies in two steps. */
  private static String axesLabel(List<StepGrid> grids, List<List<JsonNode>> rows) {
    Map<String, Integer> varyingNames = new HashMap<>();
    for (StepGrid g : grids) {
      g.axes.stream().filter(Grid.Axis::varies).forEach(a -> varyingNames.merge(a.name(), 1, Integer::sum));
    }
    List<String> parts = new ArrayList<>();
    for (int s = 0; s < grids.size(); s++) {
      StepGrid g = grids.get(s);
      for (int i = 0; i < g.axes.size(); i++) {
        Grid.Axis a = g.axes.get(i);
        if (a.varies()) {
          String key = varyingNames.get(a.name()) > 1 ? g.stage.name() + "#" + (s + 1) + "." + a.name() : a.name();
          parts.add(key + "=" + Describe.label(rows.get(s).get(i)));
        }
      }
    }
    return parts.isEmpty() ? "" : "[" + String.join(",", parts) + "]";
  }

  /** Assigns ids, rejects duplicates, and disambiguates colliding labels with the id. */
  private List<Variant> finish(List<Candidate> candidates, String kind, boolean qualifyParams) {
    Map<String, String> pathById = new HashMap<>();
    Map<String, Integer> labelCount = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Candidate c : candidates) {
      String id = Variants.contentId(c.steps);
      String earlier = pathById.putIfAbsent(id, c.path);
      if (earlier != null) {
        throw doc.error(c.path, "describes the same " + kind + " variant as " + earlier + " ("
            + c.base + c.axes + "); remove one of them");
      }
      ids.add(id);
      labelCount.merge(c.base + c.axes, 1, Integer::sum);
    }
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      String label = c.base + c.axes;
      if (labelCount.get(label) > 1) {
        label = label + "@" + ids.get(i);
      }
      out.add(new Variant(label, ids.get(i), c.steps, Variants.flatten(c.steps, qualifyParams)));
    }
    return out;
  }

  private static List<List<Integer>> indexProduct(List<Integer> sizes) {
    List<List<Integer>> out = new ArrayList<>();
    out.add(List.of());
    for (int size : sizes) {
      List<List<Integer>> next = new ArrayList<>();
      for (List<Integer> prefix : out) {
        for (int i = 0; i < size; i++) {
          List<Integer> row = new ArrayList<>(prefix);
          row.add(i);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }

  // ---- shape checks ---------------------------------------------------------------------------

  private void checkKeys(JsonNode node, String path, List<String> known, List<String> required) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw doc.error(YamlDocument.child(path, k), "unknown " + (path.isEmpty() ? "top-level " : "") + "key '"
            + k + "' (known: " + String.join(", ", known) + ")");
      }
    }
    for (String r : required) {
      if (!node.has(r) || node.get(r).isNull()) {
        throw doc.error(path, "missing required " + (path.isEmpty() ? "top-level " : "") + "key '" + r + "'");
      }
    }
  }

  private ObjectNode mapping(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw doc.error(path, "expected a mapping, found " + Describe.found(node));
    }
    return (ObjectNode) node;
  }

  private ArrayNode list(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw doc.error(path, "expected a list, found " + Describe.found(node));
    }
    if (node.isEmpty()) {
      throw doc.error(path, "expected a non-empty list, found an empty list");
    }
    return (ArrayNode) node;
  }

  private String text(JsonNode node, String path) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw doc.error(path, "expected a non-empty string, found " + Describe.found(node));
    }
    return node.textValue();
  }

  private long wholeNumber(JsonNode node, String path) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
      throw doc.error(path, "expected a whole number >= 0, found " + Describe.found(node));
    }
    return node.asLong();
  }
}
