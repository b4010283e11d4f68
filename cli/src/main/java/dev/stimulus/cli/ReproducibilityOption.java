package dev.stimulus.cli;

import dev.stimulus.stages.StageException;
import dev.stimulus.stages.train.Reproducibility;
import picocli.CommandLine.Option;

/** {@code --reproducibility portable|fast} for the commands that train in their own process. */
final class ReproducibilityOption {

  @Option(names = "--reproducibility", paramLabel = "MODE",
      description = "portable (default: training and evaluation bytes identical on any x86-64 CPU) or fast "
          + "(this machine's best kernels; bytes reproducible on the same platform only).")
  String value;

  /** The mode asked for, or null when the option was not given. */
  Reproducibility mode() {
    if (value == null) {
      return null;
    }
    try {
      return Reproducibility.parse(value, "--reproducibility");
    } catch (StageException e) {
      throw new Main.UserError(e.getMessage());
    }
  }

  /** Fixes this process's mode: the option if given, else {@code fallback}, else the configured one. */
  Reproducibility apply(Reproducibility fallback) {
    Reproducibility m = mode();
    Reproducibility chosen = m != null ? m : fallback != null ? fallback : Reproducibility.configured();
    try {
      Reproducibility.request(chosen);
    } catch (StageException e) {
      throw new Main.UserError(e.getMessage());
    }
    return chosen;
  }
}
