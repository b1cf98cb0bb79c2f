package dev.clientele.metrics.clv;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class ClvSummaryTest {
  private static final StructType TX =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType);

  private static final StructType PROFILES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("relationship", DataTypes.StringType);

  private static final StructType OUT =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("btyd_x", DataTypes.DoubleType)
          .add("btyd_t_x", DataTypes.DoubleType)
          .add("btyd_t", DataTypes.DoubleType)
          .add("btyd_mean_repeat_value", DataTypes.DoubleType)
          .add("clv_historical", DataTypes.createDecimalType(18, 2))
          .add(ClvSummary.X_DAYS, DataTypes.IntegerType)
          .add(ClvSummary.T_X_DAYS, DataTypes.IntegerType)
          .add(ClvSummary.T_DAYS, DataTypes.IntegerType);

  private static Object[] tx(String customer, String ts, String amount, boolean isReturn) {
    return row(customer, Timestamp.from(Instant.parse(ts)), new BigDecimal(amount), isReturn);
  }

  private static Dataset<Row> transactions() {
    return df(
        TX,
        // A: Jan 1 two lines (15), Jan 8 bought and returned (net 0 with a return: no purchase),
        // Jan 15 (30), Feb 14 12.50 - 2.50 (10), Apr 1 after the as-of (ignored).
        tx("A", "2024-01-01T10:00:00Z", "10.00", false),
        tx("A", "2024-01-01T15:00:00Z", "5.00", false),
        tx("A", "2024-01-08T10:00:00Z", "20.00", false),
        tx("A", "2024-01-08T11:00:00Z", "-20.00", true),
        tx("A", "2024-01-15T10:00:00Z", "30.00", false),
        tx("A", "2024-02-14T10:00:00Z", "12.50", false),
        tx("A", "2024-02-14T11:00:00Z", "-2.50", true),
        tx("A", "2024-04-01T00:00:00Z", "100.00", false),
        // B: one free order: a purchase day of value 0.
        tx("B", "2024-03-01T10:00:00Z", "0.00", false),
        // C: only a return: no purchase day, no summary row.
        tx("C", "2024-02-01T10:00:00Z", "-5.00", true),
        // D: a test customer (profiles), E: bought in the last half hour of the as-of day.
        tx("D", "2024-01-10T10:00:00Z", "50.00", false),
        tx("E", "2024-03-31T23:30:00Z", "8.00", false),
        // F: a return before the first purchase must not be taken as the first purchase day.
        tx("F", "2024-01-05T10:00:00Z", "-5.00", true),
        tx("F", "2024-01-20T10:00:00Z", "40.00", false),
        tx("F", "2024-02-01T10:00:00Z", "10.00", false),
        tx(null, "2024-01-10T10:00:00Z", "99.00", false));
  }

  private static Dataset<Row> summary(double daysPerUnit) {
    Dataset<Row> profiles = df(PROFILES, row("A", "consumer"), row("D", "test"));
    Dataset<Row> commercial =
        ClvSummary.commercialOnly(transactions(), profiles, List.of("internal", "test"));
    return ClvSummary.of(
        commercial,
        new ClvSummary.Params(
            Timestamp.from(Instant.parse("2024-04-01T00:00:00Z")),
            LocalDate.of(2024, 3, 31),
            daysPerUnit));
  }

  @Test
  void summaryInDays() {
    // A: purchase days Jan 1 (15), Jan 15 (30), Feb 14 (10): x = 2, t_x = 44, T = 90 (Jan 1 ->
    // Mar 31), mean repeat value (30 + 10) / 2 = 20, net revenue 15 + 0 + 30 + 10 = 55.
    // B: x = 0, T = 30 (Mar 1 -> Mar 31). E: T = 0.
    // F: first purchase Jan 20 (40), repeat Feb 1 (10): x = 1, t_x = 12, T = 11 + 29 + 31 = 71,
    // mean repeat value 10, net revenue -5 + 40 + 10 = 45.
    assertDataFrameEquals(
        df(
            OUT,
            row("A", 2.0, 44.0, 90.0, 20.0, new BigDecimal("55.00"), 2, 44, 90),
            row("B", 0.0, 0.0, 30.0, 0.0, new BigDecimal("0.00"), 0, 0, 30),
            row("E", 0.0, 0.0, 0.0, 0.0, new BigDecimal("8.00"), 0, 0, 0),
            row("F", 1.0, 12.0, 71.0, 10.0, new BigDecimal("45.00"), 1, 12, 71)),
        summary(1.0),
        1e-12);
  }

  @Test
  void summaryInWeeks() {
    // Same days divided by 7: 44 / 7 = 6.285714..., 90 / 7 = 12.857142..., 30 / 7 = 4.285714...
    assertDataFrameEquals(
        df(
            OUT,
            row("A", 2.0, 44 / 7.0, 90 / 7.0, 20.0, new BigDecimal("55.00"), 2, 44, 90),
            row("B", 0.0, 0.0, 30 / 7.0, 0.0, new BigDecimal("0.00"), 0, 0, 30),
            row("E", 0.0, 0.0, 0.0, 0.0, new BigDecimal("8.00"), 0, 0, 0),
            row("F", 1.0, 12 / 7.0, 71 / 7.0, 10.0, new BigDecimal("45.00"), 1, 12, 71)),
        summary(7.0),
        1e-12);
  }
}
