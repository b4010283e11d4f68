package dev.stimulus.workflows;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stimulus.workflows.index.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The trial index contract on a real Postgres server: a private cluster started on 127.0.0.1 for
 * this class, a fresh database per test.
 */
class PostgresTrialIndexTest extends TrialIndexContract {

  private static PostgresServer server;

  @BeforeAll
  static void start() throws Exception {
    String[] why = new String[1];
    Path bin = PostgresServer.binaries(why);
    if (bin == null) {
      System.err.println("*** SKIPPING the Postgres trial-index tests: " + why[0] + " ***");
    }
    assumeTrue(bin != null, why[0]);
    server = PostgresServer.start(bin);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  String newUrl() throws Exception {
    return server.newDatabase();
  }
}
