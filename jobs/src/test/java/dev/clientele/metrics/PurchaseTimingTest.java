package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.dec;
import static dev.clientele.metrics.CustomerFactsTest.ts;
import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.testkit.SparkTest;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Timing and basket columns of customer_metrics, worked by hand (2024-01-01 was a Monday; the
 * session zone is UTC unless a test sets another).
 */
@ExtendWith(SparkTest.class)
class PurchaseTimingTest {
  /** The facts' transaction lines plus the channel of their source. */
  private static final StructType TX = CustomerFactsTest.TX.add("channel", DataTypes.StringType);

  private static final StructType OUT =
      StructType.fromDDL(
          "customer_id string, preferred_weekday string, preferred_hour_band string,"
              + " purchase_share_q1 double, purchase_share_q2 double, purchase_share_q3 double,"
              + " purchase_share_q4 double, mean_days_between_purchases double,"
              + " median_days_between_purchases double, basket_value_p25 decimal(18,2),"
              + " basket_value_p50 decimal(18,2), basket_value_p75 decimal(18,2),"
              + " basket_value_p90 decimal(18,2), preferred_channel string");

  private static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

  private static Dataset<Row> timing(Dataset<Row> tx) {
    Dataset<Row> w =
        CustomerFacts.inWindow(tx, new CustomerFacts.Window(null, ts("2025-01-01 00:00:00")));
    String[] names = OUT.fieldNames();
    return CustomerFacts.summarise(w, AS_OF)
        .select(names[0], Arrays.copyOfRange(names, 1, names.length));
  }

  private static Dataset<Row> transactions() {
    return df(
        TX,
        // a: six purchases; a6 is fully returned and r1 is a return under its own id.
        row("a", "a1", ts("2024-01-06 10:00:00"), dec("15.00"), null, false, "web"),
        row("a", "a1", ts("2024-01-06 10:05:00"), dec("5.00"), null, false, "web"),
        row("a", "a2", ts("2024-01-06 19:00:00"), dec("40.00"), null, false, "web"),
        row("a", "a3", ts("2024-02-10 20:00:00"), dec("10.00"), null, false, "store"),
        row("a", "a4", ts("2024-05-15 09:00:00"), dec("100.00"), null, false, "store"),
        row("a", "a5", ts("2024-05-20 14:00:00"), dec("30.00"), null, false, "web"),
        // A partial return of a5 (booked in store), then a6 returned in full: net 0.
        row("a", "a5", ts("2024-05-25 11:00:00"), dec("-7.50"), null, true, "store"),
        row("a", "a6", ts("2024-08-01 11:00:00"), dec("50.00"), null, false, "phone"),
        row("a", "a6", ts("2024-08-03 11:00:00"), dec("-50.00"), null, true, "phone"),
        row("a", "a7", ts("2024-11-30 21:00:00"), dec("60.00"), null, false, "web"),
        row("a", "r1", ts("2024-12-05 10:00:00"), dec("-25.00"), null, true, "store"),
        // b: ties everywhere: Sunday afternoon 'web' against Monday morning 'app'.
        row("b", "b1", ts("2024-03-10 13:00:00"), dec("30.00"), null, false, "web"),
        row("b", "b2", ts("2024-03-11 08:00:00"), dec("50.00"), null, false, "app"),
        // c: a single purchase, one second before the morning band.
        row("c", "c1", ts("2024-10-15 05:59:59"), dec("42.00"), null, false, "store"),
        // d: its only order fully returned: no purchase.
        row("d", "d1", ts("2024-04-01 12:00:00"), dec("80.00"), null, false, "web"),
        row("d", "d1", ts("2024-04-03 12:00:00"), dec("-80.00"), null, true, "web"));
  }

  @Test
  void timingAndBasketColumnsWorkedByHand() {
    // a's purchases (a6 nets to 0 and r1 is negative: neither counts):
    //   a1 01-06 Sat 10h web 20 | a2 01-06 Sat 19h web 40 | a3 02-10 Sat 20h store 10 |
    //   a4 05-15 Wed 09h store 100 | a5 05-20 Mon 14h web 22.50 (30 - 7.50; its channel and
    //   instant are its first line's) | a7 11-30 Sat 21h web 60.
    //   Weekday: Sat 4 -> saturday. Bands: evening 3 (a2 a3 a7), morning 2, afternoon 1.
    //   Quarters: Q1 3/6, Q2 2/6, Q3 0 (a6 is no purchase), Q4 1/6. Channel: web 4, store 2.
    //   Gaps: 0 (same day), 35, 95 (19 + 31 + 30 + 15), 5, 194 (a5 to a7, skipping a6:
    //   11 + 153 + 30); sum 329 = 11-30 - 01-06; mean 329 / 5 = 65.8; median of
    //   0 5 35 95 194 = 35.
    //   Baskets sorted 10, 20, 22.5, 40, 60, 100 (n = 6, rank (n - 1) p, linear in between):
    //   p25 rank 1.25: 20 + 0.25 x 2.5 = 20.625 -> 20.63 (half-up); p50 rank 2.5: 22.5 + 0.5 x
    //   17.5 = 31.25; p75 rank 3.75: 40 + 0.75 x 20 = 55; p90 rank 4.5: 60 + 0.5 x 40 = 80.
    // b: Sunday vs Monday 1 each -> monday (weeks start on Monday); afternoon vs morning ->
    //   morning; web vs app -> app (first name); Q1 1.0; one gap of 1 day; baskets 30, 50:
    //   p25 35, p50 40, p75 45, p90 30 + 0.9 x 20 = 48.
    // c: one purchase: Tue 05:59:59 is night; Q4; no gap; every percentile is 42.
    // d: no purchase: every column null.
    Dataset<Row> expected =
        df(
            OUT,
            row(
                "a",
                "saturday",
                "evening",
                0.5,
                1.0 / 3,
                0.0,
                1.0 / 6,
                65.8,
                35.0,
                dec("20.63"),
                dec("31.25"),
                dec("55.00"),
                dec("80.00"),
                "web"),
            row(
                "b",
                "monday",
                "morning",
                1.0,
                0.0,
                0.0,
                0.0,
                1.0,
                1.0,
                dec("35.00"),
                dec("40.00"),
                dec("45.00"),
                dec("48.00"),
                "app"),
            row(
                "c",
                "tuesday",
                "night",
                0.0,
                0.0,
                0.0,
                1.0,
                null,
                null,
                dec("42.00"),
                dec("42.00"),
                dec("42.00"),
                dec("42.00"),
                "store"),
            row("d", null, null, null, null, null, null, null, null, null, null, null, null, null));
    assertDataFrameEquals(expected, timing(transactions()), 1e-12);
  }

  @Test
  void weekdayHourAndQuarterAreReadInTheConfiguredZone() {
    // 2024-03-03 23:30 UTC is Sunday evening in UTC and Monday 00:30 in Paris (UTC+1);
    // 2024-06-30 22:30 UTC is Sunday evening, Q2 in UTC and Monday 07-01 00:30, Q3 in Paris
    // (UTC+2). The job sets the session zone to clientele.time-zone.
    Dataset<Row> tx =
        df(
            TX,
            row("z", "z1", ts("2024-03-03 23:30:00"), dec("10.00"), null, false, "web"),
            row("z", "z2", ts("2024-06-30 22:30:00"), dec("20.00"), null, false, "web"));
    SparkSession spark = SparkTest.spark();
    String zone = spark.conf().get("spark.sql.session.timeZone");
    try {
      spark.conf().set("spark.sql.session.timeZone", "Europe/Paris");
      // Paris dates 03-04 and 07-01: 119 days apart (27 + 30 + 31 + 30 + 1).
      assertDataFrameEquals(df(OUT, zoned("monday", "night", 0.0, 0.5, 119.0)), timing(tx), 1e-12);
      spark.conf().set("spark.sql.session.timeZone", "UTC");
      // UTC dates 03-03 and 06-30: 119 days apart as well (28 + 30 + 31 + 30).
      assertDataFrameEquals(
          df(OUT, zoned("sunday", "evening", 0.5, 0.0, 119.0)), timing(tx), 1e-12);
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  /** Customer z: Q1 share 0.5, the given Q2 / Q3 shares, baskets 10 and 20, channel web. */
  private static Object[] zoned(String day, String band, double q2, double q3, double gap) {
    return row(
        "z",
        day,
        band,
        0.5,
        q2,
        q3,
        0.0,
        gap,
        gap,
        dec("12.50"),
        dec("15.00"),
        dec("17.50"),
        dec("19.00"),
        "web");
  }
}
