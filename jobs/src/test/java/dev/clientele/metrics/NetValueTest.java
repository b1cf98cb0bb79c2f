package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.TX;
import static dev.clientele.metrics.CustomerFactsTest.d;
import static dev.clientele.metrics.CustomerFactsTest.dec;
import static dev.clientele.metrics.CustomerFactsTest.ts;
import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * margin_net's fallback rules, cost_total and value_net, and a Pareto class and curve per measure
 * of rank-by, through the score stage on Delta tables (session zone UTC), worked by hand.
 */
@ExtendWith(SparkTest.class)
class NetValueTest {
  private static final StructType TX_CHANNEL = TX.add("channel", DataTypes.StringType);
  private static final LocalDate AS_OF = LocalDate.of(2024, 4, 30);

  /**
   * a: o1 100 (margin 40) online 03-05, o2 50 (no margin) online 04-10. b: o3 200 (no margin)
   * offline 03-20. c: o4 80 (margin 10) online 04-02. p: a prospect.
   */
  private static Dataset<Row> transactions() {
    return df(
        TX_CHANNEL,
        row("a", "o1", ts("2024-03-05 10:00:00"), dec("100.00"), dec("40.00"), false, "online"),
        row("a", "o2", ts("2024-04-10 10:00:00"), dec("50.00"), null, false, "online"),
        row("b", "o3", ts("2024-03-20 10:00:00"), dec("200.00"), null, false, "offline"),
        row("c", "o4", ts("2024-04-02 10:00:00"), dec("80.00"), dec("10.00"), false, "online"));
  }

  private static final StructType MARGINS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("margin_net", DataTypes.createDecimalType(18, 2));

  private static Dataset<Row> marginNet(Double rate) {
    Dataset<Row> tx = NetValue.lineMargins(transactions(), rate);
    return CustomerFacts.summarise(tx, AS_OF).select("customer_id", "margin_net");
  }

  @Test
  void marginNetTakesLineMarginsWhereKnownElseTheRateElseNull() {
    // Without a rate: a 40 (o2 unknown adds nothing), b null (no line has a margin), c 10.
    assertDataFrameEquals(
        df(MARGINS, row("a", dec("40.00")), row("b", null), row("c", dec("10.00"))),
        marginNet(null));
    // Rate 0.25 for the lines without one: a 40 + 0.25 x 50 = 52.50, b 0.25 x 200 = 50, c 10
    // (its own margin wins over the rate, 0.25 x 80 = 20).
    assertDataFrameEquals(
        df(MARGINS, row("a", dec("52.50")), row("b", dec("50.00")), row("c", dec("10.00"))),
        marginNet(0.25));
  }

  private static final StructType PROFILES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("relationship", DataTypes.StringType)
          .add("is_marketable", DataTypes.BooleanType)
          .add("payment_incidents", DataTypes.IntegerType);

  /** Costs source "crm" keyed by the crm's customer keys (identity map: C -> c, P -> p). */
  private static Dataset<Row> costs() {
    return df(
        CanonicalModel.COSTS,
        // Online March 36: a is its only buyer (o1).
        row("crm", d("2024-03-31"), dec("36.00"), "EUR", dec("36.00"), "ads", null, "online", null),
        // Online April 20 over a's o2 and c's o4 (orders: one each): 10 and 10.
        row("crm", d("2024-04-15"), dec("20.00"), "EUR", dec("20.00"), "ads", null, "online", null),
        // Offline March 10: b alone.
        row(
            "crm",
            d("2024-03-01"),
            dec("10.00"),
            "EUR",
            dec("10.00"),
            "ads",
            null,
            "offline",
            null),
        // Offline April 8: nobody bought offline in April.
        row("crm", d("2024-04-20"), dec("8.00"), "EUR", dec("8.00"), "ads", null, "offline", null),
        // Own costs: c 2 (service), p 5 (acquisition of a prospect).
        row("crm", d("2024-04-03"), dec("2.00"), "EUR", dec("2.00"), "service", "C", null, null),
        row("crm", d("2024-04-04"), dec("5.00"), "EUR", dec("5.00"), "acq", "P", null, null));
  }

  private static final StructType NET =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2))
          .add("margin_net", DataTypes.createDecimalType(18, 2))
          .add("cost_total", DataTypes.createDecimalType(18, 2))
          .add("value_net", DataTypes.createDecimalType(18, 2))
          .add("abc_class", DataTypes.StringType)
          .add("abc_class_margin", DataTypes.StringType)
          .add("abc_class_value_net", DataTypes.StringType);

  @Test
  void valueNetAndAParetoClassAndCurvePerMeasure(@TempDir Path dir) {
    TableIO io = warehouse(dir, "a", "b", "c", "p");
    StructType map =
        new StructType()
            .add("source", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType)
            .add("customer_id", DataTypes.StringType);
    io.overwrite(Tables.CUSTOMER_IDENTITY_MAP, df(map, row("crm", "C", "c"), row("crm", "P", "p")));
    io.overwrite(Tables.BRONZE_COSTS, costs());
    StageResult r =
        run(
            io,
            dir,
            "clientele.costs.margin-rate=0.25",
            "clientele.pareto.rank-by=[revenue, margin, value_net]");

    // margin_net as in the test above; p has no line: null. cost_total: a 36 + 10 = 46, b 10,
    // c 10 + 2 = 12, p 5. value_net: a 52.50 - 46 = 6.50, b 50 - 10 = 40, c 10 - 12 = -2, p null.
    // Revenue b 200, a 150, c 80 (430; A below 344, B below 408.5): b A, a A (200 before), c B
    // (350 before); p C (nothing). Margin a 52.50, b 50, c 10 (112.50; lines 90 and 106.875):
    // a A, b A (52.50 before), c B (102.50 before). value_net b 40, a 6.50 (46.50; lines 37.2
    // and 44.175): b A, a B (40 before), c C (<= 0), p null (unknown).
    Dataset<Row> expected =
        df(
            NET,
            row("a", dec("150.00"), dec("52.50"), dec("46.00"), dec("6.50"), "A", "A", "B"),
            row("b", dec("200.00"), dec("50.00"), dec("10.00"), dec("40.00"), "A", "A", "A"),
            row("c", dec("80.00"), dec("10.00"), dec("12.00"), dec("-2.00"), "B", "B", "C"),
            row("p", dec("0.00"), null, dec("5.00"), null, "C", null, null));
    assertDataFrameEquals(expected, net(io));

    Dataset<Row> curve = io.readSnapshot(Tables.PARETO_CURVE, AS_OF);
    for (String m : List.of("revenue", "margin", "value_net")) {
      assertEquals(101, curve.where(col("measure").equalTo(m)).count(), m + ": one row per pct");
    }
    // Point 50: the top ceil(0.5 n) customers. value_net n = 2: b, 40 / 46.50; margin n = 3: a
    // and b, 102.50 / 112.50; revenue n = 3: b and a, 350 / 430.
    assertEquals(40 / 46.5, point(curve, "value_net", 50), 1e-12, "value_net curve at 50 %");
    assertEquals(102.5 / 112.5, point(curve, "margin", 50), 1e-12, "margin curve at 50 %");
    assertEquals(350 / 430.0, point(curve, "revenue", 50), 1e-12, "revenue curve at 50 %");
    assertEquals(200 / 430.0, (Double) r.details().get("top20_revenue_share"), 1e-12);

    // Offline April's 8 has no buyer: reported, never dropped.
    assertEquals(1L, r.details().get("costs_unallocated_groups"));
    assertEquals(
        0,
        new BigDecimal("8.00").compareTo((BigDecimal) r.details().get("costs_unallocated_amount")));
    assertEquals(
        List.of(Map.of("month", "2024-04", "channel", "offline", "amount", new BigDecimal("8.00"))),
        normalised(r.details().get("costs_unallocated")));
  }

  @Test
  void withoutCostsEveryCostTotalIsZeroAndTheDefaultRanksRevenueAndMargin(@TempDir Path dir) {
    // c buys without a profile: a customer of the facts alone.
    TableIO io = warehouse(dir, "a", "b");
    run(io, dir);
    // No rate: margin_net a 40, b null, c 10; no costs: cost_total 0, value_net = margin_net.
    // Margin a 40, c 10 (50; line 40): a A, c B (40 before); b null. value_net not ranked: null.
    Dataset<Row> expected =
        df(
            NET,
            row("a", dec("150.00"), dec("40.00"), dec("0.00"), dec("40.00"), "A", "A", null),
            row("b", dec("200.00"), null, dec("0.00"), null, "A", null, null),
            row("c", dec("80.00"), dec("10.00"), dec("0.00"), dec("10.00"), "B", "B", null));
    assertDataFrameEquals(expected, net(io));
    List<String> measures =
        io.readSnapshot(Tables.PARETO_CURVE, AS_OF)
            .select("measure")
            .distinct()
            .orderBy("measure")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(List.of("margin", "revenue"), measures, "the default rank-by's curves");
  }

  /** A warehouse with the transactions and a consumer profile for each id. */
  private static TableIO warehouse(Path dir, String... profiled) {
    TableIO io = new TableIO(SparkTest.spark(), dir.toUri().toString());
    io.overwrite(Tables.TRANSACTIONS, transactions());
    List<Object[]> rows = new ArrayList<>();
    for (String id : profiled) {
      rows.add(row(id, "consumer", true, 0));
    }
    io.overwrite(Tables.UNIFIED_PROFILES, df(PROFILES, rows.toArray(Object[][]::new)));
    return io;
  }

  /** The net value columns of the written snapshot. */
  private static Dataset<Row> net(TableIO io) {
    return io.readSnapshot(Tables.CUSTOMER_METRICS, AS_OF)
        .select(
            NET.fieldNames()[0],
            java.util.Arrays.copyOfRange(NET.fieldNames(), 1, NET.fieldNames().length));
  }

  private static double point(Dataset<Row> curve, String measure, int pct) {
    return curve
        .where(col("measure").equalTo(measure).and(col("customer_share_pct").equalTo(pct)))
        .first()
        .getAs("revenue_share");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> normalised(Object listed) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) listed) {
      Map<String, Object> copy = new java.util.HashMap<>(m);
      copy.put("amount", ((BigDecimal) m.get("amount")).setScale(2));
      out.add(copy);
    }
    return out;
  }

  private static StageResult run(TableIO io, Path dir, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("clientele.warehouse=\"" + dir.toUri() + "\"");
    Settings s = new Settings(ConfigLoader.load(null, null, all, Map.of()));
    RunSummary summary = new RunSummary("run-net", "score", AS_OF.toString(), Instant.now(), "t");
    RunContext ctx =
        new RunContext(s, SparkTest.spark(), io, "run-net", AS_OF, Instant.now(), summary);
    ScoreStage stage = new ScoreStage();
    stage.validate(s);
    return stage.run(ctx);
  }
}
