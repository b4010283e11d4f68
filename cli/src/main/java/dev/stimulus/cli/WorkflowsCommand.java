package dev.stimulus.cli;

import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.Definitions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus workflows register}. */
@Command(name = "workflows", mixinStandardHelpOptions = true, description = "Manage stimulus's Conductor definitions.",
    subcommands = WorkflowsCommand.Register.class)
final class WorkflowsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register (create or update) the task definitions and the stimulus_trial and stimulus_sweep workflows.")
  static final class Register implements Callable<Integer> {
    @Mixin ConductorOptions conductor;
    @Mixin StoreOptions storeOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ConductorApi api = conductor.api(storeOptions.stateDir());
      api.requireReachable();
      api.register(Definitions.load());
      spec.commandLine().getOut().println("registered " + Definitions.taskTypes().size() + " task definitions and "
          + Definitions.TRIAL + ", " + Definitions.SWEEP + " version " + Definitions.VERSION + " on " + api.server());
      return 0;
    }
  }
}
