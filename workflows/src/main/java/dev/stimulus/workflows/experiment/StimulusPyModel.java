package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates a stimulus-py model config ({@code network_params}, {@code optimizer_params},
 * {@code loss_params}, {@code data_params}, {@code sampler}, {@code pruner}, {@code objective},
 * {@code n_trials}) into an experiment's {@code model}, {@code search} and {@code objective}
 * sections (the last three through {@link StimulusPySearch}). Each tunable becomes the trainer
 * parameter of the same name (or the one the experiment renames it to); what has no counterpart is
 * refused at its place in the file.
 */
final class StimulusPyModel {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> KEYS = List.of("network_params", "optimizer_params", "loss_params", "data_params",
      "sampler", "pruner", "objective", "n_trials", "seed", "device", "dataset", "max_samples",
      "compute_objective_every_n_samples", "max_batches", "compute_objective_every_n_batches");
  /** Training-length keys: training here runs a number of epochs, given in the experiment. */
  private static final Set<String> LENGTH_KEYS = Set.of("max_samples", "compute_objective_every_n_samples",
      "max_batches", "compute_objective_every_n_batches");
  /** stimulus-py group -> the keys it may hold that have a fixed counterpart here (besides renames). */
  private static final Map<String, Map<String, String>> FIXED_NAMES = Map.of(
      "optimizer_params", Map.of("method", "optimizer", "lr", "lr"),
      "data_params", Map.of("batch_size", "batch_size"));
  /** torch losses the trainer's task-chosen loss stands for. */
  private static final Map<String, String> LOSSES = Map.of(
      "BCELoss", "binary", "BCEWithLogitsLoss", "binary", "CrossEntropyLoss", "multiclass", "NLLLoss", "multiclass",
      "MSELoss", "regression");
  /** The translation: sections of an experiment, where each came from, and what was left out. */
  record Imported(ObjectNode model, ObjectNode search, ObjectNode objective, YamlDocument view, List<String> warnings) {}

  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final StimulusPyTunable tunables;
  private final Stage trainer;
  private final Map<String, String> rename;
  private final boolean ignorePruner;
  private final Map<String, String> paths = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  private StimulusPyModel(YamlDocument doc, Stage trainer, Map<String, String> rename, boolean ignorePruner) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.tunables = new StimulusPyTunable(doc);
    this.trainer = trainer;
    this.rename = rename;
    this.ignorePruner = ignorePruner;
  }

  /**
   * @param fixed the experiment's own model parameters (architecture, epochs, ...), which the file must not tune too
   * @param rename stimulus-py parameter name -> trainer parameter, from the experiment
   * @param ignorePruner the experiment accepts running without the file's pruner
   * @throws ExperimentException at the field of the stimulus-py file that cannot be translated
   */
  static Imported translate(YamlDocument doc, Stage trainer, ObjectNode fixed, Map<String, String> rename,
      boolean ignorePruner) {
    return new StimulusPyModel(doc, trainer, rename, ignorePruner).translate(fixed);
  }

  private Imported translate(ObjectNode fixed) {
    JsonNode root = doc.root();
    if (!root.isObject()) {
      throw doc.error("", "expected a stimulus-py model config (a mapping with network_params, optimizer_params,"
          + " data_params, ...), found " + Describe.found(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        warnings.add(doc.at(k) + k + ": ignored (not a key of stimulus-py's model config: " + String.join(", ", KEYS) + ")");
      } else if (LENGTH_KEYS.contains(k)) {
        warnings.add(doc.at(k) + k + ": ignored; training runs model.epochs passes over the train fold (default "
            + trainer.params().list().stream().filter(p -> p.name().equals("epochs")).findFirst()
                .map(p -> p.defaultValue().toString()).orElse("?") + "), set in the experiment");
      } else if (k.equals("device")) {
        warnings.add(doc.at(k) + k + ": ignored; the device is chosen by the worker that trains (GPU when present)");
      } else if (k.equals("dataset")) {
        warnings.add(doc.at(k) + k + ": ignored; the data comes from the experiment's data section");
      } else if (k.equals("seed")) {
        warnings.add(doc.at(k) + k + ": ignored; every random choice is seeded from the experiment seed");
      }
    }
    ObjectNode model = fixed.deepCopy();
    Map<String, String> origin = new HashMap<>();
    fixed.fieldNames().forEachRemaining(k -> origin.put(k, null));
    for (String group : List.of("network_params", "optimizer_params", "data_params")) {
      if (root.has(group) && !root.get(group).isNull()) {
        params(group, shapes.mapping(root.get(group), group), model, origin);
      }
    }
    if (root.has("loss_params") && !root.get("loss_params").isNull()) {
      loss(shapes.mapping(root.get("loss_params"), "loss_params"));
    }
    StimulusPySearch searchPart = new StimulusPySearch(doc, paths, warnings, ignorePruner);
    ObjectNode search = searchPart.search(root);
    searchPart.pruner(root.get("pruner"), search);
    ObjectNode objective = root.has("objective") ? searchPart.objective(root.get("objective")) : null;
    paths.put("model", "");
    paths.put("search", root.has("sampler") ? "sampler" : "");
    paths.put("search.strategy", root.has("sampler") ? "sampler.name" : "");
    paths.put("search.budget", "n_trials");
    paths.put("objective", "objective");
    YamlDocument view = doc.mapped(this::source);
    return new Imported(model, search, objective, view, List.copyOf(warnings));
  }

  private String source(String path) {
    String p = path;
    while (true) {
      String s = paths.get(p);
      if (s != null) {
        return s;
      }
      if (p.isEmpty()) {
        return "";
      }
      p = YamlDocument.parent(p);
    }
  }

  // ---- parameters -------------------------------------------------------------------------------

  private void params(String group, ObjectNode given, ObjectNode model, Map<String, String> origin) {
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      var e = it.next();
      String at = YamlDocument.child(group, e.getKey());
      String ours = ourName(group, e.getKey(), at);
      Param target = trainerParam(ours);
      if (origin.containsKey(ours)) {
        String other = origin.get(ours);
        throw doc.error(at, "'" + ours + "' is given twice: here and "
            + (other == null ? "in the experiment's model section" : "at " + other) + "; keep one");
      }
      origin.put(ours, at);
      JsonNode value = tunables.translate(e.getValue(), at, target);
      if (ours.equals("optimizer")) {
        value = optimizerNames(value, at);
      }
      model.set(ours, value);
      paths.put(YamlDocument.child("model", ours), at);
    }
  }

  private String ourName(String group, String theirs, String at) {
    if (rename.containsKey(theirs)) {
      return rename.get(theirs);
    }
    Map<String, String> fixedNames = FIXED_NAMES.get(group);
    if (fixedNames != null) {
      String ours = fixedNames.get(theirs);
      if (ours == null) {
        throw doc.error(at, "'" + theirs + "' has no counterpart in the " + trainer.name() + " trainer (" + group
            + " here: " + String.join(", ", new TreeSet<>(fixedNames.keySet())) + "); remove it, or rename it under"
            + " the experiment's model.rename");
      }
      return ours;
    }
    if (trainerParam(theirs, false) == null) {
      throw doc.error(at, "network parameter '" + theirs + "' is not a parameter of the " + trainer.name()
          + " trainer (its parameters: " + String.join(", ", trainerNames()) + "); map it with the experiment's"
          + " model.rename: {" + theirs + ": <parameter>}, or remove it");
    }
    return theirs;
  }

  private Param trainerParam(String name) {
    return trainerParam(name, true);
  }

  private Param trainerParam(String name, boolean required) {
    for (Param p : trainer.params().list()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    if (required) {
      throw new IllegalStateException("no trainer parameter " + name);
    }
    return null;
  }

  private List<String> trainerNames() {
    return trainer.params().list().stream().map(Param::name).filter(n -> !n.equals("seed")).toList();
  }

  /** torch.optim class names -> the trainer's optimizer names. */
  private JsonNode optimizerNames(JsonNode value, String at) {
    if (value.isArray()) {
      var out = F.arrayNode();
      value.forEach(v -> out.add(optimizerName(v, at)));
      return out;
    }
    return optimizerName(value, at);
  }

  private JsonNode optimizerName(JsonNode v, String at) {
    Param p = trainerParam("optimizer");
    String name = v.asText().toLowerCase(Locale.ROOT);
    if (!v.isTextual() || !p.choices().contains(name)) {
      throw doc.error(at, "optimizer " + Describe.label(v) + " is not one of the trainer's (torch.optim names: "
          + String.join(", ", p.choices().stream().map(StimulusPyModel::torchName).toList()) + ")");
    }
    return F.textNode(name);
  }

  private static String torchName(String ours) {
    return ours.equals("sgd") ? "SGD" : ours.substring(0, 1).toUpperCase(Locale.ROOT) + ours.substring(1);
  }

  /** The loss follows the task here; a loss_fn is accepted when it is one a task uses. */
  private void loss(ObjectNode loss) {
    for (Iterator<Map.Entry<String, JsonNode>> it = loss.fields(); it.hasNext(); ) {
      var e = it.next();
      String at = YamlDocument.child("loss_params", e.getKey());
      if (!e.getKey().equals("loss_fn")) {
        throw doc.error(at, "unknown loss parameter '" + e.getKey() + "' (stimulus-py's is loss_fn)");
      }
      JsonNode choices = e.getValue().path("params").path("choices");
      if (!"categorical".equals(e.getValue().path("mode").asText()) || !choices.isArray() || choices.isEmpty()) {
        throw doc.error(at, "expected {mode: categorical, params: {choices: [...]}}, found " + Describe.found(e.getValue()));
      }
      Set<String> tasks = new TreeSet<>();
      for (JsonNode c : choices) {
        String task = LOSSES.get(c.asText());
        if (task == null) {
          throw doc.error(YamlDocument.child(at, "params.choices"), "loss " + Describe.label(c) + " is not supported:"
              + " the loss follows the task the label's encoding gives (binary: binary cross-entropy on logits,"
              + " multiclass: cross-entropy, regression: squared error); known: "
              + String.join(", ", new TreeSet<>(LOSSES.keySet())));
        }
        tasks.add(task);
      }
      if (tasks.size() > 1) {
        throw doc.error(YamlDocument.child(at, "params.choices"), "these losses belong to different tasks (" + tasks
            + "); the loss is not searched here, it follows the task of the label: keep one");
      }
      warnings.add(doc.at(at) + at + ": the loss follows the task of the label (" + choices.get(0).asText()
          + " is the " + tasks.iterator().next() + " one; binary uses cross-entropy on logits)");
    }
  }

  // ---- search -----------------------------------------------------------------------------------
}
