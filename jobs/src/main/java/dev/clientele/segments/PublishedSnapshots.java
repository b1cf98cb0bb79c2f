package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which snapshot of customer_segments is published: one whose date has a {@code runs} row with
 * status success (the runs row is written last, so a crashed run never publishes). Without a runs
 * table, every snapshot present counts.
 */
public final class PublishedSnapshots {
  private PublishedSnapshots() {}

  /** The latest published snapshot strictly before {@code asOf}. */
  public static Optional<LocalDate> before(TableIO io, LocalDate asOf) {
    return latest(io, col(Cols.SNAPSHOT_DATE).lt(lit(Date.valueOf(asOf))));
  }

  /** The latest published snapshot on or before {@code asOf}, or the latest of all when null. */
  public static Optional<LocalDate> atOrBefore(TableIO io, LocalDate asOf) {
    return latest(
        io, asOf == null ? lit(true) : col(Cols.SNAPSHOT_DATE).leq(lit(Date.valueOf(asOf))));
  }

  private static Optional<LocalDate> latest(TableIO io, org.apache.spark.sql.Column when) {
    Dataset<Row> segments = io.readIfExists(Tables.CUSTOMER_SEGMENTS);
    if (segments == null) {
      return Optional.empty();
    }
    Dataset<Row> dates = segments.select(Cols.SNAPSHOT_DATE).where(when).distinct();
    Dataset<Row> runs = io.readIfExists(Tables.RUNS);
    if (runs != null) {
      Dataset<Row> published =
          runs.where(col("status").equalTo("success")).select(Cols.SNAPSHOT_DATE).distinct();
      dates = dates.join(published, Cols.SNAPSHOT_DATE);
    }
    // One row: the maximum date.
    Row row = dates.agg(max(Cols.SNAPSHOT_DATE)).first();
    return row.isNullAt(0) ? Optional.empty() : Optional.of(row.getDate(0).toLocalDate());
  }
}
