package dev.stimulus.cli;

import dev.stimulus.stages.Catalogue;
import dev.stimulus.stages.Param;
import dev.stimulus.stages.Stage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus stages}: the catalogue with every parameter, default and range. */
@Command(name = "stages", mixinStandardHelpOptions = true,
    description = "List every registered stage with its version, parameters, defaults and ranges.")
final class StagesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (Stage s : Catalogue.load().all()) {
      out.printf("%-9s %s (v%d): %s%n", s.kind().id(), s.name(), s.version(), s.description());
      for (Param p : s.params().list()) {
        StringBuilder line = new StringBuilder("            ").append(p.name()).append(' ')
            .append(p.type().name().toLowerCase(java.util.Locale.ROOT));
        line.append(p.required() ? " (required)" : " = " + p.defaultValue());
        if (p.min() != null || p.max() != null) {
          line.append(" in [").append(p.min() == null ? "-inf" : trim(p.min())).append(", ")
              .append(p.max() == null ? "inf" : trim(p.max())).append(']');
        }
        if (p.choices() != null) {
          line.append(" one of ").append(p.choices());
        }
        out.println(line.append(": ").append(p.description()));
      }
    }
    return 0;
  }

  private static String trim(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
