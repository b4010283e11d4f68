package dev.stimulus.cli;

import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.Definitions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus up}: start the local Conductor stack. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the local Conductor stack: the Conductor server (SQLite, 127.0.0.1), an S3 server over the "
        + "state directory's store, and worker processes; register the stimulus workflows. Stop it with 'stimulus down'.")
final class UpCommand implements Callable<Integer> {

  @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "Worker processes (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Threads per stage type in each worker.")
  int threads;

  @Option(names = "--conductor-jar", paramLabel = "FILE",
      description = "The conductor-server " + LocalStack.CONDUCTOR_VERSION + " boot jar (default: fetched through Maven on first use).")
  Path jar;

  @Mixin StoreOptions storeOptions;
  @Mixin ReproducibilityOption reproducibility;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (storeOptions.endpoint != null || storeOptions.bucket != null) {
      throw new Main.UserError("'stimulus up' runs its own S3 server; point workers at another store with 'stimulus worker --s3-endpoint'");
    }
    LocalStack stack = new LocalStack(storeOptions.stateDir());
    Path conductorJar = stack.conductorJar(jar, out);
    List<String> workerArgs = new ArrayList<>(List.of("--threads", Integer.toString(threads)));
    if (reproducibility.mode() != null) {
      workerArgs.addAll(List.of("--reproducibility", reproducibility.mode().id()));
    }
    var s = stack.up(conductorJar, workers, workerArgs, out);
    ConductorApi api = new ConductorApi(URI.create(s.path("conductor").path("url").asText()));
    api.register(Definitions.load());
    out.println("registered task definitions and workflows " + Definitions.TRIAL + ", " + Definitions.SWEEP
        + " (version " + Definitions.VERSION + ")");
    out.println("run an experiment on it: stimulus run --engine conductor EXPERIMENT.yaml; stop it: stimulus down");
    return 0;
  }
}
