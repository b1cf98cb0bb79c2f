package dev.clientele.metrics;

import static dev.clientele.schema.Cols.ABC_CLASS;
import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.CHANNEL;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.IS_MARKETABLE;
import static dev.clientele.schema.Cols.IS_VIP;
import static dev.clientele.schema.Cols.LINE_COUNT;
import static dev.clientele.schema.Cols.MEASURE;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.PAYMENT_INCIDENTS;
import static dev.clientele.schema.Cols.RELATIONSHIP;
import static dev.clientele.schema.Cols.SNAPSHOT_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.config.CostSettings;
import dev.clientele.config.CustomerSources;
import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.OrderDaysSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.PaymentSettings;
import dev.clientele.config.RfmSettings;
import dev.clientele.config.Settings;
import dev.clientele.io.CustomerEvents;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.run.AsOf;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    CostSettings.from(settings.config());
    PaymentSettings.from(settings.config());
    OrderDaysSettings.from(settings.config());
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
    OrderDaysRefresh.Mode mode =
        OrderDaysSettings.from(ctx.settings().config()).fullRefresh()
            ? OrderDaysRefresh.Mode.FULL
            : OrderDaysRefresh.Mode.INCREMENTAL;
    CustomerOrderDays.Read days = CustomerOrderDays.read(ctx, mode);
    // One pseudo-line per order day: orders, nets and firsts equal those of the lines.
    Dataset<Row> tx = OrderDays.asLines(days.rows());
    Dataset<Row> profiles = ctx.io().read(Tables.UNIFIED_PROFILES);
    List<String> needed =
        new ArrayList<>(List.of(CUSTOMER_ID, RELATIONSHIP, IS_MARKETABLE, PAYMENT_INCIDENTS));
    if (!rfm.groupBy().isBlank()) {
      needed.add(rfm.groupBy());
    }
    requireColumns(profiles, Tables.UNIFIED_PROFILES, needed.toArray(String[]::new));

    CostSettings costSettings = CostSettings.from(ctx.settings().config());
    CustomerFacts.Window window = window(ctx, rfm.lookbackMonths());
    // The margin rate was applied per line when the order days were aggregated.
    Dataset<Row> windowed = CustomerFacts.inWindow(tx, window);
    CostAllocation.Result costs =
        costs(ctx, windowed, profiles, window, costSettings, rfm.nonCommercialRelationships());
    // Engagement events count over the same window as the purchases: none after the as-of day.
    Dataset<Row> events = CustomerEvents.read(ctx.io(), ctx.settings().config());
    Dataset<Row> universe =
        Engagement.attach(
            CustomerMetrics.universe(
                CustomerFacts.summarise(windowed, ctx.asOf()),
                costs.perCustomer(),
                profiles,
                rfm.nonCommercialRelationships(),
                rfm.groupBy()),
            events == null ? null : CustomerFacts.inWindow(events, window),
            ctx.asOf());
    // Payment and survey columns before the lifecycle rules, so that conditions may use them.
    universe = paymentsAndSurveys(ctx, universe, rfm.lookbackMonths());
    // Several small driver steps (quantiles, bucket offsets) read the customers: compute them once.
    Dataset<Row> customers = universe.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      CustomerMetrics.Result result =
          CustomerMetrics.score(ctx.spark(), CustomerMetrics.commercial(customers), params);
      ctx.io()
          .replaceSnapshot(Tables.CUSTOMER_METRICS, snapshot(ctx, result.metrics()), ctx.asOf());
      ctx.io().replaceSnapshot(Tables.PARETO_CURVE, snapshot(ctx, result.curve()), ctx.asOf());
      StageResult out = days.describe(summary(ctx, windowed, customers));
      Dataset<Row> revenueCurve =
          result.curve().where(col(MEASURE).equalTo(ParetoSettings.Measure.REVENUE.key()));
      out.detail("top20_revenue_share", ParetoCurve.top20(revenueCurve));
      out.detail("gini", CustomerMetrics.gini(result));
      unallocated(out, costs.unallocated());
      return out;
    } finally {
      customers.unpersist();
    }
  }

  /**
   * The customers' costs in the window: bronze_costs resolved through the identity map, channel
   * costs spread over the commercial buyers (none without a costs table: every cost_total 0.00).
   */
  private static CostAllocation.Result costs(
      RunContext ctx,
      Dataset<Row> windowed,
      Dataset<Row> profiles,
      CustomerFacts.Window window,
      CostSettings settings,
      List<String> nonCommercial) {
    Dataset<Row> bronze = ctx.io().readIfExists(Tables.BRONZE_COSTS);
    Dataset<Row> map = ctx.io().readIfExists(Tables.CUSTOMER_IDENTITY_MAP);
    if (bronze == null) {
      bronze = ctx.spark().createDataFrame(List.<Row>of(), CanonicalModel.bronze(Kind.COSTS));
    }
    Dataset<Row> resolved =
        map == null
            ? bronze.withColumn(CUSTOMER_ID, lit(null).cast("string"))
            : CostAllocation.resolve(bronze, map, CustomerSources.of(ctx.settings().config()));
    Dataset<Row> nonCommercialIds =
        profiles.where(col(RELATIONSHIP).isin(nonCommercial.toArray())).select(CUSTOMER_ID);
    Dataset<Row> orders =
        CustomerFacts.orders(windowed)
            .join(nonCommercialIds, new String[] {CUSTOMER_ID}, "left_anti");
    return CostAllocation.allocate(
        CostAllocation.inWindow(resolved, window), orders, settings.allocation());
  }

  /**
   * The payment and survey columns of every customer, from bronze_payments and bronze_surveys
   * resolved through the identity map like the costs (empty tables when a warehouse has none).
   */
  private static Dataset<Row> paymentsAndSurveys(
      RunContext ctx, Dataset<Row> customers, int lookbackMonths) {
    Dataset<Row> map = ctx.io().readIfExists(Tables.CUSTOMER_IDENTITY_MAP);
    java.time.LocalDate from = ctx.day().lookBackStartDate(lookbackMonths);
    Dataset<Row> payments = keyed(ctx, Tables.BRONZE_PAYMENTS, Kind.PAYMENTS, map);
    Dataset<Row> answers = keyed(ctx, Tables.BRONZE_SURVEYS, Kind.SURVEYS, map);
    Dataset<Row> withPayments =
        PaymentHistory.attach(
            customers,
            PaymentHistory.perCustomer(
                PaymentHistory.inWindow(payments, from, ctx.asOf()), ctx.asOf()),
            PaymentSettings.from(ctx.settings().config()));
    return SurveyHistory.attach(
        withPayments,
        SurveyHistory.perCustomer(SurveyHistory.inWindow(answers, from, ctx.asOf()), ctx.asOf()));
  }

  /** A bronze table keyed by customer key, with the customer_id of each row's key (or null). */
  private static Dataset<Row> keyed(RunContext ctx, String table, Kind kind, Dataset<Row> map) {
    Dataset<Row> bronze = ctx.io().readIfExists(table);
    if (bronze == null) {
      bronze = ctx.spark().createDataFrame(List.<Row>of(), CanonicalModel.bronze(kind));
    }
    return map == null
        ? bronze.withColumn(CUSTOMER_ID, lit(null).cast("string"))
        : CostAllocation.resolve(bronze, map, CustomerSources.of(ctx.settings().config()));
  }

  /**
   * The costs nobody carries, per month and channel: at most months x channels rows (plus one per
   * month for costs without a channel or an unknown customer), small by construction; the first 100
   * are listed, the total is always exact.
   */
  private static void unallocated(StageResult out, Dataset<Row> unallocated) {
    Dataset<Row> groups =
        unallocated
            .groupBy(CostAllocation.MONTH, CHANNEL)
            .agg(sum(AMOUNT_BASE).as(AMOUNT_BASE))
            .orderBy(CostAllocation.MONTH, CHANNEL);
    // At most 100 (month, channel) groups reach the driver: the summary lists the first ones.
    List<Row> rows = groups.limit(100).collectAsList();
    Row total = groups.agg(count(lit(1)), sum(AMOUNT_BASE)).first();
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("month", String.valueOf(r.get(0)).substring(0, 7));
      m.put("channel", r.isNullAt(1) ? null : r.getString(1));
      m.put("amount", r.getDecimal(2));
      listed.add(m);
    }
    out.detail("costs_unallocated_groups", total.getLong(0))
        .detail("costs_unallocated_amount", zeroIfNull(total.getDecimal(1)))
        .detail("costs_unallocated", listed);
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
                // Order lines, not order days: each row stands for line_count lines.
                sum(LINE_COUNT),
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
    return new StageResult(rev.isNullAt(0) ? 0L : rev.getLong(0), out.getLong(0))
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
