package dev.stimulus.cli;

import dev.stimulus.core.StoreException;
import dev.stimulus.stages.StageException;
import dev.stimulus.workflows.experiment.ExperimentException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stimulus} command. */
@Command(
    name = "stimulus",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Content-addressed ML pipelines: split, transform, encode, train and evaluate as one cached graph.",
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      LineageCommand.class,
      StagesCommand.class,
      GenerateCommand.class,
      ReportCommand.class,
      TrialsCommand.class,
      ReindexCommand.class,
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      WorkerCommand.class,
      WorkflowsCommand.class,
      RerunCommand.class,
      S3ServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Exit code for a user mistake (bad file, bad parameter, unknown name). */
  static final int USER_ERROR = 2;
  /** Exit code for a run that completed with failed trials. */
  static final int SOME_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      Throwable cause = ex;
      if (isUserError(cause)) {
        err.println("error: " + cause.getMessage());
        return USER_ERROR;
      }
      err.println("internal error: " + cause);
      if (System.getenv("STIMULUS_DEBUG") != null) {
        cause.printStackTrace(err);
      } else {
        err.println("(set STIMULUS_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    return cl.execute(args);
  }

  static boolean isUserError(Throwable t) {
    return t instanceof StageException || t instanceof StoreException || t instanceof ExperimentException
        || t instanceof UserError || t instanceof dev.stimulus.workflows.conductor.ConductorException;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A mistake in how the command was called, reported without a stack trace. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"stimulus " + (v == null ? "(development build)" : v),
          "Java " + Runtime.version()};
    }
  }
}
