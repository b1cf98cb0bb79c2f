package dev.clientele.bi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
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
import org.apache.spark.sql.types.DataTypes;

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
   * @param version the table version the last successful run left (from the {@code tables_written}
   *     of its run summary); empty if no run recorded one
   * @param snapshotDate the latest published snapshot in that version; empty if none
   */
  public record Pin(String table, OptionalLong version, Optional<LocalDate> snapshotDate) {}

  /**
   * THE one place BI asks "what is published": today the {@code runs} table (status success, the
   * versions in {@code summary_json.tables_written}) and the rule of {@link
   * TableCatalogue#currentQuery}; re-point this method when the project has one class for it. Empty
   * without a runs table (then nothing is published yet).
   */
  public static Map<String, Pin> current(TableIO io) {
    Map<String, Pin> pins = new LinkedHashMap<>();
    Dataset<Row> runs = io.readIfExists(Tables.RUNS);
    if (runs == null) {
      return pins;
    }
    // The publication rule is io.Runs' alone.
    Dataset<Row> success = runs.where(Runs.isPublishing());
    Dataset<Row> publishedDates = success.select(Cols.SNAPSHOT_DATE).distinct();
    Map<String, Long> versions = new LinkedHashMap<>();
    // One row per table written by any successful run: about twenty rows.
    for (Row r :
        success
            .select(
                explode(
                        from_json(
                            get_json_object(col("summary_json"), "$.tables_written"),
                            DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType)))
                    .as(new String[] {"table", "version"}))
            .groupBy("table")
            .agg(max("version"))
            .collectAsList()) {
      versions.put(r.getString(0), r.getLong(1));
    }
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
