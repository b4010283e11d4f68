package dev.stimulus.cli;

import dev.stimulus.workflows.experiment.SyntheticDna;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus generate dna --out FILE}: seeded synthetic data for examples and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write seeded synthetic data: 'dna' = ACGT sequences, positives carry a planted motif on either strand.")
final class GenerateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "KIND", description = "What to generate: dna.")
  String kind;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV to write (id,sequence,label).")
  Path out;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "2000", description = "Rows (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--length", paramLabel = "N", defaultValue = "80", description = "Bases per sequence (default ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--motif", paramLabel = "ACGT", defaultValue = SyntheticDna.MOTIF,
      description = "The planted motif (default ${DEFAULT-VALUE}).")
  String motif;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!kind.equals("dna")) {
      throw new Main.UserError("generate: unknown kind '" + kind + "' (known: dna)");
    }
    String csv;
    try {
      csv = SyntheticDna.csv(rows, length, seed, motif);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("generate dna: " + e.getMessage());
    }
    Files.writeString(out, csv, StandardCharsets.UTF_8);
    PrintWriter w = spec.commandLine().getOut();
    w.println("wrote " + rows + " sequences of " + length + " bases (motif " + motif + ", seed " + seed + ") to " + out);
    return 0;
  }
}
