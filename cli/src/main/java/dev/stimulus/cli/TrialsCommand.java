package dev.stimulus.cli;

import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.index.IndexedTrial;
import dev.stimulus.workflows.index.TrialExport;
import dev.stimulus.workflows.index.TrialIndex;
import dev.stimulus.workflows.index.TrialQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stimulus trials}: list, filter and export the trial index. */
@Command(name = "trials", mixinStandardHelpOptions = true,
    description = "List the trials in the index (each trial's latest run unless --history), filtered and exported.")
final class TrialsCommand implements Callable<Integer> {

  enum Format { table, csv, json }

  @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only this experiment's trials.")
  String experiment;

  @Option(names = "--where", paramLabel = "COND",
      description = "NAME OP VALUE, repeatable (AND): a metric (validation.roc_auc>0.8), a parameter"
          + " (transform.GaussianNoise.std=0.3), objective, status, trial, experiment or run.")
  List<String> where = new ArrayList<>();

  @Option(names = "--history", description = "Every run's record of each trial, not only the latest.")
  boolean history;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Mixin StoreOptions storeOptions;
  @Mixin IndexOptions indexOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TrialQuery query = new TrialQuery(experiment, List.of(), history);
    for (String w : where) {
      query = query.where(w);
    }
    List<IndexedTrial> trials;
    try (TrialIndex index = indexOptions.open(storeOptions)) {
      trials = index.trials(query);
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> out.println(CanonicalJson.write(TrialExport.json(trials)));
      case csv -> csv(trials, out);
      case table -> table(trials, out);
    }
    return 0;
  }

  private static void csv(List<IndexedTrial> trials, PrintWriter out) {
    List<String> columns = TrialExport.columns(trials);
    try {
      CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
      p.printRecord(columns);
      for (List<Object> r : TrialExport.rows(trials, columns)) {
        p.printRecord(r.stream().map(c -> c == null ? "" : c instanceof Double d ? number(d) : c.toString()).toList());
      }
      p.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static void table(List<IndexedTrial> trials, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"experiment", "run", "#", "id", "status", "objective", "ms", "label"});
    for (IndexedTrial t : trials) {
      rows.add(new String[] {t.experiment(), t.runId(), String.valueOf(t.index()), t.trialId(), t.status(),
          t.objective() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.objective()),
          String.valueOf(t.pathMillis()), t.label()});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i < r.length - 1 ? String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]) : r[i]);
      }
      out.println(line.toString().stripTrailing());
    }
    out.println(trials.size() + (trials.size() == 1 ? " trial" : " trials"));
  }
}
