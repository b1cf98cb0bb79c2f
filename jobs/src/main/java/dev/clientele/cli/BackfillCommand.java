package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.Runner;
import dev.clientele.pipeline.Stage;
import dev.clientele.spark.SparkSessions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the pipeline for every snapshot of a date range in order, skipping snapshots already
 * published (a successful pipeline row in {@code runs}) unless {@code --force}. One Spark session
 * serves the whole range.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = "Runs the pipeline for each snapshot date of a range, skipping published ones.")
final class BackfillCommand implements Callable<Integer> {
  enum Every {
    day,
    week,
    month
  }

  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate to;

  @Option(
      names = "--every",
      defaultValue = "day",
      description = "day | week | month (month: month-ends).")
  Every every;

  @Option(names = "--force", description = "Re-run snapshots that are already published.")
  boolean force;

  @Override
  public Integer call() {
    Settings settings = StageCommand.loadSettings(common);
    common.requireNotFuture(to, settings.timeZone());
    List<Stage> stages = Stages.pipeline();
    stages.forEach(s -> s.validate(settings));
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    try {
      Runner runner = new Runner(settings, System.out);
      for (LocalDate date : dates()) {
        TableIO probe = new TableIO(spark, settings.warehouse());
        if (!force && published(probe, date)) {
          System.out.println("[clientele] " + date + " already published; skipped (use --force)");
          continue;
        }
        String runId = StageCommand.newRunId();
        RunSummary summary =
            new RunSummary(runId, "pipeline", date.toString(), Instant.now(), settings.hash());
        TableIO io = Runner.tableIO(spark, settings);
        var ctx =
            new dev.clientele.pipeline.RunContext(
                settings, spark, io, runId, date, Instant.now(), summary);
        runner.runStages(ctx, "pipeline", stages);
      }
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
    return 0;
  }

  List<LocalDate> dates() {
    List<LocalDate> dates = new ArrayList<>();
    LocalDate d = every == Every.month ? from.withDayOfMonth(from.lengthOfMonth()) : from;
    while (!d.isAfter(to)) {
      dates.add(d);
      d =
          switch (every) {
            case day -> d.plusDays(1);
            case week -> d.plusWeeks(1);
            case month -> d.plusMonths(1).withDayOfMonth(d.plusMonths(1).lengthOfMonth());
          };
    }
    return dates;
  }

  static boolean published(TableIO io, LocalDate date) {
    return new Runs(io).publishedByPipeline(date);
  }
}
