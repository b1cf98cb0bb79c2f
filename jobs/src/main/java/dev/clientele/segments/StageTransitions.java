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

  /** The exclusive rule families and the cluster family: one segment per customer. */
  static Set<String> exclusiveFamilies(SegmentSettings seg) {
    Set<String> exclusive = new HashSet<>();
    seg.families().stream()
        .filter(f -> f.mode() == SegmentSettings.Mode.EXCLUSIVE)
        .forEach(f -> exclusive.add(f.name()));
    exclusive.add(SegmentSettings.CLUSTER_FAMILY);
    return exclusive;
  }

  /** The id changes between the previous snapshot and this one; null without a history table. */
  private static Dataset<Row> history(RunContext ctx, LocalDate previous) {
    Dataset<Row> history = ctx.io().readIfExists(Tables.CUSTOMER_ID_HISTORY);
    if (history == null || !List.of(history.columns()).contains("change_date")) {
      return history;
    }
    // Older merges are already reflected in the previous snapshot's ids.
    return history.where(
        col("change_date")
            .gt(lit(Date.valueOf(previous)))
            .and(col("change_date").leq(lit(Date.valueOf(ctx.asOf())))));
  }

  /** Returns the number of changed memberships (0 when there is no previous snapshot). */
  static long write(RunContext ctx, Dataset<Row> current, SegmentSettings seg) {
    Optional<LocalDate> previous = PublishedSnapshots.before(ctx.io(), ctx.asOf());
    Dataset<Row> pairs;
    if (previous.isPresent()) {
      Dataset<Row> prev = ctx.io().readSnapshot(Tables.CUSTOMER_SEGMENTS, previous.get());
      pairs =
          SegmentTransitions.pairs(
              prev, current, history(ctx, previous.get()), exclusiveFamilies(seg));
    } else {
      // No previous snapshot: empty tables, so a re-run still replaces this date.
      pairs = SegmentTransitions.pairs(current.limit(0), current, null, Set.of()).limit(0);
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
