package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.Errors;
import dev.clientele.config.ClusteringSettings;
import dev.clientele.config.SegmentSettings;
import dev.clientele.config.Settings;
import dev.clientele.io.CustomerEvents;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The segment stage: builds the feature view of the snapshot, assigns the configured rule families
 * and the behavioural clusters, and writes customer_segments, segment_summary, cluster_personas,
 * segment_transitions and segment_changes for the as-of date, and MERGEs the current state into
 * segment_membership.
 */
public final class SegmentStage implements Stage {
  @Override
  public String name() {
    return "segment";
  }

  @Override
  public void validate(Settings settings) {
    SegmentSettings seg = SegmentSettings.from(settings.config());
    SegmentRules.validate(seg);
    SegmentRules.requireConfiguredStatuses(
        seg, dev.clientele.config.LifecycleSettings.from(settings.config()));
    ClusteringSettings.from(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    SegmentSettings seg = SegmentSettings.from(ctx.settings().config());
    SegmentRules.validate(seg);
    ClusteringSettings cl = ClusteringSettings.from(ctx.settings().config());
    Dataset<Row> view = readView(ctx, seg).persist();
    try {
      SegmentRules.check(view, seg);
      long customers = view.count();
      StageResult result = new StageResult(customers, 0);
      Dataset<Row> segments = seg.families().isEmpty() ? null : SegmentRules.assign(view, seg);
      StageClusters.Outcome clusters = StageClusters.run(ctx, view, cl, result);
      if (clusters != null) {
        segments =
            segments == null ? clusters.segments() : segments.unionByName(clusters.segments());
      }
      TableIO io = ctx.io();
      Dataset<Row> ordered =
          orEmpty(ctx, segments).select("family", "segment", Cols.CUSTOMER_ID, "rule");
      io.replaceSnapshot(Tables.CUSTOMER_SEGMENTS, audited(ctx, ordered), ctx.asOf(), "family");
      Dataset<Row> written = io.readSnapshot(Tables.CUSTOMER_SEGMENTS, ctx.asOf());
      Dataset<Row> summary = SegmentSummary.build(written, view, customers);
      io.replaceSnapshot(Tables.SEGMENT_SUMMARY, audited(ctx, summary), ctx.asOf());
      if (clusters != null) {
        io.replaceSnapshot(Tables.CLUSTER_PERSONAS, audited(ctx, clusters.personas()), ctx.asOf());
        clusters.assigned().unpersist();
      } else if (io.exists(Tables.CLUSTER_PERSONAS)) {
        // A re-run without clusters must not leave an earlier run's personas for this date.
        io.delete(Tables.CLUSTER_PERSONAS, ctx.day().snapshotPredicate());
      }
      long changes = StageTransitions.write(ctx, written, seg);
      StageMembership.Outcome membership =
          StageMembership.write(io, written, membershipParams(ctx, seg, cl));
      long rows = written.count();
      return new StageResult(customers, rows)
          .detail("customers", customers)
          .detail("segment_rows", rows)
          .detail("segment_changes", changes)
          .detail("segment_membership", membership.detail())
          .detail("families", seg.families().stream().map(SegmentSettings.Family::name).toList());
    } finally {
      view.unpersist();
    }
  }

  /**
   * The families this run assigns (rule families, clusters when enabled) and the exclusive ones.
   */
  private static StageMembership.Params membershipParams(
      RunContext ctx, SegmentSettings seg, ClusteringSettings cl) {
    java.util.Set<String> families = new java.util.TreeSet<>();
    seg.families().forEach(f -> families.add(f.name()));
    if (cl.enabled()) {
      families.add(SegmentSettings.CLUSTER_FAMILY);
    }
    return new StageMembership.Params(
        ctx.asOf(), ctx.runId(), families, StageTransitions.exclusiveFamilies(seg));
  }

  static Dataset<Row> readView(RunContext ctx, SegmentSettings seg) {
    TableIO io = ctx.io();
    Dataset<Row> metrics = snapshot(io, Tables.CUSTOMER_METRICS, ctx.asOf(), "score");
    Dataset<Row> clv = snapshot(io, Tables.CUSTOMER_CLV, ctx.asOf(), "clv");
    FeatureView.Inputs in =
        new FeatureView.Inputs(
            io.read(Tables.UNIFIED_PROFILES),
            metrics,
            clv,
            // The same customer order days as score and clv (refreshed only if behind).
            dev.clientele.metrics.CustomerOrderDays.read(
                    ctx, dev.clientele.metrics.OrderDaysRefresh.Mode.INCREMENTAL)
                .rows(),
            CustomerEvents.read(io, ctx.settings().config()));
    return FeatureView.build(
        in,
        new FeatureView.Params(
            ctx.asOf(),
            ctx.asOfEndExclusive(),
            seg.onlinePreferenceShare(),
            dev.clientele.config.AttributeSettings.from(ctx.settings().config())
                .personalColumns()));
  }

  private static Dataset<Row> snapshot(TableIO io, String table, LocalDate asOf, String producer) {
    Dataset<Row> rows = io.readSnapshot(table, asOf);
    if (rows.isEmpty()) {
      throw Errors.missingSnapshot(table, asOf, producer);
    }
    return rows;
  }

  private static Dataset<Row> orEmpty(RunContext ctx, Dataset<Row> segments) {
    if (segments != null) {
      return segments;
    }
    var schema =
        new org.apache.spark.sql.types.StructType()
            .add(Cols.CUSTOMER_ID, "string")
            .add("family", "string")
            .add("segment", "string")
            .add("rule", "string");
    return ctx.spark().createDataFrame(List.<Row>of(), schema);
  }

  /** snapshot_date first, then the rows' columns, then the audit columns. */
  static Dataset<Row> audited(RunContext ctx, Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(ctx.day().sqlDate()).as(Cols.SNAPSHOT_DATE));
    for (String n : rows.columns()) {
      cols.add(col(n));
    }
    return withAudit(ctx, rows.select(cols.toArray(Column[]::new)));
  }

  static Dataset<Row> withAudit(RunContext ctx, Dataset<Row> rows) {
    return TableIO.withAudit(rows, ctx.runId());
  }
}
