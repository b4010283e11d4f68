package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The search side of a stimulus-py model config: {@code sampler} and {@code n_trials} as the
 * experiment's {@code search}, {@code pruner} as its median pruner, {@code objective} with
 * stimulus-py's metric names as ours. Paths of what it translates go into the caller's map, so
 * later errors point at the field they came from.
 */
final class StimulusPySearch {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Optuna sampler -> search strategy. */
  private static final Map<String, String> SAMPLERS = new LinkedHashMap<>();

  static {
    SAMPLERS.put("TPESampler", "tpe");
    SAMPLERS.put("RandomSampler", "random");
    SAMPLERS.put("QMCSampler", "sobol");
    SAMPLERS.put("GridSampler", "grid");
  }

  /** stimulus-py metric names (after the fold prefix) -> ours. */
  private static final Map<String, String> METRICS = Map.ofEntries(
      Map.entry("rocauc", "roc_auc"), Map.entry("roc_auc", "roc_auc"), Map.entry("prauc", "pr_auc"),
      Map.entry("pr_auc", "pr_auc"), Map.entry("accuracy", "accuracy"), Map.entry("mcc", "mcc"),
      Map.entry("f1score", "f1"), Map.entry("f1", "f1"), Map.entry("precision", "precision"),
      Map.entry("recall", "recall"), Map.entry("spearmanr", "spearman"), Map.entry("spearman", "spearman"),
      Map.entry("rmse", "rmse"), Map.entry("r2", "r2"));
  private static final Map<String, String> FOLDS = Map.of("val", "validation", "validation", "validation",
      "train", "train", "test", "test");

  private final YamlDocument doc;
  private final ShapeChecks shapes;
  private final Map<String, String> paths;
  private final List<String> warnings;
  private final boolean ignorePruner;

  StimulusPySearch(YamlDocument doc, Map<String, String> paths, List<String> warnings, boolean ignorePruner) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.paths = paths;
    this.warnings = warnings;
    this.ignorePruner = ignorePruner;
  }

  /** Optuna's MedianPruner as the search's median pruner; any other pruner is refused. */
  void pruner(JsonNode pruner, ObjectNode search) {
    if (pruner == null || pruner.isNull()) {
      return;
    }
    ObjectNode p = shapes.mapping(pruner, "pruner");
    shapes.checkKeys(p, "pruner", List.of("name", "params"), List.of("name"));
    String name = shapes.text(p.get("name"), "pruner.name");
    if (name.equalsIgnoreCase("NopPruner")) {
      return;
    }
    if (ignorePruner) {
      warnings.add(doc.at("pruner") + "pruner: " + name + " ignored (model.pruner: ignore): every trial trains"
          + " its full epochs");
      return;
    }
    if (!name.equalsIgnoreCase("MedianPruner")) {
      throw doc.error("pruner.name", "pruner " + name + " is not supported (known: MedianPruner, NopPruner); remove"
          + " it, or write pruner: ignore under the experiment's model section to run without it");
    }
    search.put("pruner", "median");
    paths.put("search.pruner", "pruner.name");
    JsonNode params = p.get("params");
    if (params == null || params.isNull()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = shapes.mapping(params, "pruner.params").fields(); it.hasNext(); ) {
      var e = it.next();
      String at = YamlDocument.child("pruner.params", e.getKey());
      switch (e.getKey()) {
        case "n_startup_trials" -> {
          search.put("prune_startup", shapes.wholeNumber(e.getValue(), at));
          paths.put("search.prune_startup", at);
        }
        case "n_warmup_steps" -> {
          search.put("prune_warmup", shapes.wholeNumber(e.getValue(), at));
          paths.put("search.prune_warmup", at);
          warnings.add(doc.at(at) + at + ": counted in epochs here (stimulus-py's steps are its evaluations"
              + " every compute_objective_every_n_samples)");
        }
        case "interval_steps", "n_min_trials" -> {
          if (shapes.wholeNumber(e.getValue(), at) != 1) {
            throw doc.error(at, e.getKey() + " other than 1 is not supported (every epoch is compared, with the"
                + " trials that reached it)");
          }
        }
        default -> throw doc.error(at, "unknown MedianPruner parameter '" + e.getKey() + "' (known: n_startup_trials,"
            + " n_warmup_steps, interval_steps, n_min_trials)");
      }
    }
  }

  ObjectNode search(JsonNode root) {
    ObjectNode search = F.objectNode();
    String strategy = "tpe"; // Optuna's default sampler
    if (root.has("sampler") && !root.get("sampler").isNull()) {
      ObjectNode s = shapes.mapping(root.get("sampler"), "sampler");
      shapes.checkKeys(s, "sampler", List.of("name", "params"), List.of("name"));
      String name = shapes.text(s.get("name"), "sampler.name");
      String known = SAMPLERS.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
          doc.error("sampler.name", "sampler " + name + " is not supported (known: "
              + String.join(", ", SAMPLERS.keySet()) + ")"));
      strategy = SAMPLERS.get(known);
      JsonNode params = s.get("params");
      if (params != null && !params.isNull()) {
        samplerParams(shapes.mapping(params, "sampler.params"), known, search);
      }
    }
    search.put("strategy", strategy);
    if (root.has("n_trials")) {
      int n = shapes.positive(root.get("n_trials"), "n_trials");
      if (strategy.equals("grid")) {
        warnings.add(doc.at("n_trials") + "n_trials: ignored; GridSampler runs every point of the grid");
      } else {
        search.put("budget", n);
      }
    } else if (!strategy.equals("grid")) {
      search.put("budget", 10); // stimulus-py's default n_trials
    }
    return search;
  }

  private void samplerParams(ObjectNode params, String sampler, ObjectNode search) {
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      var e = it.next();
      String at = YamlDocument.child("sampler.params", e.getKey());
      if (sampler.equals("TPESampler") && e.getKey().equals("n_startup_trials")) {
        search.put("n_startup", shapes.wholeNumber(e.getValue(), at));
        paths.put("search.n_startup", at);
      } else if (sampler.equals("QMCSampler") && e.getKey().equals("qmc_type")) {
        if (!e.getValue().asText().equals("sobol")) {
          throw doc.error(at, "only qmc_type sobol is supported, found " + Describe.found(e.getValue()));
        }
      } else if (e.getKey().equals("seed")) {
        warnings.add(doc.at(at) + at + ": ignored; the search is seeded from the experiment seed");
      } else {
        warnings.add(doc.at(at) + at + ": ignored (" + sampler + " option without a counterpart here)");
      }
    }
  }

  ObjectNode objective(JsonNode node) {
    ObjectNode o = shapes.mapping(node, "objective");
    shapes.checkKeys(o, "objective", List.of("metric", "direction"), List.of("metric"));
    String metric = shapes.text(o.get("metric"), "objective.metric");
    ObjectNode out = F.objectNode().put("metric", ourMetric(metric));
    if (o.has("direction")) {
      out.set("direction", o.get("direction"));
      paths.put("objective.direction", "objective.direction");
    }
    paths.put("objective.metric", "objective.metric");
    return out;
  }

  private String ourMetric(String theirs) {
    int cut = theirs.indexOf('_');
    int dot = theirs.indexOf('.');
    int at = dot > 0 ? dot : cut;
    String fold = at > 0 ? FOLDS.get(theirs.substring(0, at)) : null;
    String metric = at > 0 ? METRICS.get(theirs.substring(at + 1).toLowerCase(Locale.ROOT)) : null;
    if (fold == null || metric == null) {
      String why = theirs.endsWith("loss") ? " (the loss is not an evaluation metric here: the evaluation scores"
          + " predictions; its learning curve is in the report)" : "";
      throw doc.error("objective.metric", "metric '" + theirs + "' has no counterpart" + why + "; use"
          + " <fold>_<metric> with fold val, train or test and metric one of "
          + String.join(", ", new TreeSet<>(METRICS.keySet())));
    }
    return fold + "." + metric;
  }
}
