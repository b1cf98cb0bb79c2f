package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.d;
import static dev.clientele.metrics.CustomerFactsTest.dec;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import dev.clientele.config.PaymentSettings;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payment history as of 2024-12-31, worked by hand: what is known on the as-of day only, settled
 * payments (paid by then, or past due) as the on-time share's denominator, the shipped risk levels.
 */
@ExtendWith(SparkTest.class)
class PaymentHistoryTest {
  static final LocalDate AS_OF = LocalDate.parse("2024-12-31");

  private static final StructType PAYMENTS =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("payment_id", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("due_date", DataTypes.DateType)
          .add("paid_date", DataTypes.DateType)
          .add("amount_base", DataTypes.createDecimalType(18, 2));

  /**
   * a: on time (03-31 paid 03-28), 14 days late (09-30 paid 10-14), one due after the as-of day. b:
   * paid on its due day; one due on the as-of day, unpaid (pending: counted nowhere). c: 66 days
   * late (05-15 paid 07-20); 184.00 unpaid since 10-01 (91 days); 80.00 due 12-01 paid 2025-01-05,
   * so unpaid as of 12-31 (30 days). d: only a payment due in 2025. e: no payment row at all. a's
   * P2 arrives three times (unpaid, paid 10-14, paid 11-02): one payment, paid 10-14. f: two rows
   * without payment id: two payments.
   */
  private static Dataset<Row> payments() {
    return df(
        PAYMENTS,
        row("billing", "P1", "a", d("2024-03-31"), d("2024-03-28"), dec("120.00")),
        row("billing", "P2", "a", d("2024-09-30"), d("2024-10-14"), dec("143.90")),
        row("billing", "P3", "a", d("2025-01-31"), null, dec("50.00")),
        row("billing", "P4", "b", d("2024-06-30"), d("2024-06-30"), dec("60.00")),
        row("billing", "P5", "b", d("2024-12-31"), null, dec("59.00")),
        row("billing", "P6", "c", d("2024-05-15"), d("2024-07-20"), dec("115.00")),
        row("billing", "P7", "c", d("2024-10-01"), null, dec("184.00")),
        row("billing", "P8", "c", d("2024-12-01"), d("2025-01-05"), dec("80.00")),
        row("billing", "P9", "d", d("2025-02-28"), null, dec("10.00")),
        row("billing", "P10", null, d("2024-01-31"), null, dec("99.00")),
        // a's P2 sent again once paid, and once more with a later (wrong) date: paid 10-14.
        row("billing", "P2", "a", d("2024-09-30"), null, dec("143.90")),
        row("billing", "P2", "a", d("2024-09-30"), d("2024-11-02"), dec("143.90")),
        // No payment id: each row is its own payment (e's two).
        row("billing", null, "f", d("2024-03-31"), d("2024-03-31"), dec("5.00")),
        row("billing", null, "f", d("2024-03-31"), d("2024-03-31"), dec("5.00")));
  }

  private static Row of(Dataset<Row> rows, String id) {
    List<Row> hit = rows.where(col("customer_id").equalTo(id)).collectAsList();
    assertEquals(1, hit.size(), id + ": one row");
    return hit.get(0);
  }

  @Test
  void settledOnTimeLateAndOverdueAsOfTheSnapshot() {
    Dataset<Row> customers =
        df(
            new StructType().add("customer_id", DataTypes.StringType),
            row("a"),
            row("b"),
            row("c"),
            row("d"),
            row("e"),
            row("f"));
    PaymentSettings shipped =
        PaymentSettings.from(
            ConfigFactory.parseFile(
                    SparkTest.projectDir().resolve("conf/application.conf").toFile())
                .resolve());
    Dataset<Row> out =
        PaymentHistory.attach(
                customers,
                PaymentHistory.perCustomer(PaymentHistory.inWindow(payments(), null, AS_OF), AS_OF),
                shipped)
            .select(
                "customer_id",
                "payments_settled",
                "on_time_share",
                "days_late_mean",
                "amount_overdue",
                "days_overdue_max",
                "payment_risk")
            .cache();
    assertEquals(6, out.count(), "one row per customer; the payment without customer is nobody's");

    Row a = of(out, "a");
    assertEquals(2L, a.getLong(1), "a: two settled, the 2025 one not yet due");
    assertEquals(0.5, a.getDouble(2), 1e-12, "a: one of two on time");
    assertEquals(7.0, a.getDouble(3), 1e-12, "a: (0 + 14) / 2 days late");
    assertEquals(0, BigDecimal.ZERO.compareTo(a.getDecimal(4)), "a: nothing overdue");
    assertEquals(0, a.getInt(5));
    assertEquals("medium", a.getString(6), "a: on-time share 0.5 is below 0.9, not below 0.5");

    Row b = of(out, "b");
    assertEquals(1L, b.getLong(1), "b: the payment due today is pending, not settled");
    assertEquals(1.0, b.getDouble(2), 1e-12);
    assertEquals(0.0, b.getDouble(3), 1e-12);
    assertEquals(0, BigDecimal.ZERO.compareTo(b.getDecimal(4)), "b: due today is not overdue");
    assertEquals("low", b.getString(6));

    Row c = of(out, "c");
    assertEquals(3L, c.getLong(1), "c: one paid, two past due");
    assertEquals(0.0, c.getDouble(2), 1e-12, "c: none on time");
    assertEquals(66.0, c.getDouble(3), 1e-12, "c: only the payment made by 12-31 counts");
    assertEquals(0, new BigDecimal("264.00").compareTo(c.getDecimal(4)), "c: 184.00 + 80.00");
    assertEquals(91, c.getInt(5), "c: 2024-10-01 to 2024-12-31");
    assertEquals("high", c.getString(6));

    Row d = of(out, "d");
    assertEquals(0L, d.getLong(1), "d: its only payment is not due yet");
    assertNull(d.get(2), "d: no on-time share without a settled payment");
    assertNull(d.get(6), "d: no history, no risk level");

    assertEquals(2L, of(out, "f").getLong(1), "f: two payments without id");

    Row e = of(out, "e");
    assertEquals(0L, e.getLong(1));
    assertNull(e.get(4), "e: no payments, no amount overdue");
    assertNull(e.get(5));
    assertNull(e.get(6));
  }

  @Test
  void theWindowStartsAtTheLookBack() {
    Dataset<Row> kept = PaymentHistory.inWindow(payments(), LocalDate.parse("2024-06-01"), AS_OF);
    // Due 2024-06-01 .. 2024-12-31: a's 09-30 (three rows), b's two, c's 10-01 and 12-01.
    assertEquals(7, kept.count());
  }

  @Test
  void levelNamesAreChecked() {
    var bad =
        ConfigFactory.parseString(
            "clientele.payments.risk-levels = [{ level = \"High Risk\", condition = \"true\" }]");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.clientele.Errors.ClienteleException.class, () -> PaymentSettings.from(bad));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a level name"));
  }
}
