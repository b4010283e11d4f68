package dev.stimulus.cli;

import dev.stimulus.workflows.index.TrialIndex;
import picocli.CommandLine.Option;

/** Where the trial index lives: an SQLite file in the state directory by default, or any JDBC URL. */
final class IndexOptions {

  @Option(names = "--index", paramLabel = "JDBC_URL",
      description = "The trial index (default: jdbc:sqlite:<state>/index.db; e.g. jdbc:postgresql://host:5432/db?user=u).")
  String url;

  String url(StoreOptions store) {
    return url != null ? url : TrialIndex.defaultUrl(store.stateDir());
  }

  TrialIndex open(StoreOptions store) {
    return TrialIndex.open(url(store));
  }
}
