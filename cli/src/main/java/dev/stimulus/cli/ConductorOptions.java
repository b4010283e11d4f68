package dev.stimulus.cli;

import dev.stimulus.workflows.conductor.ConductorApi;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Conductor server: {@code --conductor URL}, {@code $STIMULUS_CONDUCTOR}, or the local stack's. */
final class ConductorOptions {

  @Option(names = "--conductor", paramLabel = "URL",
      description = "Conductor server (default: $STIMULUS_CONDUCTOR, else the local stack started by 'stimulus up').")
  URI conductor;

  URI url(Path state) {
    if (conductor != null) {
      return conductor;
    }
    String env = System.getenv("STIMULUS_CONDUCTOR");
    if (env != null && !env.isBlank()) {
      return URI.create(env.strip());
    }
    return LocalStack.conductor(state).orElseThrow(() -> new Main.UserError(
        "no Conductor server: the local stack is not running (start it with 'stimulus up') and neither --conductor URL "
            + "nor $STIMULUS_CONDUCTOR names one"));
  }

  ConductorApi api(Path state) {
    return new ConductorApi(url(state));
  }
}
