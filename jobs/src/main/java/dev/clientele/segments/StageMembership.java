package dev.clientele.segments;

import static dev.clientele.io.TableIO.source;
import static dev.clientele.io.TableIO.target;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps segment_membership, the current segment of each customer per family, equal to the latest
 * snapshot of customer_segments with a MERGE conditioned on content, so its Change Data Feed shows
 * only who entered, left or changed segment. An exclusive family (and the clusters) has one row per
 * (family, customer): a new segment updates that row, with {@code since} moved to the snapshot. An
 * overlapping family has one row per (family, customer, segment): memberships enter and leave.
 */
final class StageMembership {
  private StageMembership() {}

  /**
   * @param asOf the snapshot written
   * @param runId the run's id (audit)
   * @param families the families this run assigns: only their memberships can be deleted
   * @param exclusive the families with one segment per customer
   */
  record Params(LocalDate asOf, String runId, Set<String> families, Set<String> exclusive) {}

  /**
   * What a refresh did: skipped (a back-fill older than the latest published snapshot, which the
   * table already reflects), or the memberships entered, changed and left.
   */
  record Outcome(Optional<LocalDate> skippedFor, long entered, long changed, long left) {
    Object detail() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (skippedFor.isPresent()) {
        m.put("skipped", "as-of before the latest published snapshot " + skippedFor.get());
      } else {
        m.put("entered", entered);
        m.put("changed", changed);
        m.put("left", left);
      }
      return m;
    }
  }

  /**
   * Merges the snapshot's memberships ({@code current}: family, segment, customer_id rows of
   * customer_segments at {@code asOf}) into segment_membership, unless a later snapshot is
   * published: a back-fill of an older date never moves the current state backwards.
   */
  static Outcome write(TableIO io, Dataset<Row> current, Params p) {
    Optional<LocalDate> latest = PublishedSnapshots.atOrBefore(io, null);
    if (latest.isPresent() && p.asOf().isBefore(latest.get())) {
      return new Outcome(latest, 0, 0, 0);
    }
    Date day = Date.valueOf(p.asOf());
    Dataset<Row> rows =
        TableIO.withAudit(
            current.select(
                col(Cols.FAMILY),
                col(Cols.CUSTOMER_ID),
                col(Cols.SEGMENT),
                lit(day).as(Cols.SINCE),
                lit(day).as(Cols.SNAPSHOT_DATE)),
            p.runId());
    boolean created = !io.exists(Tables.SEGMENT_MEMBERSHIP);
    long before = created ? -1 : io.version(Tables.SEGMENT_MEMBERSHIP);
    Column on =
        target(Cols.FAMILY)
            .equalTo(source(Cols.FAMILY))
            .and(target(Cols.CUSTOMER_ID).equalTo(source(Cols.CUSTOMER_ID)))
            .and(
                target(Cols.FAMILY)
                    .isin(p.exclusive().toArray())
                    .or(target(Cols.SEGMENT).equalTo(source(Cols.SEGMENT))));
    // since is the snapshot on every input row: a stay keeps the table's, only a new segment
    // (a content change) moves it. Ids retired by a merge of customers are absent from the
    // snapshot, so their rows are deleted like any membership that ended.
    long version =
        io.merge(
            Tables.SEGMENT_MEMBERSHIP,
            rows,
            new TableIO.Merge(
                on,
                TableIO.contentChanged(rows.schema(), Cols.SINCE),
                target(Cols.FAMILY).isin(p.families().toArray())));
    if (version == before) {
      // Nothing entered, changed or left: the MERGE had no rows to apply and made no commit.
      return new Outcome(Optional.empty(), 0, 0, 0);
    }
    Map<String, String> m = io.operationMetrics(Tables.SEGMENT_MEMBERSHIP, version);
    if (created) {
      return new Outcome(Optional.empty(), number(m, "numOutputRows"), 0, 0);
    }
    return new Outcome(
        Optional.empty(),
        number(m, "numTargetRowsInserted"),
        number(m, "numTargetRowsUpdated"),
        number(m, "numTargetRowsDeleted"));
  }

  private static long number(Map<String, String> metrics, String key) {
    String v = metrics.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
