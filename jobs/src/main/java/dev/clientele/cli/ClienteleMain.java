package dev.clientele.cli;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.Redact;
import dev.clientele.pipeline.Runner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point: {@code clientele <subcommand> [options]}. */
@Command(
    name = "clientele",
    mixinStandardHelpOptions = true,
    versionProvider = ClienteleMain.Version.class,
    description = "Turns raw customer data into customer segments (Spark + Delta Lake).",
    subcommands = {
      PipelineCommand.class,
      IngestCommand.class,
      ResolveCommand.class,
      TrainIdentityCommand.class,
      LinkageQualityCommand.class,
      ScoreCommand.class,
      ClvCommand.class,
      SegmentCommand.class,
      ReportCommand.class,
      ValidateCommand.class,
      BackfillCommand.class,
      EraseCommand.class,
      PurgeCommand.class,
      RotateKeyCommand.class,
      ExportPersonCommand.class,
      BiCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ClienteleMain implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this, not main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new ClienteleMain());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ClienteleException ce) {
            System.err.println("clientele: " + Redact.text(ce.getMessage()));
            return ce.exitCode();
          }
          // The stack trace first, for whoever debugs; the one-line reason last, for schedulers.
          java.io.StringWriter trace = new java.io.StringWriter();
          e.printStackTrace(new java.io.PrintWriter(trace));
          System.err.print(Redact.text(trace.toString()));
          System.err.println("clientele: failed: " + Runner.oneLine(e));
          return ExitCode.FAILED.code();
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "clientele "
            + dev.clientele.pipeline.BuildInfo.version()
            + " ("
            + dev.clientele.pipeline.BuildInfo.gitCommit()
            + ")"
      };
    }
  }
}
