package dev.clientele.report;

import dev.clientele.Errors;
import dev.clientele.config.ReportSettings;
import dev.clientele.config.Settings;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.report.ReportData.Headline;
import dev.clientele.report.ReportData.Pareto;
import dev.clientele.report.ReportData.ParetoPoint;
import dev.clientele.schema.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the self-contained HTML report of one as-of date next to the JSON run summary, as {@code
 * _runs/<as-of>/<run-id>.html} and {@code _runs/<as-of>/report.html} (the latest). Reads only small
 * tables and small aggregates of the large ones; sections whose table is missing say so.
 */
public final class ReportStage implements Stage {
  static {
    // Before any AWT class loads: charts are drawn with no display.
    System.setProperty("java.awt.headless", "true");
  }

  @Override
  public String name() {
    return "report";
  }

  @Override
  public void validate(Settings settings) {
    ReportSettings.from(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    ReportSettings settings = ReportSettings.from(ctx.settings().config());
    ReportAggregates agg = new ReportAggregates(ctx.io(), ctx.asOf());
    RunFacts facts = RunFacts.of(ctx.summary(), ctx.io(), ctx.asOf());
    Dataset<Row> metrics = agg.snapshot(Tables.CUSTOMER_METRICS);
    Dataset<Row> paretoRows = agg.snapshot(Tables.PARETO_CURVE);
    MetricsAggregates.Counts counts =
        metrics == null
            ? null
            : MetricsAggregates.counts(metrics, settings.statuses(), settings.activeStatuses());
    List<ParetoPoint> curve = paretoRows == null ? null : MetricsAggregates.curve(paretoRows);
    ReportData data =
        new ReportData(
            ctx.runId(),
            ctx.asOf(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            headline(counts, metrics, curve, facts),
            pareto(curve, counts, settings),
            metrics == null ? null : MetricsAggregates.rfmCells(metrics),
            agg.segments(),
            agg.clvHistogram(),
            agg.models(),
            agg.holdout(),
            agg.transitions(),
            agg.personas(),
            facts.sources(),
            agg.quarantine(ctx.runId()));
    String html = ReportHtml.render(data);
    String dir = ctx.io().warehouse() + "/_runs/" + ctx.asOf();
    String path = write(ctx, dir + "/" + ctx.runId() + ".html", html);
    String latest = write(ctx, dir + "/report.html", html);
    return new StageResult(counts == null ? 0 : counts.customers(), 1)
        .detail("report_path", path)
        .detail("latest_report_path", latest);
  }

  static Headline headline(
      MetricsAggregates.Counts c, Dataset<Row> metrics, List<ParetoPoint> curve, RunFacts facts) {
    if (c == null) {
      return null;
    }
    // The top 20 % share is the curve's point at 20 % of customers, as score defines the curve.
    Double top20 =
        curve == null
            ? null
            : curve.stream()
                .filter(p -> p.customerSharePct() == 20)
                .map(ParetoPoint::revenueShare)
                .findFirst()
                .orElse(null);
    return new Headline(
        c.customers(),
        c.active(),
        c.revenue(),
        c.positive(),
        top20,
        MetricsAggregates.gini(metrics),
        facts.number("score", "top20_revenue_share"),
        facts.number("score", "gini"),
        c.lifecycle());
  }

  static Pareto pareto(List<ParetoPoint> curve, MetricsAggregates.Counts c, ReportSettings s) {
    if (curve == null) {
      return null;
    }
    boolean known = c != null && c.positive() > 0;
    return new Pareto(
        curve,
        known ? (double) c.a() / c.positive() : null,
        known ? (double) c.ab() / c.positive() : null,
        s.aShare(),
        s.bShare());
  }

  /** Through the Hadoop FileSystem API so the same code writes to a local disk or to s3a. */
  private static String write(RunContext ctx, String target, String html) {
    try {
      Path p = new Path(target);
      FileSystem fs = p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, true)) {
        os.write(html.getBytes(StandardCharsets.UTF_8));
      }
      return target;
    } catch (IOException e) {
      throw Errors.cannotWrite("the report", target, e);
    }
  }
}
