package dev.clientele.metrics.clv;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class ClvMarginsTest {
  private static final StructType TX =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("margin", DataTypes.createDecimalType(18, 2));

  @Test
  void ownMarginRateFromKnownMarginsElseNull() {
    Timestamp d = Timestamp.valueOf("2024-06-01 10:00:00");
    Timestamp late = Timestamp.valueOf("2025-01-01 10:00:00");
    Dataset<Row> tx =
        df(
            TX,
            // a: (30 + 10 - 5) / (100 + 100 - 25) = 35 / 175 = 0.2; the 2025 line is after the end.
            row("a", d, new BigDecimal("100.00"), new BigDecimal("30.00")),
            row("a", d, new BigDecimal("100.00"), new BigDecimal("10.00")),
            row("a", d, new BigDecimal("-25.00"), new BigDecimal("-5.00")),
            row("a", late, new BigDecimal("100.00"), new BigDecimal("100.00")),
            // b: no known margin -> no row -> the configured rate applies.
            row("b", d, new BigDecimal("50.00"), null),
            // c: margins known but the revenue nets to 0 -> null.
            row("c", d, new BigDecimal("20.00"), new BigDecimal("5.00")),
            row("c", d, new BigDecimal("-20.00"), new BigDecimal("-5.00")));
    Map<String, Double> rates = new HashMap<>();
    // At most one row per customer of a 3-customer test.
    for (Row r : ClvMargins.rates(tx, Timestamp.valueOf("2025-01-01 00:00:00")).collectAsList()) {
      rates.put(r.getString(0), r.isNullAt(1) ? null : r.getDouble(1));
    }
    assertEquals(0.2, rates.get("a"), 1e-12);
    assertEquals(false, rates.containsKey("b"), "no known margin: no rate");
    assertNull(rates.get("c"), "no positive revenue: no rate");
  }
}
