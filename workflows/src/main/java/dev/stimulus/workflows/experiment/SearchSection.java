package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.workflows.experiment.StepAlternatives.Alt;
import dev.stimulus.workflows.experiment.VariantLabels.Candidate;
import dev.stimulus.workflows.search.SearchStrategy;
import dev.stimulus.workflows.search.Strategies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the {@code search} and {@code objective} sections and builds the search space over the step alternatives. */
final class SearchSection {

  private static final List<String> FOLDS = List.of("train", "validation", "test");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** The keys of {@code search} every strategy takes, and those only the sampling ones take. */
  private static final List<String> GRID_SEARCH_KEYS = List.of("strategy", "replicates");
  private static final List<String> SAMPLED_SEARCH_KEYS = List.of("strategy", "replicates", "budget", "batch",
      "pruner", "prune_startup", "prune_warmup");
  /** Optuna's MedianPruner defaults: 5 startup trials, no warmup. */
  private static final int DEFAULT_PRUNE_STARTUP = 5;
  /** The search space's choices, one per pipeline step, in plan order. */
  private static final List<String> CHOICES = List.of("split", "transforms", "model", "evaluate");

  /** What {@code search:} says, before the space is known. */
  record SearchSettings(SearchStrategy.Factory factory, Integer budget, Integer batch, int replicates,
      ObjectNode options, MedianPruning pruning) {}

  private final YamlDocument doc;
  private final ShapeChecks shapes;
  /** The experiment's warnings, added to when the budget is larger than the space. */
  private final List<String> warnings;

  SearchSection(YamlDocument doc, List<String> warnings) {
    this.doc = doc;
    this.shapes = new ShapeChecks(doc);
    this.warnings = warnings;
  }

  SearchSettings searchSettings(JsonNode node) {
    ObjectNode o = node == null || node.isNull() ? F.objectNode() : shapes.mapping(node, "search");
    String name = o.has("strategy") ? shapes.text(o.get("strategy"), "search.strategy") : "grid";
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
    Integer budget = o.has("budget") ? shapes.positive(o.get("budget"), "search.budget") : null;
    Integer batch = o.has("batch") ? shapes.positive(o.get("batch"), "search.batch") : null;
    int replicates = o.has("replicates") ? shapes.positive(o.get("replicates"), "search.replicates") : 1;
    ObjectNode options = o.deepCopy();
    options.remove(SAMPLED_SEARCH_KEYS);
    return new SearchSettings(factory, budget, batch, replicates, options, pruning(o));
  }

  private MedianPruning pruning(ObjectNode o) {
    if (!o.has("pruner")) {
      for (String k : List.of("prune_startup", "prune_warmup")) {
        if (o.has(k)) {
          throw doc.error(YamlDocument.child("search", k), k + " is a setting of the pruner: add pruner: median");
        }
      }
      return null;
    }
    String name = shapes.text(o.get("pruner"), "search.pruner");
    if (!name.equals("median")) {
      throw doc.error("search.pruner", "expected median (the only pruner), found '" + name + "'");
    }
    int startup = o.has("prune_startup") ? (int) shapes.wholeNumber(o.get("prune_startup"), "search.prune_startup")
        : DEFAULT_PRUNE_STARTUP;
    int warmup = o.has("prune_warmup") ? (int) shapes.wholeNumber(o.get("prune_warmup"), "search.prune_warmup") : 0;
    return new MedianPruning(startup, warmup);
  }

  /** The space of the alternatives and their varying parameters; realises a point through the same resolution as the grid. */
  Search search(SearchSettings settings, long seed, List<List<Alt>> steps, List<List<Variant>> lists) {
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
    return new Search(name, settings.factory().samples(), budget, batch, settings.replicates(), settings.options(), space,
        settings.pruning());
  }

  private Configuration realise(List<List<Alt>> steps, List<Map<String, Variant>> byId, SearchSpace.Point p) {
    Variant[] out = new Variant[steps.size()];
    for (int c = 0; c < steps.size(); c++) {
      List<Alt> alts = steps.get(c);
      Alt alt = alts.get(p.alternatives().get(c));
      Candidate cand = alt.at(p.values());
      String id = Variants.contentId(cand.steps());
      Variant v = byId.get(c).get(id);
      if (v == null) {
        String label = cand.base() + cand.axes();
        if (alts.stream().filter(a -> a.base.equals(alt.base)).count() > 1) {
          label = label + "@" + id;
        }
        v = new Variant(label, id, cand.steps(), Variants.flatten(cand.steps(), c == 1));
      }
      out[c] = v;
    }
    return new Configuration(out[0], out[1], out[2], out[3], 0);
  }

  Objective objective(JsonNode node) {
    ObjectNode o = shapes.mapping(node, "objective");
    shapes.checkKeys(o, "objective", List.of("metric", "direction"), List.of("metric"));
    String metric = shapes.text(o.get("metric"), "objective.metric");
    String[] parts = metric.split("\\.", -1);
    if (parts.length != 2 || !FOLDS.contains(parts[0]) || parts[1].isEmpty()) {
      throw doc.error("objective.metric", "expected <fold>.<metric> with fold one of " + FOLDS
          + " (e.g. validation.roc_auc), found '" + metric + "'");
    }
    Objective.Direction direction = Objective.Direction.MAXIMIZE;
    if (o.has("direction")) {
      String d = shapes.text(o.get("direction"), "objective.direction");
      direction = switch (d) {
        case "maximize", "max" -> Objective.Direction.MAXIMIZE;
        case "minimize", "min" -> Objective.Direction.MINIMIZE;
        default -> throw doc.error("objective.direction", "expected maximize or minimize, found '" + d + "'");
      };
    }
    return new Objective(metric, direction);
  }

  /**
   * The median pruner compares validation losses, and fills the trainer's prune_above: refused when
   * no split makes a validation fold, or when the trainer has no such parameter.
   */
  void checkPruning(SearchSettings settings, List<Variant.Step> splits, dev.stimulus.stages.Stage trainer) {
    if (settings.pruning() == null) {
      return;
    }
    if (trainer.params().list().stream().noneMatch(p -> p.name().equals("prune_above"))) {
      throw doc.error("search.pruner", "the " + trainer.name() + " trainer has no prune_above parameter, so its"
          + " trainings cannot be pruned");
    }
    if (!splits.isEmpty() && splits.stream().allMatch(v -> v.params().has("ratios") && v.params().get("ratios").size() == 2)) {
      throw doc.error("search.pruner", "the pruner compares validation losses, and no split makes a validation fold"
          + " (two ratios give train and test only); give three ratios (train, validation, test)");
    }
  }

  /**
   * An objective on a fold that no split makes is a silent bug (there would be no best trial):
   * refused when every split says its folds through two ratios (train and test only).
   */
  void checkObjectiveFold(Objective objective, List<Variant.Step> splits) {
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
}
