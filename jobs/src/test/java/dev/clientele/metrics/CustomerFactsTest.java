package dev.clientele.metrics;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-customer facts: orders, returns, as-of and look-back windows (session zone UTC). */
@ExtendWith(SparkTest.class)
class CustomerFactsTest {
  static final StructType TX =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("margin", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType);

  private static final StructType FACTS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2))
          .add("order_count", DataTypes.LongType)
          .add("purchase_days", DataTypes.LongType)
          .add("avg_order_value", DataTypes.createDecimalType(18, 2))
          .add("first_purchase_date", DataTypes.DateType)
          .add("last_purchase_date", DataTypes.DateType)
          .add("recency_days", DataTypes.IntegerType)
          .add("tenure_days", DataTypes.IntegerType)
          .add("mean_gap_days", DataTypes.DoubleType)
          .add("margin_net", DataTypes.createDecimalType(18, 2));

  /** "yyyy-MM-dd HH:mm:ss" in UTC, the session zone of the tests, whatever the JVM zone. */
  static Timestamp ts(String s) {
    return Timestamp.from(java.time.Instant.parse(s.replace(' ', 'T') + "Z"));
  }

  static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  static Date d(String s) {
    return Date.valueOf(s);
  }

  static Dataset<Row> transactions() {
    return df(
            TX,
            // c1: o1 = 60 + 40 on 06-01; o2 = 50 and o3 = 30 both on 06-20; a return r1 = -20 (own
            // id).
            row("c1", "o1", ts("2024-06-01 10:00:00"), dec("60.00"), dec("10.00"), false),
            row("c1", "o1", ts("2024-06-01 10:00:00"), dec("40.00"), dec("5.00"), false),
            row("c1", "o2", ts("2024-06-20 09:00:00"), dec("50.00"), dec("8.00"), false),
            row("c1", "o3", ts("2024-06-20 15:00:00"), dec("30.00"), null, false),
            row("c1", "r1", ts("2024-06-25 11:00:00"), dec("-20.00"), dec("-2.00"), true),
            // c2: returns exceed purchases: bought 100 on 05-10, returned 150 on 05-15.
            row("c2", "o4", ts("2024-05-10 12:00:00"), dec("100.00"), null, false),
            row("c2", "r2", ts("2024-05-15 12:00:00"), dec("-150.00"), null, true),
            // c3: its only order fully returned (a return line on the same order id).
            row("c3", "o5", ts("2024-04-01 12:00:00"), dec("80.00"), null, false),
            row("c3", "o5", ts("2024-04-03 12:00:00"), dec("-80.00"), null, true),
            // c4: one second before the end of 06-30 (in), one exactly at 07-01 00:00 (out).
            row("c4", "o6", ts("2024-06-30 23:59:59"), dec("25.00"), null, false),
            row("c4", "o7", ts("2024-07-01 00:00:00"), dec("999.00"), null, false),
            // Anonymous sale: revenue totals only, never a customer.
            row(null, "o8", ts("2024-06-10 10:00:00"), dec("70.00"), null, false))
        .withColumn("channel", lit("store"));
  }

  private static Dataset<Row> facts(Timestamp from, LocalDate asOf) {
    Timestamp to =
        Timestamp.from(asOf.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    Dataset<Row> w = CustomerFacts.inWindow(transactions(), new CustomerFacts.Window(from, to));
    return CustomerFacts.summarise(w, asOf)
        .select(
            "customer_id",
            "monetary_net",
            "order_count",
            "purchase_days",
            "avg_order_value",
            "first_purchase_date",
            "last_purchase_date",
            "recency_days",
            "tenure_days",
            "mean_gap_days",
            "margin_net");
  }

  @Test
  void ordersReturnsAndTheAsOfBound() {
    // c1: net 100 + 50 + 30 - 20 = 160; 3 positive orders on 2 days; avg = 180 / 3 = 60;
    //     recency 06-30 - 06-20 = 10; tenure 29; mean gap (20 - 1) / (2 - 1) = 19;
    //     margin 10 + 5 + 8 - 2 = 21 (the unknown margin of o3 is skipped).
    // c2: net 100 - 150 = -50; 1 order (the return is not one); avg 100; recency 05-10 -> 06-30
    //     = 21 + 30 = 51; margin unknown.
    // c3: o5 nets to 0: no order, no purchase dates, net 0.
    // c4: o6 only (o7 is at the exclusive bound): recency 0.
    Dataset<Row> expected =
        df(
            FACTS,
            row(
                "c1",
                dec("160.00"),
                3L,
                2L,
                dec("60.00"),
                d("2024-06-01"),
                d("2024-06-20"),
                10,
                29,
                19.0,
                dec("21.00")),
            row(
                "c2",
                dec("-50.00"),
                1L,
                1L,
                dec("100.00"),
                d("2024-05-10"),
                d("2024-05-10"),
                51,
                51,
                null,
                null),
            row("c3", dec("0.00"), 0L, 0L, null, null, null, null, null, null, null),
            row(
                "c4",
                dec("25.00"),
                1L,
                1L,
                dec("25.00"),
                d("2024-06-30"),
                d("2024-06-30"),
                0,
                0,
                null,
                null));
    assertDataFrameEquals(expected, facts(null, LocalDate.of(2024, 6, 30)));
  }

  @Test
  void anEarlierAsOfReproducesThatDay() {
    // As of 06-15: c1 has only o1 (100, recency 14); c2 and c3 unchanged; c4 not yet a customer.
    Dataset<Row> expected =
        df(
            FACTS,
            row(
                "c1",
                dec("100.00"),
                1L,
                1L,
                dec("100.00"),
                d("2024-06-01"),
                d("2024-06-01"),
                14,
                14,
                null,
                dec("15.00")),
            row(
                "c2",
                dec("-50.00"),
                1L,
                1L,
                dec("100.00"),
                d("2024-05-10"),
                d("2024-05-10"),
                36,
                36,
                null,
                null),
            row("c3", dec("0.00"), 0L, 0L, null, null, null, null, null, null, null));
    assertDataFrameEquals(expected, facts(null, LocalDate.of(2024, 6, 15)));
  }

  @Test
  void lookBackDropsOlderTransactions() {
    // From 2024-05-12: c2's purchase (05-10) falls out but its return (05-15) stays: net -150,
    // no order; c3 falls out entirely.
    Dataset<Row> expected =
        df(
            FACTS,
            row(
                "c1",
                dec("160.00"),
                3L,
                2L,
                dec("60.00"),
                d("2024-06-01"),
                d("2024-06-20"),
                10,
                29,
                19.0,
                dec("21.00")),
            row("c2", dec("-150.00"), 0L, 0L, null, null, null, null, null, null, null),
            row(
                "c4",
                dec("25.00"),
                1L,
                1L,
                dec("25.00"),
                d("2024-06-30"),
                d("2024-06-30"),
                0,
                0,
                null,
                null));
    assertDataFrameEquals(expected, facts(ts("2024-05-12 00:00:00"), LocalDate.of(2024, 6, 30)));
  }
}
