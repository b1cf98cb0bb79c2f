package dev.clientele.bi;

import static org.apache.spark.sql.functions.max;

import dev.clientele.io.Runs;
import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableIO;
import dev.clientele.io.TableSpec;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What BI sees as current: for each snapshot table, the Delta version and snapshot date that the
 * project's publication rule names (a {@code runs} row with status success is what publishes).
 */
public final class Published {
  private Published() {}

  /**
   * The published state of one snapshot table.
   *
   * @param table the table
   * @param version the table version the last successful run (or a later erasure) left, from {@link
   *     Runs#publishedVersions}; empty if no run recorded one
   * @param snapshotDate the latest published snapshot in that version; empty if none
   */
  public record Pin(String table, OptionalLong version, Optional<LocalDate> snapshotDate) {}

  /**
   * What BI reads as published: the versions of {@link Runs#publishedVersions} (an erasure moves
   * them past its deletes) and, in each, the latest date a publishing run published. Empty without
   * a runs table (then nothing is published yet).
   */
  public static Map<String, Pin> current(TableIO io) {
    Map<String, Pin> pins = new LinkedHashMap<>();
    Dataset<Row> runs = io.readIfExists(Tables.RUNS);
    if (runs == null) {
      return pins;
    }
    // The publication rule is io.Runs' alone.
    Dataset<Row> publishedDates =
        runs.where(Runs.isPublishing()).select(Cols.SNAPSHOT_DATE).distinct();
    Map<String, Long> versions = new Runs(io).publishedVersions();
    for (TableSpec spec : TableCatalogue.all()) {
      if (!spec.isSnapshot() || !io.exists(spec.name())) {
        continue;
      }
      Long v = versions.get(spec.name());
      Dataset<Row> table =
          v == null
              ? io.read(spec.name())
              : io.spark()
                  .read()
                  .format("delta")
                  .option("versionAsOf", v)
                  .load(io.path(spec.name()));
      // One row: the latest published date present in that version of the table.
      Row latest =
          table
              .select(Cols.SNAPSHOT_DATE)
              .distinct()
              .join(publishedDates, Cols.SNAPSHOT_DATE)
              .agg(max(Cols.SNAPSHOT_DATE))
              .first();
      pins.put(
          spec.name(),
          new Pin(
              spec.name(),
              v == null ? OptionalLong.empty() : OptionalLong.of(v),
              latest.isNullAt(0)
                  ? Optional.empty()
                  : Optional.of(latest.getDate(0).toLocalDate())));
    }
    return pins;
  }
}
