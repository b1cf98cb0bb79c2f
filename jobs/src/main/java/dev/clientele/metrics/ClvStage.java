package dev.clientele.metrics;

import dev.clientele.config.ClvSettings;
import dev.clientele.config.Settings;
import dev.clientele.metrics.clv.BgNbd;
import dev.clientele.metrics.clv.ClvFit;
import dev.clientele.metrics.clv.ClvHoldout;
import dev.clientele.metrics.clv.ClvMargins;
import dev.clientele.metrics.clv.ClvModelChoice;
import dev.clientele.metrics.clv.ClvModelFit;
import dev.clientele.metrics.clv.ClvOutputs;
import dev.clientele.metrics.clv.ClvPredictions;
import dev.clientele.metrics.clv.ClvSummary;
import dev.clientele.metrics.clv.ClvTuples;
import dev.clientele.metrics.clv.GammaGamma;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    // Brought up to date if a run since score added lines (clv run alone); else only read.
    CustomerOrderDays.Read days = CustomerOrderDays.read(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    Dataset<Row> profiles = ctx.io().readIfExists(Tables.UNIFIED_PROFILES);
    // Pseudo-lines, one per order day: their daily nets and return flags are the lines'.
    Dataset<Row> transactions =
        ClvSummary.commercialOnly(
            OrderDays.asLines(days.rows()), profiles, s.nonCommercialRelationships());
    Dataset<Row> marginLines =
        ClvSummary.commercialOnly(
            OrderDays.asMarginLines(days.rows()), profiles, s.nonCommercialRelationships());
    return days.describe(
        s.holdoutDays() > 0
            ? holdout(ctx, s, transactions)
            : production(ctx, s, transactions, marginLines));
  }

  private static StageResult production(
      RunContext ctx, ClvSettings s, Dataset<Row> transactions, Dataset<Row> marginLines) {
    ClvSummary.Params params =
        new ClvSummary.Params(ctx.asOfEndExclusive(), ctx.asOf(), s.daysPerUnit());
    // Read three times (two tuple sets, predictions): keep it rather than recompute.
    Dataset<Row> summary = ClvSummary.of(transactions, params).persist();
    try {
      List<ClvSettings.Model> models = ClvModelChoice.purchaseModels(s.model());
      Map<String, Double> maes =
          s.model() == ClvSettings.Model.BEST_BY_HOLDOUT
              ? holdoutErrors(
                  evaluate(ctx, s, transactions, models, s.selectionHoldoutDays(), ctx.summary()))
              : Map.of();
      BgNbd.Data tuples = ClvTuples.bgNbd(summary, s.daysPerUnit());
      List<ClvModelFit> fits = models.stream().map(m -> ClvModelChoice.fit(m, tuples, s)).toList();
      ClvModelFit chosen = ClvModelChoice.chosen(fits, maes);
      ClvTuples.GammaGammaTuples ggTuples = ClvTuples.gammaGamma(summary);
      ClvModelFit gg = gammaGamma(ggTuples, s);
      ClvPredictions.Params p =
          new ClvPredictions.Params(
              s.horizonMonths(),
              s.daysPerUnit(),
              s.monthlyDiscountRate(),
              s.marginRate(),
              s.retentionCostPerPurchase());
      // Null rates (no line with a margin) fall back to clientele.clv.margin-rate, as no join did.
      Dataset<Row> withMargins =
          summary.join(
              ClvMargins.rates(marginLines, ctx.asOfEndExclusive()),
              new String[] {Cols.CUSTOMER_ID},
              "left");
      Dataset<Row> predictions =
          ClvPredictions.predict(
              withMargins,
              ClvModelChoice.params(chosen),
              gg.isFitted() ? ClvFit.gammaGammaParams(gg.report()) : null,
              p);
      ctx.io()
          .replaceSnapshot(
              Tables.CUSTOMER_CLV,
              ClvOutputs.customerClv(predictions, ctx.asOf(), ctx.runId()),
              ctx.asOf());
      List<ClvOutputs.ModelRow> rows = new ArrayList<>();
      for (ClvModelFit f : fits) {
        rows.add(new ClvOutputs.ModelRow(f, f == chosen, maes.get(f.model())));
      }
      rows.add(new ClvOutputs.ModelRow(gg, gg.isFitted(), null));
      ctx.io()
          .replaceSnapshot(
              Tables.CLV_MODEL,
              ClvOutputs.clvModel(ctx.spark(), rows, ctx.asOf(), ctx.runId()),
              ctx.asOf());
      fits.forEach(f -> ctx.summary().model(f.model(), f.summary()));
      ctx.summary().model("gamma_gamma", gg.summary());
      ctx.summary().dataQuality("clv_gamma_gamma_excluded_customers", ggTuples.excluded());
      String used = chosen == null ? "none" : chosen.model();
      ctx.summary().dataQuality("clv_purchase_model", used);
      long customers = Math.round(tuples.customers());
      return new StageResult(customers, customers)
          .detail("time_unit", s.timeUnit())
          .detail("purchase_model", used)
          .detail("bgnbd_distinct_tuples", tuples.x().length)
          .detail("gamma_gamma_customers", gg.customers())
          .detail("gamma_gamma_excluded_customers", ggTuples.excluded());
    } finally {
      summary.unpersist();
    }
  }

  private static ClvModelFit gammaGamma(ClvTuples.GammaGammaTuples t, ClvSettings s) {
    ClvModelFit.Offered offered =
        new ClvModelFit.Offered(
            "gamma_gamma", GammaGamma.NAMES, t.data().customers(), t.data().x().length);
    return ClvModelFit.attempt(
        offered,
        s.l2Penalty(),
        s.onFitFailure(),
        l2 -> ClvFit.gammaGamma(t.data(), l2, t.excluded()));
  }

  /**
   * Fits the models on the data up to as-of minus {@code days} and compares their predictions of
   * those days with the actual purchases; each model's calibration fit goes to the run summary.
   */
  private static List<ClvModelChoice.Evaluation> evaluate(
      RunContext ctx,
      ClvSettings s,
      Dataset<Row> transactions,
      List<ClvSettings.Model> models,
      int days,
      RunSummary runSummary) {
    ClvHoldout.Calibration cal = ClvHoldout.Calibration.of(ctx.day(), days);
    Dataset<Row> summary =
        ClvSummary.of(
                transactions,
                new ClvSummary.Params(cal.endExclusive(), cal.endDate(), s.daysPerUnit()))
            .persist();
    try {
      Dataset<Row> actual =
          ClvHoldout.actualPurchases(transactions, cal.endDate(), ctx.asOfEndExclusive());
      List<ClvModelChoice.Evaluation> evaluations =
          ClvModelChoice.evaluate(models, summary, actual, days / s.daysPerUnit(), s);
      for (ClvModelChoice.Evaluation e : evaluations) {
        Map<String, Object> m = new LinkedHashMap<>(e.fit().summary());
        m.put("holdout_days", days);
        m.put("holdout_mae", e.mae());
        runSummary.model(e.fit().model() + "_holdout", m);
      }
      return evaluations;
    } finally {
      summary.unpersist();
    }
  }

  private static Map<String, Double> holdoutErrors(List<ClvModelChoice.Evaluation> evaluations) {
    Map<String, Double> maes = new HashMap<>();
    for (ClvModelChoice.Evaluation e : evaluations) {
      if (e.mae() != null) {
        maes.put(e.fit().model(), e.mae());
      }
    }
    return maes;
  }

  private static StageResult holdout(RunContext ctx, ClvSettings s, Dataset<Row> transactions) {
    ClvHoldout.Calibration cal = ClvHoldout.Calibration.of(ctx.day(), s.holdoutDays());
    List<ClvModelChoice.Evaluation> evaluations =
        evaluate(
            ctx,
            s,
            transactions,
            ClvModelChoice.purchaseModels(s.model()),
            s.holdoutDays(),
            ctx.summary());
    ClvModelFit chosen =
        ClvModelChoice.chosen(
            evaluations.stream().map(ClvModelChoice.Evaluation::fit).toList(),
            holdoutErrors(evaluations));
    if (chosen == null) {
      // Nothing could be fitted (on-fit-failure = skip): the reasons are in the run summary.
      return new StageResult(0, 0).detail("holdout_days", s.holdoutDays()).detail("mae", null);
    }
    List<Row> groups =
        evaluations.stream().filter(e -> e.fit() == chosen).findFirst().orElseThrow().groups();
    ClvHoldout.Result result =
        ClvHoldout.table(
            ctx.spark(), groups, ctx.asOf(), s.holdoutDays(), cal.endDate(), ctx.runId());
    ctx.io().replaceSnapshot(Tables.CLV_HOLDOUT, result.table(), ctx.asOf());
    ctx.summary().dataQuality("clv_holdout_mae", result.mae());
    return new StageResult(result.customers(), groups.size())
        .detail("holdout_days", s.holdoutDays())
        .detail("calibration_end_date", cal.endDate().toString())
        .detail("purchase_model", chosen.model())
        .detail("mae", result.mae());
  }
}
