package dev.clientele.pipeline;

import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.run.AsOf;
import dev.clientele.run.Run;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** Everything a stage needs for one run: settings, Spark, table I/O, run id and as-of date. */
public record RunContext(
    Settings settings,
    SparkSession spark,
    TableIO io,
    String runId,
    LocalDate asOf,
    Instant startedAt,
    RunSummary summary) {

  /** The as-of day in the configured time zone (day boundaries live there). */
  public AsOf day() {
    return new AsOf(asOf, settings.timeZone());
  }

  /** This run as a value: id and as-of day. */
  public Run run() {
    return new Run(runId, day());
  }

  /** The end of the as-of day in the configured time zone, as an exclusive bound. */
  public java.sql.Timestamp asOfEndExclusive() {
    return day().endExclusive();
  }
}
