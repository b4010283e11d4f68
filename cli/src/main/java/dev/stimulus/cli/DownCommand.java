package dev.stimulus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus down}: stop the local Conductor stack. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop the local Conductor stack's processes (by their recorded PIDs). Data and store stay.")
final class DownCommand implements Callable<Integer> {

  @Mixin StoreOptions storeOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    new LocalStack(storeOptions.stateDir()).down(spec.commandLine().getOut());
    return 0;
  }
}
