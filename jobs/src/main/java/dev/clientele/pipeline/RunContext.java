package dev.clientele.pipeline;

import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
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

  /** The end of the as-of day in the configured time zone, as an exclusive bound. */
  public java.sql.Timestamp asOfEndExclusive() {
    return java.sql.Timestamp.from(asOf.plusDays(1).atStartOfDay(settings.timeZone()).toInstant());
  }
}
