package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Stage;
import dev.stimulus.stages.StageKind;
import dev.stimulus.workflows.experiment.StepAlternatives.Alt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment's side of a stimulus-py model config: {@code model.stimulus_py} (or a file given
 * apart), the model section's own keys ({@code rename}, {@code pruner: ignore}, fixed trainer
 * parameters, checked in the experiment file), and the {@code batch} and {@code replicates} the
 * experiment may add to the imported search.
 */
final class ModelImport {

  /** The keys of {@code model} that configure the import rather than the trainer. */
  private static final List<String> IMPORT_KEYS = List.of("stimulus_py", "rename", "pruner");
  /** What the experiment's {@code search} may still say: the stimulus-py file has no word for it. */
  private static final List<String> OWN_SEARCH_KEYS = List.of("batch", "replicates");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The import, and the file's bytes (the experiment's digest covers them). */
  record Result(StimulusPyModel.Imported imported, byte[] bytes) {}

  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final Path baseDir;
  private final Catalogue catalogue;
  private final String defaultTrainer;

  ModelImport(YamlDocument doc, Path baseDir, Catalogue catalogue, String defaultTrainer) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.baseDir = baseDir;
    this.catalogue = catalogue;
    this.defaultTrainer = defaultTrainer;
  }

  /**
   * @param modelConfig a model config given apart (the command line), or null
   * @return null when there is no model config to import
   * @throws ExperimentException in the experiment file for its own keys, in the model config for what it says
   */
  Result read(JsonNode root, Path modelConfig, List<String> header, long seed) {
    JsonNode m = root.get("model");
    if (m == null || !m.isObject() || (modelConfig == null && !m.has("stimulus_py"))) {
      return null;
    }
    if (modelConfig != null && m.has("stimulus_py")) {
      throw doc.error("model.stimulus_py", "a model config is also given on the command line (" + modelConfig
          + "); give one of them");
    }
    ObjectNode ownSearch = ownSearch(root.get("search"));
    ObjectNode fixed = ((ObjectNode) m).deepCopy();
    fixed.remove(IMPORT_KEYS);
    Stage trainer = checkFixed(fixed, header, seed);
    Map<String, String> rename = rename(m.get("rename"), trainer);
    boolean ignorePruner = false;
    if (m.has("pruner")) {
      if (!"ignore".equals(m.get("pruner").asText())) {
        throw doc.error("model.pruner", "expected ignore (run without the stimulus-py file's pruner), found "
            + Describe.found(m.get("pruner")));
      }
      ignorePruner = true;
    }
    String what = "stimulus-py model config";
    SideFile file = modelConfig != null ? SideFile.read(doc, modelConfig, "model", what)
        : SideFile.named(doc, baseDir, "model.stimulus_py", what);
    StimulusPyModel.Imported imported = StimulusPyModel.translate(file.parse(), trainer, fixed, rename, ignorePruner);
    if (imported.objective() != null && root.has("objective")) {
      throw doc.error("objective", "the objective comes from the stimulus-py model config (model.stimulus_py); remove it"
          + " here, or remove it there");
    }
    imported.search().setAll(ownSearch);
    return new Result(imported, file.bytes());
  }

  private ObjectNode ownSearch(JsonNode search) {
    ObjectNode out = F.objectNode();
    if (search == null || search.isNull()) {
      return out;
    }
    shapes.mapping(search, "search").fields().forEachRemaining(e -> {
      String at = YamlDocument.child("search", e.getKey());
      if (!OWN_SEARCH_KEYS.contains(e.getKey())) {
        throw doc.error(at, "the " + e.getKey() + " comes from the stimulus-py model config (model.stimulus_py: its"
            + " sampler and n_trials); here the search takes only " + String.join(" and ", OWN_SEARCH_KEYS));
      }
      out.put(e.getKey(), shapes.positive(e.getValue(), at));
    });
    return out;
  }

  /** The experiment's own trainer parameters, resolved in its own file; returns the trainer. */
  private Stage checkFixed(ObjectNode fixed, List<String> header, long seed) {
    StepAlternatives own = new StepAlternatives(new StageEntries(doc, catalogue, header, seed));
    Alt alt = own.singleAlt(fixed, "model", StageKind.TRAIN, "trainer", defaultTrainer, true);
    own.variants(List.of(alt), "model", false, true, new ArrayList<>());
    return alt.grids.get(0).stage;
  }

  private Map<String, String> rename(JsonNode node, Stage trainer) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    shapes.mapping(node, "model.rename").fields().forEachRemaining(e -> {
      String at = YamlDocument.child("model.rename", e.getKey());
      String ours = shapes.text(e.getValue(), at);
      if (trainer.params().list().stream().noneMatch(p -> p.name().equals(ours))) {
        throw doc.error(at, "'" + ours + "' is not a parameter of the " + trainer.name() + " trainer");
      }
      out.put(e.getKey(), ours);
    });
    return out;
  }
}
