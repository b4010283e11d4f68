package dev.stimulus.cli;

import dev.stimulus.core.ArtifactStore;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.index.TrialQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus reindex}: rebuild the trial index from the run records in the store. */
@Command(name = "reindex", mixinStandardHelpOptions = true,
    description = "Rebuild the trial index from the store's run records (refs/runs/): the index holds nothing else.")
final class ReindexCommand implements Callable<Integer> {

  @Mixin StoreOptions storeOptions;
  @Mixin IndexOptions indexOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (ArtifactStore store = storeOptions.open(); TrialIndex index = indexOptions.open(storeOptions)) {
      int runs = index.rebuild(store);
      int trials = index.trials(TrialQuery.all().withHistory()).size();
      spec.commandLine().getOut().println("reindexed " + runs + (runs == 1 ? " run" : " runs") + " (" + trials
          + " trial records, " + index.experiments().size() + " experiments) into " + index.url());
    }
    return 0;
  }
}
