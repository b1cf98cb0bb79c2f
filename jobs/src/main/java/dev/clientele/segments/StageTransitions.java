package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.config.SegmentSettings;
import dev.clientele.pipeline.RunContext;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Writes segment_transitions and segment_changes against the previous published snapshot. */
final class StageTransitions {
  private StageTransitions() {}

  /** Returns the number of changed memberships (0 when there is no previous snapshot). */
  static long write(RunContext ctx, Dataset<Row> current, SegmentSettings seg) {
    Optional<LocalDate> previous = PublishedSnapshots.before(ctx.io(), ctx.asOf());
    Set<String> exclusive = new HashSet<>();
    seg.families().stream()
        .filter(f -> f.mode() == SegmentSettings.Mode.EXCLUSIVE)
        .forEach(f -> exclusive.add(f.name()));
    exclusive.add(SegmentSettings.CLUSTER_FAMILY);
    Dataset<Row> prev =
        previous.isPresent()
            ? ctx.io().readSnapshot(Tables.CUSTOMER_SEGMENTS, previous.get())
            // No previous snapshot: empty tables, so a re-run still replaces this date.
            : current.limit(0);
    Dataset<Row> history = ctx.io().readIfExists(Tables.CUSTOMER_ID_HISTORY);
    if (history != null
        && previous.isPresent()
        && List.of(history.columns()).contains("change_date")) {
      // Only the merges between the two snapshots: older ones are already in the previous ids.
      history =
          history.where(
              col("change_date")
                  .gt(lit(Date.valueOf(previous.get())))
                  .and(col("change_date").leq(lit(Date.valueOf(ctx.asOf())))));
    }
    Dataset<Row> pairs =
        SegmentTransitions.pairs(prev, current, previous.isPresent() ? history : null, exclusive);
    if (previous.isEmpty()) {
      pairs = pairs.limit(0);
    }
    pairs = pairs.persist();
    try {
      var prevDate =
          previous.isPresent()
              ? lit(Date.valueOf(previous.get()))
              : lit(null).cast(DataTypes.DateType);
      Dataset<Row> transitions =
          SegmentTransitions.transitions(pairs)
              .select(
                  prevDate.as("previous_snapshot_date"),
                  col("family"),
                  col("from_segment"),
                  col("to_segment"),
                  col("customers"));
      Dataset<Row> changes =
          SegmentTransitions.changes(pairs)
              .select(
                  prevDate.as("previous_snapshot_date"),
                  col("family"),
                  col(Cols.CUSTOMER_ID),
                  col("from_segment"),
                  col("to_segment"));
      ctx.io()
          .replaceSnapshot(
              Tables.SEGMENT_TRANSITIONS, SegmentStage.audited(ctx, transitions), ctx.asOf());
      ctx.io()
          .replaceSnapshot(Tables.SEGMENT_CHANGES, SegmentStage.audited(ctx, changes), ctx.asOf());
      return ctx.io().readSnapshot(Tables.SEGMENT_CHANGES, ctx.asOf()).count();
    } finally {
      pairs.unpersist();
    }
  }
}
