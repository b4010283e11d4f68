package dev.stimulus.workflows;

import java.util.concurrent.atomic.AtomicInteger;

/** The trial index contract on SQLite files (the default index). */
class SqliteTrialIndexTest extends TrialIndexContract {

  private final AtomicInteger files = new AtomicInteger();

  @Override
  String newUrl() {
    return "jdbc:sqlite:" + dir.resolve("state-" + files.incrementAndGet()).resolve("index.db");
  }
}
