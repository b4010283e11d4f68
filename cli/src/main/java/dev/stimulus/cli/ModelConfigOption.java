package dev.stimulus.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model-config}: a stimulus-py model config as the experiment's model search space. */
final class ModelConfigOption {

  @Option(names = "--model-config", paramLabel = "FILE",
      description = "A stimulus-py model config (network_params, optimizer_params, sampler, n_trials, ...) giving the"
          + " model's search space, as model.stimulus_py would; see docs/stimulus-py.md.")
  Path file;
}
