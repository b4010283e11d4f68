package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.core.Digest;
import dev.stimulus.core.Lineage;
import dev.stimulus.workflows.results.Results;
import dev.stimulus.workflows.results.TrialResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus lineage best|TRIAL|DIGEST}: the chain of invocations back to the raw data. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Walk from a model (or any stored blob) back through every invocation to the raw data's digest and path.")
final class LineageCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json, dot }

  @Parameters(index = "0", paramLabel = "WHAT",
      description = "'best' (the best trial's model), a trial id or number, or a blob digest.")
  String what;

  @Option(names = {"-e", "--experiment"}, paramLabel = "NAME",
      description = "Which experiment's trials 'best' and trial ids refer to (default: the only one in the store).")
  String experiment;

  @Option(names = "--format", defaultValue = "text", description = "text, json or dot (Graphviz). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Mixin StoreOptions storeOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (ArtifactStore store = storeOptions.open()) {
      Digest target = resolve(store);
      Lineage lineage = Lineage.trace(store, target);
      switch (format) {
        case text -> out.print(lineage.toText());
        case json -> out.println(CanonicalJson.write(lineage.toJson()));
        case dot -> out.print(lineage.toDot());
      }
    }
    return 0;
  }

  private Digest resolve(ArtifactStore store) {
    if (Digest.looksLikeDigest(what)) {
      return Digest.parse(what);
    }
    Results results = Results.load(store, experimentName(store))
        .orElseThrow(() -> new Main.UserError("no recorded run of experiment '" + experiment + "'"));
    TrialResult trial = "best".equals(what)
        ? results.best().orElseThrow(() -> new Main.UserError(
            "experiment '" + results.experiment() + "' has no completed trial with an objective value"))
        : results.trial(what).orElseThrow(() -> new Main.UserError(
            "experiment '" + results.experiment() + "' has no trial '" + what + "' (trials are numbered 0-"
                + (results.trials().size() - 1) + " or named by id or id prefix)"));
    if (trial.model() == null) {
      throw new Main.UserError("trial " + trial.id() + " has no model (status " + trial.status() + ")");
    }
    return trial.model();
  }

  private String experimentName(ArtifactStore store) {
    if (experiment != null) {
      return experiment;
    }
    List<String> names = store.listRefs(Results.REF_KIND);
    if (names.size() == 1) {
      return names.get(0);
    }
    if (names.isEmpty()) {
      throw new Main.UserError("the store at " + store.describe() + " has no experiment runs yet; run one first");
    }
    throw new Main.UserError("several experiments are recorded (" + String.join(", ", names) + "); choose one with -e NAME");
  }
}
