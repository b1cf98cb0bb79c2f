package dev.clientele.pipeline;

import dev.clientele.Errors;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.Redact;
import dev.clientele.config.PrivacySettings;
import dev.clientele.config.Settings;
import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import dev.clientele.io.WarehouseKey;
import dev.clientele.spark.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a list of stages for one as-of date: builds the session, times each stage, prints a progress
 * line per stage, writes the JSON run summary (also on failure) and, last, the {@code runs} row
 * that publishes the snapshot. Stops Spark in {@code finally}.
 */
public final class Runner {
  private final Settings settings;
  private final PrintStream out;

  public Runner(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the stages in order; returns the finished summary. Throws after recording a failure. */
  public RunSummary run(String command, List<Stage> stages, LocalDate asOf, String runId) {
    Instant started = Instant.now();
    RunSummary summary = new RunSummary(runId, command, asOf.toString(), started, settings.hash());
    // A session that already exists (a test's, a notebook's) is used and left running.
    boolean ownsSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.create(settings);
    TableIO io = tableIO(spark, settings);
    RunContext ctx = new RunContext(settings, spark, io, runId, asOf, started, summary);
    try {
      // Before any stage: a database in an in-memory catalog would vanish with the job.
      dev.clientele.spark.SessionCatalog.requirePersistentFor(settings, spark);
      return runStages(ctx, command, stages);
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
  }

  /** The table layer of one run, with the run's test hook and documentation setting. */
  public static TableIO tableIO(SparkSession spark, Settings settings) {
    return new TableIO(
        spark,
        settings.warehouse(),
        settings.config().getString("clientele.testing.halt-after-table"),
        dev.clientele.config.OutputSettings.from(settings.config()).comments());
  }

  /** Runs with an existing session (tests share one); does not stop it. */
  public RunSummary runStages(RunContext ctx, String command, List<Stage> stages) {
    RunSummary summary = ctx.summary();
    // Before anything is written (run summary included): a warehouse built with another HMAC key
    // is refused, a new one records this run's key fingerprint.
    PrivacySettings privacy = PrivacySettings.from(ctx.settings().config());
    if (stages.stream().noneMatch(Stage::changesWarehouseKey)) {
      WarehouseKey.requireOrRecord(
          ctx.io(), privacy.fingerprint(), privacy.secretEnv(), ctx.runId());
    }
    SparkSessions.useCheckpointsUnderWarehouse(ctx.spark(), ctx.settings());
    try {
      for (Stage stage : stages) {
        ctx.spark()
            .sparkContext()
            .setJobGroup(stage.name(), "clientele " + stage.name() + " as of " + ctx.asOf(), false);
        long t0 = System.nanoTime();
        StageResult result = stage.run(ctx);
        double seconds = (System.nanoTime() - t0) / 1e9;
        summary.stage(stage.name(), result, seconds);
        out.printf(
            Locale.ROOT,
            "[clientele] %-8s rows in %,d  rows out %,d  %.1f s%n",
            stage.name(),
            result.rowsIn(),
            result.rowsOut(),
            seconds);
        ctx.spark().sparkContext().clearJobGroup();
      }
      // Comments, catalog, retention, OPTIMIZE/VACUUM: before the runs row, so a failure here
      // is a failed run, not a published one.
      summary.dataQuality(
          "table_maintenance",
          dev.clientele.io.TableMaintenance.afterRun(ctx.io(), ctx.settings(), ctx.asOf()));
      summary.tablesWritten(ctx.io().versionsWritten());
      summary.finish("success", null, Instant.now());
      writeRunRow(ctx, command, "success");
      summary.tablesWritten(ctx.io().versionsWritten());
      return summary;
    } catch (RuntimeException e) {
      summary.tablesWritten(ctx.io().versionsWritten());
      summary.finish("failed", oneLine(e), Instant.now());
      try {
        writeRunRow(ctx, command, "failed");
      } catch (RuntimeException ignored) {
        // The JSON summary below still records the failure.
      }
      throw e;
    } finally {
      SparkSessions.removeRunCheckpoints(ctx.spark());
      String path = writeSummary(ctx);
      out.println("[clientele] run summary: " + path);
    }
  }

  /** The failure in one line, e-mails and phones masked (a Spark message may quote a value). */
  public static String oneLine(Throwable e) {
    if (e instanceof ClienteleException) {
      return Redact.text(e.getMessage());
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = msg.indexOf('\n');
    return Redact.text(e.getClass().getSimpleName() + ": " + (nl > 0 ? msg.substring(0, nl) : msg));
  }

  /** The runs row is written last: a snapshot is published when its row says success. */
  private static void writeRunRow(RunContext ctx, String command, String status) {
    RunSummary s = ctx.summary();
    new Runs(ctx.io())
        .record(
            new Runs.Entry(
                ctx.runId(),
                command,
                ctx.asOf(),
                status,
                (String) s.get("error"),
                ctx.startedAt(),
                (String) s.get("config_hash"),
                (String) s.get("jar_version"),
                (String) s.get("git_commit"),
                s.toJson()));
  }

  private static String writeSummary(RunContext ctx) {
    String target = ctx.io().warehouse() + "/_runs/" + ctx.asOf() + "/" + ctx.runId() + ".json";
    try {
      Path p = new Path(target);
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, true)) {
        os.write(ctx.summary().toJson().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.cannotWrite("the run summary", target, e);
    }
    return target;
  }
}
