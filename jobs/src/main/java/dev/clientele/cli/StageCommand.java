package dev.clientele.cli;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.ExpressionPolicy;
import dev.clientele.config.Settings;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.Runner;
import dev.clientele.pipeline.Stage;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the subcommands that run stages: loads the configuration, validates every stage before
 * any data is read, runs them through the {@link Runner}. Errors become an exit code and one line
 * (see {@link ClienteleMain}).
 */
abstract class StageCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  /** The stages this command runs, in order. */
  abstract List<Stage> stages(Settings settings);

  String commandName() {
    return getClass().getAnnotation(picocli.CommandLine.Command.class).name();
  }

  @Override
  public Integer call() {
    Settings settings = loadSettings(common);
    if (common.printConfig) {
      System.out.println(settings.render());
      return 0;
    }
    List<Stage> stages = stages(settings);
    for (Stage stage : stages) {
      stage.validate(settings);
    }
    LocalDate asOf = asOf(common, settings);
    String runId = common.runId != null ? common.runId : newRunId();
    RunSummary summary = new Runner(settings, System.out).run(commandName(), stages, asOf, runId);
    System.out.println("[clientele] tables under " + settings.warehouse());
    printResults(summary);
    return 0;
  }

  /** What the command prints after a successful run besides the stage lines (nothing here). */
  void printResults(RunSummary summary) {}

  /**
   * Checks the common options, loads the configuration and refuses an explicit future --as-of:
   * every subcommand starts here, so none runs with a bad run id or date.
   */
  static Settings loadSettings(CommonOptions common) {
    common.validate();
    Settings settings =
        new Settings(
            ConfigLoader.load(common.profile, common.config, common.sets, System.getenv()));
    // Expressions are code: refused functions and subqueries fail here, before any data is read.
    ExpressionPolicy.check(settings.config());
    if (common.asOf != null) {
      common.requireNotFuture(common.asOf, settings.timeZone());
    }
    return settings;
  }

  static LocalDate asOf(CommonOptions common, Settings settings) {
    if (common.asOf != null) {
      return common.asOf;
    }
    String configured = settings.config().getString("clientele.default-as-of");
    if (!configured.isBlank()) {
      LocalDate date;
      try {
        date = LocalDate.parse(configured);
      } catch (java.time.format.DateTimeParseException e) {
        throw dev.clientele.Errors.config(
            "clientele.default-as-of is not a date (YYYY-MM-DD): " + configured);
      }
      common.requireNotFuture(date, settings.timeZone());
      return date;
    }
    return LocalDate.now(settings.timeZone()).minusDays(1);
  }

  static String newRunId() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return ZonedDateTime.now(java.time.ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + "-"
        + HexFormat.of().formatHex(random);
  }
}
