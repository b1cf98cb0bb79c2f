package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Which snapshot of customer_segments is published ({@link Runs} holds the rule). Without a runs
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
    return new Runs(io).latestPublished(Tables.CUSTOMER_SEGMENTS, when);
  }
}
