package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.TX;
import static dev.clientele.metrics.CustomerFactsTest.d;
import static dev.clientele.metrics.CustomerFactsTest.dec;
import static dev.clientele.metrics.CustomerFactsTest.ts;
import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;

import dev.clientele.config.CostSettings.Allocation;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.testkit.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Costs keyed by customer and by channel-month, resolved and allocated by each mode: three
 * customers, two channels, two months, worked by hand (session zone UTC).
 */
@ExtendWith(SparkTest.class)
class CostAllocationTest {
  private static final StructType TX_CHANNEL = TX.add("channel", DataTypes.StringType);

  private static final StructType MAP =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType);

  private static final StructType PER_CUSTOMER =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("cost_total", DataTypes.createDecimalType(18, 2));

  private static final StructType UNALLOCATED =
      new StructType()
          .add("month", DataTypes.DateType)
          .add("channel", DataTypes.StringType)
          .add("amount_base", DataTypes.createDecimalType(38, 2));

  /**
   * March, online: a o1 30 + o2 10, b o3 60 (3 orders, 100). March, offline: c o4 20. April,
   * online: nobody. April, offline: a o6 25, b o7 10 + o8 10 + o9 55 (4 orders, 100); c's o10 is
   * fully returned, so c is no April buyer.
   */
  private static Dataset<Row> orders() {
    Dataset<Row> tx =
        df(
            TX_CHANNEL,
            row("a", "o1", ts("2024-03-02 10:00:00"), dec("30.00"), null, false, "online"),
            row("a", "o2", ts("2024-03-20 10:00:00"), dec("10.00"), null, false, "online"),
            row("b", "o3", ts("2024-03-31 23:00:00"), dec("60.00"), null, false, "online"),
            row("c", "o4", ts("2024-03-10 10:00:00"), dec("20.00"), null, false, "offline"),
            row("a", "o6", ts("2024-04-01 00:00:00"), dec("25.00"), null, false, "offline"),
            row("b", "o7", ts("2024-04-03 10:00:00"), dec("10.00"), null, false, "offline"),
            row("b", "o8", ts("2024-04-04 10:00:00"), dec("10.00"), null, false, "offline"),
            row("b", "o9", ts("2024-04-05 10:00:00"), dec("55.00"), null, false, "offline"),
            row("c", "o10", ts("2024-04-06 10:00:00"), dec("40.00"), null, false, "offline"),
            row("c", "o10", ts("2024-04-07 10:00:00"), dec("-40.00"), null, true, "offline"));
    return CustomerFacts.orders(tx);
  }

  /** bronze_costs rows (costs source keyed by the accounts source's keys). */
  private static Dataset<Row> bronzeCosts() {
    StructType s = CanonicalModel.COSTS;
    return df(
        s,
        row("ads", d("2024-03-15"), dec("90.00"), "EUR", dec("90.00"), "ads", null, "online", null),
        row(
            "ads",
            d("2024-03-01"),
            dec("12.00"),
            "EUR",
            dec("12.00"),
            "ads",
            null,
            "offline",
            null),
        row(
            "ads",
            d("2024-04-30"),
            dec("40.00"),
            "EUR",
            dec("40.00"),
            "ads",
            null,
            "offline",
            null),
        // A month-channel without a buyer: unallocated, reported.
        row("ads", d("2024-04-10"), dec("30.00"), "EUR", dec("30.00"), "ads", null, "online", null),
        // A campaign without a channel: transactions carry no campaign, nobody to spread it on.
        row("ads", d("2024-03-05"), dec("7.00"), "EUR", dec("7.00"), "ads", null, null, "spring"),
        // Keyed by customer: a's own (the key is trimmed and read in the accounts key space) ...
        row("care", d("2024-04-12"), dec("5.00"), "EUR", dec("5.00"), "service", " A1", null, null),
        // ... and a key nobody has: unallocated.
        row("care", d("2024-04-13"), dec("3.00"), "EUR", dec("3.00"), "service", "zz", null, null),
        // Outside the window [03-01, 05-01): never counted.
        row(
            "ads",
            d("2024-02-29"),
            dec("500.00"),
            "EUR",
            dec("500.00"),
            "ads",
            null,
            "online",
            null),
        row(
            "ads",
            d("2024-05-01"),
            dec("900.00"),
            "EUR",
            dec("900.00"),
            "ads",
            null,
            "online",
            null));
  }

  private static CostAllocation.Result allocate(Allocation mode) {
    Dataset<Row> map = df(MAP, row("accounts", "A1", "a"), row("accounts", "B1", "b"));
    Dataset<Row> resolved =
        CostAllocation.resolve(bronzeCosts(), map, Map.of("care", "accounts", "ads", "accounts"));
    CustomerFacts.Window w =
        new CustomerFacts.Window(ts("2024-03-01 00:00:00"), ts("2024-05-01 00:00:00"));
    return CostAllocation.allocate(CostAllocation.inWindow(resolved, w), orders(), mode);
  }

  private static Dataset<Row> totals(String a, String b, String c) {
    return df(PER_CUSTOMER, row("a", dec(a)), row("b", dec(b)), row("c", dec(c)));
  }

  @Test
  void byOrdersEachBuyerCarriesItsShareOfTheMonthChannelsOrders() {
    // March online 90 over 3 orders: a 2/3 = 60, b 1/3 = 30. March offline 12: c alone.
    // April offline 40 over 4 orders: a 1/4 = 10, b 3/4 = 30. a's own cost 5.
    // a 60 + 10 + 5 = 75, b 30 + 30 = 60, c 12: 147 = 90 + 12 + 40 + 5 allocated.
    assertDataFrameEquals(
        totals("75.00", "60.00", "12.00"), allocate(Allocation.ORDERS).perCustomer());
  }

  @Test
  void byRevenueEachBuyerCarriesItsShareOfTheMonthChannelsNetRevenue() {
    // March online 90 over 100: a 40 -> 36, b 60 -> 54. April offline 40 over 100: a 25 -> 10,
    // b 75 -> 30. a 36 + 10 + 5 = 51, b 54 + 30 = 84, c 12.
    assertDataFrameEquals(
        totals("51.00", "84.00", "12.00"), allocate(Allocation.REVENUE).perCustomer());
  }

  @Test
  void equallyEachBuyerCarriesOneShare() {
    // March online 90 / 2 buyers = 45 each; April offline 40 / 2 = 20 each (c bought nothing in
    // April). a 45 + 20 + 5 = 70, b 45 + 20 = 65, c 12.
    assertDataFrameEquals(
        totals("70.00", "65.00", "12.00"), allocate(Allocation.EQUAL).perCustomer());
  }

  @Test
  void costsNobodyCarriesAreReportedNotDropped() {
    // April online 30 (no buyer), the campaign-only 7 in March, the unknown key's 3 in April.
    Dataset<Row> expected =
        df(
            UNALLOCATED,
            row(d("2024-04-01"), "online", dec("30.00")),
            row(d("2024-03-01"), null, dec("7.00")),
            row(d("2024-04-01"), null, dec("3.00")));
    Dataset<Row> unallocated = allocate(Allocation.ORDERS).unallocated();
    assertDataFrameEquals(
        expected,
        unallocated.select(col("month"), col("channel"), col("amount_base").cast("decimal(38,2)")));
  }
}
