package dev.stimulus.cli;

import dev.stimulus.workflows.conductor.ConductorApi;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus status}: what of the local stack is running. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the local Conductor stack's processes and URLs.")
final class StatusCommand implements Callable<Integer> {

  @Mixin StoreOptions storeOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LocalStack stack = new LocalStack(storeOptions.stateDir());
    var s = stack.read();
    if (s.isEmpty()) {
      out.println("local stack: not running (start it with 'stimulus up')");
      return 1;
    }
    var c = s.get().path("conductor");
    boolean healthy = LocalStack.alive(c.path("pid").asLong())
        && new ConductorApi(URI.create(c.path("url").asText())).healthy();
    out.println("Conductor: " + c.path("url").asText() + " pid " + c.path("pid").asLong() + " "
        + (healthy ? "healthy" : LocalStack.alive(c.path("pid").asLong()) ? "starting" : "not running")
        + " (Swagger UI: " + c.path("url").asText() + "/swagger-ui/index.html)");
    var s3 = s.get().path("s3");
    out.println("S3:        " + s3.path("endpoint").asText() + " pid " + s3.path("pid").asLong() + " "
        + (LocalStack.alive(s3.path("pid").asLong()) ? "running" : "not running"));
    int alive = 0;
    for (var w : s.get().path("workers")) {
      alive += LocalStack.alive(w.path("pid").asLong()) ? 1 : 0;
    }
    out.println("workers:   " + alive + "/" + s.get().path("workers").size() + " running (logs in " + stack.logs() + ")");
    return healthy ? 0 : 1;
  }
}
