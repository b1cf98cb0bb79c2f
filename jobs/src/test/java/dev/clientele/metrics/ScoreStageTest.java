package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.TX;
import static dev.clientele.metrics.CustomerFactsTest.d;
import static dev.clientele.metrics.CustomerFactsTest.dec;
import static dev.clientele.metrics.CustomerFactsTest.ts;
import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.RfmSettings;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The score stage end to end on Delta tables, and the physical plan of its transforms. */
@ExtendWith(SparkTest.class)
class ScoreStageTest {
  static final StructType PROFILES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("relationship", DataTypes.StringType)
          .add("is_marketable", DataTypes.BooleanType)
          .add("payment_incidents", DataTypes.IntegerType)
          .add("country", DataTypes.StringType);

  private static final StructType METRICS =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("recency_days", DataTypes.IntegerType)
          .add("order_count", DataTypes.LongType)
          .add("purchase_days", DataTypes.LongType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2))
          .add("avg_order_value", DataTypes.createDecimalType(18, 2))
          .add("first_purchase_date", DataTypes.DateType)
          .add("last_purchase_date", DataTypes.DateType)
          .add("r_score", DataTypes.IntegerType)
          .add("f_score", DataTypes.IntegerType)
          .add("m_score", DataTypes.IntegerType)
          .add("rfm_segment", DataTypes.StringType)
          .add("cum_revenue_share", DataTypes.DoubleType)
          .add("abc_class", DataTypes.StringType)
          .add("abc_class_margin", DataTypes.StringType)
          .add("lifecycle_status", DataTypes.StringType)
          .add("value_level", DataTypes.StringType)
          .add("volume_level", DataTypes.StringType)
          .add("loyalty_level", DataTypes.StringType)
          .add("risk_level", DataTypes.StringType)
          .add("is_marketable", DataTypes.BooleanType);

  static Dataset<Row> transactions() {
    List<Object[]> rows = new ArrayList<>();
    // c1: 100 (margin 20) on the first of Oct, Dec, Feb, Apr, Jun: 5 orders, 500.
    for (String day :
        List.of("2023-10-01", "2023-12-01", "2024-02-01", "2024-04-01", "2024-06-01")) {
      rows.add(row("c1", "c1-" + day, ts(day + " 10:00:00"), dec("100.00"), dec("20.00"), false));
    }
    // c2: 50 (margin 5) on 01-01 and 01-11; 2 payment incidents in its profile.
    rows.add(row("c2", "c2-a", ts("2024-01-01 10:00:00"), dec("50.00"), dec("5.00"), false));
    rows.add(row("c2", "c2-b", ts("2024-01-11 10:00:00"), dec("50.00"), dec("5.00"), false));
    // c3: its only order fully returned.
    rows.add(row("c3", "c3-a", ts("2024-03-01 10:00:00"), dec("80.00"), null, false));
    rows.add(row("c3", "c3-a", ts("2024-03-02 10:00:00"), dec("-80.00"), null, true));
    // c4: internal account (non-commercial).
    rows.add(row("c4", "c4-a", ts("2024-05-01 10:00:00"), dec("500.00"), null, false));
    // c5: one old purchase.
    rows.add(row("c5", "c5-a", ts("2023-01-10 10:00:00"), dec("200.00"), null, false));
    // c6: new in June; its July order is after the as-of date.
    rows.add(row("c6", "c6-a", ts("2024-06-01 10:00:00"), dec("30.00"), null, false));
    rows.add(row("c6", "c6-b", ts("2024-06-20 10:00:00"), dec("20.00"), null, false));
    rows.add(row("c6", "c6-c", ts("2024-07-02 10:00:00"), dec("1000.00"), null, false));
    // An anonymous sale.
    rows.add(row(null, "anon", ts("2024-06-15 10:00:00"), dec("70.00"), null, false));
    return df(TX, rows.toArray(Object[][]::new)).withColumn("channel", lit("store"));
  }

  static Dataset<Row> profiles() {
    return df(
        PROFILES,
        row("c1", "consumer", true, 0, "FR"),
        row("c2", "consumer", false, 2, "FR"),
        row("c3", "consumer", true, null, "FR"),
        row("c4", "internal", true, 0, "FR"),
        row("c5", "consumer", true, 0, "DE"),
        row("c6", "consumer", true, 1, "DE"),
        row("p1", "consumer", true, 0, "DE"));
  }

  /** Page views keyed by the source's customer keys (the identity map below). */
  static Dataset<Row> events() {
    return df(
        StructType.fromDDL(
            "source string, customer_key string, device_id string, event_ts timestamp,"
                + " page_category string"),
        row("web", "K1", "d1", ts("2024-06-29 12:00:00"), "books"),
        row("web", "KP1", "d2", ts("2024-06-20 09:00:00"), "home"),
        row("web", "KP1", "d2", ts("2024-05-01 09:00:00"), "home"),
        row("web", "K3", "d3", ts("2024-07-02 09:00:00"), "books"),
        row("web", "K99", "d4", ts("2024-06-30 09:00:00"), "books"),
        row("web", null, "d5", ts("2024-06-30 09:00:00"), "books"));
  }

  static Dataset<Row> identityMap() {
    return df(
        StructType.fromDDL("source string, customer_key string, customer_id string"),
        row("web", "K1", "c1"),
        row("web", "K3", "c3"),
        row("web", "KP1", "p1"));
  }

  private static Settings settings() {
    String wh = SparkTest.warehouse().toString();
    return new Settings(
        ConfigLoader.load(null, null, List.of("clientele.warehouse=\"" + wh + "\""), Map.of()));
  }

  private static Column[] cols(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }

  private static StageResult run(TableIO io, LocalDate asOf) {
    Settings s = settings();
    RunSummary summary =
        new RunSummary("run-" + asOf, "score", asOf.toString(), Instant.now(), "t");
    RunContext ctx =
        new RunContext(s, SparkTest.spark(), io, "run-" + asOf, asOf, Instant.now(), summary);
    ScoreStage stage = new ScoreStage();
    stage.validate(s);
    return stage.run(ctx);
  }

  @Test
  void writesSnapshotsWithHandWorkedMetrics() {
    TableIO io = new TableIO(SparkTest.spark(), settings().warehouse());
    io.overwrite(Tables.TRANSACTIONS, transactions());
    io.overwrite(Tables.UNIFIED_PROFILES, profiles());
    io.overwrite(Tables.BRONZE_EVENTS, events());
    io.overwrite(Tables.CUSTOMER_IDENTITY_MAP, identityMap());
    StageResult r = run(io, LocalDate.of(2024, 6, 30));
    // An earlier snapshot afterwards: it must leave the 06-30 snapshot as it was (checked below;
    // replaceSnapshot's own re-run semantics are tested in TableIOTest).
    run(io, LocalDate.of(2024, 1, 31));

    Date snap = d("2024-06-30");
    // Buyers c1 500, c5 200, c2 100, c6 50 (total 850); c3 and p1 are prospects; c4 is internal.
    // Quintile cuts over 4 buyers are the 1st..4th values: recency 10,29,171,537 -> R 5,4,3,2;
    // orders 1,2,2,5 -> F(5)=4, F(2)=2, F(1)=1; money 50,100,200,500 -> M 1,2,3,4.
    // ABC: c1 A (0 before), c5 A (500 < 680), c2 B (700 < 807.5), c6 B (800 < 807.5).
    // Margin: c1 100, c2 10 (total 110): c1 A, c2 B (100 >= 88); others unknown.
    // Lifecycle: c1 loyal (5 orders, recency 29 <= 180; mean gap 244 / 4 = 61 so not at risk),
    // c2 at_risk (recency 171 > 2 x 10; 171 is not above inactive-after-days 180), c5 lost
    // (537 > 365), c6 new (first purchase 29 days ago). Prospects: p1 viewed a page 10 days before
    // (06-20; <= 30): prospect_hot; c3's only view is after the as-of day: prospect_cold.
    Dataset<Row> expected =
        df(
            METRICS,
            row(
                snap,
                "c1",
                29,
                5L,
                5L,
                dec("500.00"),
                dec("100.00"),
                d("2023-10-01"),
                d("2024-06-01"),
                4,
                4,
                4,
                "Loyal Customers",
                500 / 850.0,
                "A",
                "A",
                "loyal",
                "high",
                "high",
                "high",
                "low",
                true),
            row(
                snap,
                "c2",
                171,
                2L,
                2L,
                dec("100.00"),
                dec("50.00"),
                d("2024-01-01"),
                d("2024-01-11"),
                3,
                2,
                2,
                "About to Sleep",
                800 / 850.0,
                "B",
                "B",
                "at_risk",
                "medium",
                "low",
                "low",
                "high",
                false),
            row(
                snap,
                "c3",
                null,
                0L,
                0L,
                dec("0.00"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "C",
                null,
                "prospect_cold",
                "low",
                "low",
                "low",
                "low",
                true),
            row(
                snap,
                "c5",
                537,
                1L,
                1L,
                dec("200.00"),
                dec("200.00"),
                d("2023-01-10"),
                d("2023-01-10"),
                2,
                1,
                3,
                "Hibernating",
                700 / 850.0,
                "A",
                null,
                "lost",
                "high",
                "low",
                "low",
                "high",
                true),
            row(
                snap,
                "c6",
                10,
                2L,
                2L,
                dec("50.00"),
                dec("25.00"),
                d("2024-06-01"),
                d("2024-06-20"),
                5,
                2,
                1,
                "Potential Loyalists",
                1.0,
                "B",
                null,
                "new",
                "medium",
                "low",
                "low",
                "medium",
                true),
            row(
                snap,
                "p1",
                null,
                0L,
                0L,
                dec("0.00"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "C",
                null,
                "prospect_hot",
                "low",
                "low",
                "low",
                "low",
                true));
    Dataset<Row> written = io.readSnapshot(Tables.CUSTOMER_METRICS, LocalDate.of(2024, 6, 30));
    // The timing and basket columns are worked by hand in PurchaseTimingTest.
    assertDataFrameEquals(expected, written.select(cols(METRICS)), 1e-12);
    assertEquals(
        List.of(
            "preferred_weekday",
            "preferred_hour_band",
            "purchase_share_q1",
            "purchase_share_q2",
            "purchase_share_q3",
            "purchase_share_q4",
            "mean_days_between_purchases",
            "median_days_between_purchases",
            "basket_value_p25",
            "basket_value_p50",
            "basket_value_p75",
            "basket_value_p90",
            "preferred_channel"),
        List.of(written.columns()).subList(METRICS.size(), METRICS.size() + 13),
        "the timing and basket columns follow the existing ones, in contract order");
    assertEquals(
        List.of(
            "margin_net",
            "cost_total",
            "value_net",
            "abc_class_value_net",
            "days_since_engagement",
            "is_vip"),
        List.of(written.columns()).subList(METRICS.size() + 13, METRICS.size() + 19),
        "then net value, engagement and the VIP flag");
    // Engagement: c1 06-29 (1 day), p1 06-20 (10 days); c3's 07-02 view and the view of an
    // unknown key count for nobody. VIP: class A and loyal: c1 only (c5 is A but lost).
    assertDataFrameEquals(
        df(
            StructType.fromDDL("customer_id string, days_since_engagement int, is_vip boolean"),
            row("c1", 1, true),
            row("c2", null, false),
            row("c3", null, false),
            row("c5", null, false),
            row("c6", null, false),
            row("p1", 10, false)),
        written.select("customer_id", "days_since_engagement", "is_vip"));
    assertEquals(1, written.select("run_id").distinct().count(), "audit run_id on every row");

    Map<String, Object> det = r.details();
    assertEquals(14L, r.rowsIn(), "transaction lines up to the end of 06-30");
    assertEquals(6L, r.rowsOut());
    assertEquals(
        0,
        new BigDecimal("1420.00").compareTo((BigDecimal) det.get("total_revenue")),
        "500 + 100 + 0 + 500 + 200 + 50 + 70 anonymous");
    assertEquals(0, new BigDecimal("70.00").compareTo((BigDecimal) det.get("anonymous_revenue")));
    assertEquals(1L, det.get("non_commercial_customers"));
    assertEquals(4L, det.get("customers_with_purchases"));
    assertEquals(2L, det.get("a_customers"));
    assertEquals(2L, det.get("prospects"), "c3 and p1: no purchase, whatever their status");
    assertEquals(1L, det.get("vip_customers"), "c1");
    assertEquals(500 / 850.0, (Double) det.get("top20_revenue_share"), 1e-12, "top ceil(0.8) = 1");
    // Direct Gini of 500, 200, 100, 50: sum |xi - xj| over ordered pairs = 2 x 1450 = 2900;
    // 2 n^2 mean = 2 x 16 x 212.5 = 6800.
    assertEquals(2900 / 6800.0, (Double) det.get("gini"), 1e-12);

    Dataset<Row> curve = io.readSnapshot(Tables.PARETO_CURVE, LocalDate.of(2024, 6, 30));
    // The default rank-by [revenue, margin]: one curve of 101 points each.
    assertEquals(101, curve.where(col("measure").equalTo("revenue")).count());
    assertEquals(202, curve.count(), "revenue and margin curves");
    Row p50 =
        curve
            .where(col("measure").equalTo("revenue").and(col("customer_share_pct").equalTo(50)))
            .first();
    assertEquals(
        700 / 850.0, p50.<Double>getAs("revenue_share"), 1e-12, "top ceil(2.0) = 2 customers");

    // As of 01-31: c1 has 2 orders (200, last 12-01: recency 61); c6 is still a prospect, and
    // cold, as is p1 (its 06-20 view is after 01-31).
    Dataset<Row> jan = io.readSnapshot(Tables.CUSTOMER_METRICS, LocalDate.of(2024, 1, 31));
    assertEquals(6, jan.count(), "one row per commercial customer in the earlier snapshot too");
    Row c1 = jan.where(col("customer_id").equalTo("c1")).first();
    assertEquals(2L, c1.<Long>getAs("order_count"));
    assertEquals(61, c1.<Integer>getAs("recency_days"));
    assertDataFrameEquals(
        df(
            StructType.fromDDL(
                "customer_id string, days_since_engagement int, lifecycle_status string"),
            row("c6", null, "prospect_cold"),
            row("p1", null, "prospect_cold")),
        jan.where(col("customer_id").isin("c6", "p1"))
            .select("customer_id", "days_since_engagement", "lifecycle_status"));
  }

  @Test
  void transformsHaveNoSinglePartitionExchange() {
    SparkSession spark = SparkTest.spark();
    String aqe = spark.conf().get("spark.sql.adaptive.enabled", "true");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      for (String groupBy : List.of("", "country")) {
        var c =
            ConfigLoader.load(null, null, List.of("clientele.rfm.group-by=" + groupBy), Map.of());
        RfmSettings rfm = RfmSettings.from(c);
        CustomerMetrics.Params p =
            new CustomerMetrics.Params(rfm, ParetoSettings.from(c), LifecycleSettings.from(c), 2);
        Dataset<Row> facts = CustomerFacts.summarise(transactions(), LocalDate.of(2024, 6, 30));
        Dataset<Row> noCosts =
            spark.createDataFrame(
                List.<Row>of(),
                new StructType()
                    .add("customer_id", DataTypes.StringType)
                    .add("cost_total", DataTypes.createDecimalType(18, 2)));
        Dataset<Row> universe =
            CustomerMetrics.universe(
                facts, noCosts, profiles(), rfm.nonCommercialRelationships(), groupBy);
        LocalDate asOf = LocalDate.of(2024, 6, 30);
        Dataset<Row> noPayments =
            spark
                .createDataFrame(
                    List.<Row>of(),
                    dev.clientele.schema.CanonicalModel.bronze(
                        dev.clientele.schema.CanonicalModel.Kind.PAYMENTS))
                .withColumn("customer_id", org.apache.spark.sql.functions.lit("c"));
        Dataset<Row> noAnswers =
            spark
                .createDataFrame(
                    List.<Row>of(),
                    dev.clientele.schema.CanonicalModel.bronze(
                        dev.clientele.schema.CanonicalModel.Kind.SURVEYS))
                .withColumn("customer_id", org.apache.spark.sql.functions.lit("c"));
        // As the stage composes them: engagement, then payments and surveys, then the scores.
        Dataset<Row> engaged =
            SurveyHistory.attach(
                PaymentHistory.attach(
                    Engagement.attach(universe, null, asOf),
                    PaymentHistory.perCustomer(noPayments, asOf),
                    dev.clientele.config.PaymentSettings.from(c)),
                SurveyHistory.perCustomer(noAnswers, asOf));
        CustomerMetrics.Result r =
            CustomerMetrics.score(spark, CustomerMetrics.commercial(engaged), p);
        String metricsPlan = r.metrics().queryExecution().executedPlan().toString();
        String curvePlan = r.curve().queryExecution().executedPlan().toString();
        assertFalse(
            metricsPlan.contains("SinglePartition"), "group-by '" + groupBy + "':\n" + metricsPlan);
        assertFalse(curvePlan.contains("SinglePartition"), curvePlan);
        assertTrue(metricsPlan.contains("rangepartitioning"), "the ranking is range-partitioned");
      }
      // The check can fail: a global aggregate does plan a SinglePartition exchange.
      String global =
          transactions().agg(sum("amount_base")).queryExecution().executedPlan().toString();
      assertTrue(global.contains("SinglePartition"), global);
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", aqe);
    }
  }
}
