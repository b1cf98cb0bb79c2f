package dev.clientele.metrics;

import static dev.clientele.schema.Cols.ABC_CLASS;
import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.CHANNEL;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.EVENT_TS;
import static dev.clientele.schema.Cols.IS_MARKETABLE;
import static dev.clientele.schema.Cols.IS_VIP;
import static dev.clientele.schema.Cols.MARGIN;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.ORDER_ID;
import static dev.clientele.schema.Cols.PAYMENT_INCIDENTS;
import static dev.clientele.schema.Cols.RELATIONSHIP;
import static dev.clientele.schema.Cols.SNAPSHOT_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.RfmSettings;
import dev.clientele.config.Settings;
import dev.clientele.io.CustomerEvents;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.run.AsOf;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The score stage: transactions and unified profiles as of the snapshot date in, customer_metrics
 * (RFM, Pareto / ABC, lifecycle, levels) and pareto_curve out, each replacing that snapshot only.
 */
public final class ScoreStage implements Stage {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public void validate(Settings settings) {
    RfmSettings.from(settings.config());
    ParetoSettings.from(settings.config());
    LifecycleSettings.from(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    RfmSettings rfm = RfmSettings.from(ctx.settings().config());
    CustomerMetrics.Params params =
        new CustomerMetrics.Params(
            rfm,
            ParetoSettings.from(ctx.settings().config()),
            LifecycleSettings.from(ctx.settings().config()),
            Integer.parseInt(ctx.spark().conf().get("spark.sql.shuffle.partitions", "8")));
    Dataset<Row> tx = ctx.io().read(Tables.TRANSACTIONS);
    requireColumns(
        tx, Tables.TRANSACTIONS, CUSTOMER_ID, ORDER_ID, EVENT_TS, AMOUNT_BASE, MARGIN, CHANNEL);
    Dataset<Row> profiles = ctx.io().read(Tables.UNIFIED_PROFILES);
    List<String> needed =
        new ArrayList<>(List.of(CUSTOMER_ID, RELATIONSHIP, IS_MARKETABLE, PAYMENT_INCIDENTS));
    if (!rfm.groupBy().isBlank()) {
      needed.add(rfm.groupBy());
    }
    requireColumns(profiles, Tables.UNIFIED_PROFILES, needed.toArray(String[]::new));

    CustomerFacts.Window window = window(ctx, rfm.lookbackMonths());
    Dataset<Row> windowed = CustomerFacts.inWindow(tx, window);
    // Engagement events count over the same window as the purchases: none after the as-of day.
    Dataset<Row> events = CustomerEvents.read(ctx.io(), ctx.settings().config());
    Dataset<Row> universe =
        Engagement.attach(
            CustomerMetrics.universe(
                CustomerFacts.summarise(windowed, ctx.asOf()),
                profiles,
                rfm.nonCommercialRelationships(),
                rfm.groupBy()),
            events == null ? null : CustomerFacts.inWindow(events, window),
            ctx.asOf());
    // Several small driver steps (quantiles, bucket offsets) read the customers: compute them once.
    Dataset<Row> customers = universe.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      CustomerMetrics.Result result =
          CustomerMetrics.score(ctx.spark(), CustomerMetrics.commercial(customers), params);
      ctx.io()
          .replaceSnapshot(Tables.CUSTOMER_METRICS, snapshot(ctx, result.metrics()), ctx.asOf());
      ctx.io().replaceSnapshot(Tables.PARETO_CURVE, snapshot(ctx, result.curve()), ctx.asOf());
      StageResult out = summary(ctx, windowed, customers);
      out.detail("top20_revenue_share", ParetoCurve.top20(result.curve()));
      out.detail("gini", CustomerMetrics.gini(result));
      return out;
    } finally {
      customers.unpersist();
    }
  }

  /** [as-of end - look-back months, as-of end) in the configured zone; no lower bound if 0. */
  static CustomerFacts.Window window(RunContext ctx, int lookbackMonths) {
    AsOf day = ctx.day();
    return new CustomerFacts.Window(day.lookBackStart(lookbackMonths), day.endExclusive());
  }

  private static Dataset<Row> snapshot(RunContext ctx, Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(ctx.day().sqlDate()).as(SNAPSHOT_DATE));
    Arrays.stream(rows.columns()).forEach(c -> cols.add(col(c)));
    return TableIO.withAudit(rows.select(cols.toArray(Column[]::new)), ctx.runId());
  }

  /** Counts for the run summary; each is one aggregate row (small by construction). */
  private static StageResult summary(
      RunContext ctx, Dataset<Row> windowed, Dataset<Row> customers) {
    Row rev =
        windowed
            .agg(
                count(lit(1)),
                sum(AMOUNT_BASE),
                sum(when(col(CUSTOMER_ID).isNull(), col(AMOUNT_BASE))))
            .first();
    Row nc =
        customers
            .where(col(CustomerMetrics.NON_COMMERCIAL))
            .agg(count(lit(1)), sum(MONETARY_NET))
            .first();
    Row out =
        ctx.io()
            .readSnapshot(Tables.CUSTOMER_METRICS, ctx.asOf())
            .agg(
                count(lit(1)),
                sum(when(col(ORDER_COUNT).gt(0), 1).otherwise(0)),
                sum(when(col(ABC_CLASS).equalTo("A"), 1).otherwise(0)),
                // Prospects whatever the status names: customers without a purchase.
                sum(when(col(ORDER_COUNT).equalTo(0), 1).otherwise(0)),
                sum(when(col(IS_VIP), 1).otherwise(0)))
            .first();
    return new StageResult(rev.getLong(0), out.getLong(0))
        .detail("total_revenue", zeroIfNull(rev.getDecimal(1)))
        .detail("anonymous_revenue", zeroIfNull(rev.getDecimal(2)))
        .detail("non_commercial_customers", nc.getLong(0))
        .detail("non_commercial_revenue", zeroIfNull(nc.getDecimal(1)))
        .detail("customers", out.getLong(0))
        .detail("customers_with_purchases", out.isNullAt(1) ? 0L : out.getLong(1))
        .detail("a_customers", out.isNullAt(2) ? 0L : out.getLong(2))
        .detail("prospects", out.isNullAt(3) ? 0L : out.getLong(3))
        .detail("vip_customers", out.isNullAt(4) ? 0L : out.getLong(4));
  }

  private static java.math.BigDecimal zeroIfNull(java.math.BigDecimal d) {
    return d == null ? java.math.BigDecimal.ZERO : d;
  }

  private static void requireColumns(Dataset<Row> ds, String table, String... names) {
    List<String> have = Arrays.asList(ds.columns());
    List<String> missing = Arrays.stream(names).filter(n -> !have.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw Errors.missingColumns(
          table,
          missing,
          "the score stage needs (clientele.rfm.group-by names a unified_profiles column)",
          have);
    }
  }
}
