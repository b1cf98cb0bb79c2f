package dev.clientele.metrics;

import dev.clientele.config.ClvSettings;
import dev.clientele.config.Settings;
import dev.clientele.metrics.clv.ClvFit;
import dev.clientele.metrics.clv.ClvHoldout;
import dev.clientele.metrics.clv.ClvMargins;
import dev.clientele.metrics.clv.ClvOutputs;
import dev.clientele.metrics.clv.ClvPredictions;
import dev.clientele.metrics.clv.ClvSummary;
import dev.clientele.metrics.clv.ClvTuples;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The clv stage: per-customer BTYD summary from transactions, BG/NBD and Gamma-Gamma fitted on
 * compressed tuples in the driver, predictions in parallel, written to customer_clv and clv_model.
 * With clientele.clv.holdout-days > 0 it runs the calibration/holdout check instead and writes only
 * clv_holdout, leaving the production snapshot alone.
 */
public final class ClvStage implements Stage {
  @Override
  public String name() {
    return "clv";
  }

  @Override
  public void validate(Settings settings) {
    ClvSettings.from(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    ClvSettings s = ClvSettings.from(ctx.settings().config());
    Dataset<Row> transactions =
        ClvSummary.commercialOnly(
            ctx.io().read(Tables.TRANSACTIONS),
            ctx.io().readIfExists(Tables.UNIFIED_PROFILES),
            s.nonCommercialRelationships());
    return s.holdoutDays() > 0 ? holdout(ctx, s, transactions) : production(ctx, s, transactions);
  }

  private static StageResult production(RunContext ctx, ClvSettings s, Dataset<Row> transactions) {
    ClvSummary.Params params =
        new ClvSummary.Params(ctx.asOfEndExclusive(), ctx.asOf(), s.daysPerUnit());
    // Read three times (two tuple sets, predictions): keep it rather than recompute.
    Dataset<Row> summary = ClvSummary.of(transactions, params).persist();
    try {
      ClvFit.Report bg = ClvFit.bgNbd(ClvTuples.bgNbd(summary, s.daysPerUnit()), s.l2Penalty());
      ClvTuples.GammaGammaTuples ggTuples = ClvTuples.gammaGamma(summary);
      ClvFit.Report gg = ClvFit.gammaGamma(ggTuples.data(), s.l2Penalty(), ggTuples.excluded());
      ClvPredictions.Params p =
          new ClvPredictions.Params(
              s.horizonMonths(), s.daysPerUnit(), s.monthlyDiscountRate(), s.marginRate());
      Dataset<Row> withMargins =
          java.util.Arrays.asList(transactions.columns()).contains(Cols.MARGIN)
              ? summary.join(
                  ClvMargins.rates(transactions, ctx.asOfEndExclusive()),
                  new String[] {Cols.CUSTOMER_ID},
                  "left")
              : summary;
      Dataset<Row> predictions =
          ClvPredictions.predict(
              withMargins, ClvFit.bgNbdParams(bg), ClvFit.gammaGammaParams(gg), p);
      ctx.io()
          .replaceSnapshot(
              Tables.CUSTOMER_CLV,
              ClvOutputs.customerClv(predictions, ctx.asOf(), ctx.runId()),
              ctx.asOf());
      ctx.io()
          .replaceSnapshot(
              Tables.CLV_MODEL,
              ClvOutputs.clvModel(ctx.spark(), List.of(bg, gg), ctx.asOf(), ctx.runId()),
              ctx.asOf());
      ctx.summary().model("bgnbd", bg.summary());
      ctx.summary().model("gamma_gamma", gg.summary());
      ctx.summary().dataQuality("clv_gamma_gamma_excluded_customers", gg.excluded());
      return new StageResult(bg.customers(), bg.customers())
          .detail("time_unit", s.timeUnit())
          .detail("bgnbd_distinct_tuples", bg.distinctTuples())
          .detail("gamma_gamma_customers", gg.customers())
          .detail("gamma_gamma_excluded_customers", gg.excluded());
    } finally {
      summary.unpersist();
    }
  }

  private static StageResult holdout(RunContext ctx, ClvSettings s, Dataset<Row> transactions) {
    ClvHoldout.Calibration cal = ClvHoldout.Calibration.of(ctx.day(), s.holdoutDays());
    Dataset<Row> summary =
        ClvSummary.of(
                transactions,
                new ClvSummary.Params(cal.endExclusive(), cal.endDate(), s.daysPerUnit()))
            .persist();
    try {
      ClvFit.Report bg = ClvFit.bgNbd(ClvTuples.bgNbd(summary, s.daysPerUnit()), s.l2Penalty());
      Dataset<Row> actual =
          ClvHoldout.actualPurchases(transactions, cal.endDate(), ctx.asOfEndExclusive());
      // At most eight rows, one per frequency group.
      List<Row> groups =
          ClvHoldout.compare(
                  summary, actual, ClvFit.bgNbdParams(bg), s.holdoutDays() / s.daysPerUnit())
              .collectAsList();
      ClvHoldout.Result result =
          ClvHoldout.table(
              ctx.spark(), groups, ctx.asOf(), s.holdoutDays(), cal.endDate(), ctx.runId());
      ctx.io().replaceSnapshot(Tables.CLV_HOLDOUT, result.table(), ctx.asOf());
      ctx.summary().model("bgnbd_holdout", bg.summary());
      ctx.summary().dataQuality("clv_holdout_mae", result.mae());
      return new StageResult(result.customers(), groups.size())
          .detail("holdout_days", s.holdoutDays())
          .detail("calibration_end_date", cal.endDate().toString())
          .detail("mae", result.mae());
    } finally {
      summary.unpersist();
    }
  }
}
