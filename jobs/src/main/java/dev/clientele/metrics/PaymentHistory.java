package dev.clientele.metrics;

import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.AMOUNT_OVERDUE;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.DAYS_LATE_MEAN;
import static dev.clientele.schema.Cols.DAYS_OVERDUE_MAX;
import static dev.clientele.schema.Cols.DUE_DATE;
import static dev.clientele.schema.Cols.ON_TIME_SHARE;
import static dev.clientele.schema.Cols.PAID_DATE;
import static dev.clientele.schema.Cols.PAYMENTS_SETTLED;
import static dev.clientele.schema.Cols.PAYMENT_ID;
import static dev.clientele.schema.Cols.PAYMENT_RISK;
import static dev.clientele.schema.Cols.SOURCE;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.PaymentSettings;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Payment history as of the snapshot date (docs/metrics.md "Payments and surveys"). Only what is
 * known on the as-of day counts: a payment made after it is still unpaid, one due after it is not
 * yet due. A payment is settled when paid by the as-of day or past due (due before it); the on-time
 * share is over the settled ones, so a payment due today and not yet paid counts nowhere.
 */
public final class PaymentHistory {
  private PaymentHistory() {}

  /** Payments due from {@code fromInclusive} (null: no lower bound) to the as-of day included. */
  public static Dataset<Row> inWindow(Dataset<Row> payments, LocalDate from, LocalDate asOf) {
    return CustomerFacts.datedWithin(payments, DUE_DATE, from, asOf);
  }

  /**
   * One row per customer with a payment in {@code payments} (source, payment_id, customer_id,
   * due_date, paid_date, amount_base; already in the window): payments_settled, on_time_share,
   * days_late_mean, amount_overdue, days_overdue_max.
   */
  public static Dataset<Row> perCustomer(Dataset<Row> payments, LocalDate asOf) {
    Column day = lit(Date.valueOf(asOf));
    payments = latestKnown(payments, day);
    Column paid = col(PAID_DATE).isNotNull().and(col(PAID_DATE).leq(day));
    Column pastDue = col(DUE_DATE).lt(day);
    Column overdue = pastDue.and(not(paid));
    Column settled = paid.or(pastDue);
    return payments
        .where(col(CUSTOMER_ID).isNotNull())
        .groupBy(CUSTOMER_ID)
        .agg(
            count(when(settled, lit(1))).as(PAYMENTS_SETTLED),
            count(when(paid.and(col(PAID_DATE).leq(col(DUE_DATE))), lit(1))).as("_on_time"),
            avg(when(paid, greatest(datediff(col(PAID_DATE), col(DUE_DATE)), lit(0))))
                .as(DAYS_LATE_MEAN),
            coalesce(
                    sum(when(overdue, col(AMOUNT_BASE))),
                    lit(BigDecimal.ZERO).cast(CustomerFacts.MONEY))
                .cast(CustomerFacts.MONEY)
                .as(AMOUNT_OVERDUE),
            coalesce(max(when(overdue, datediff(day, col(DUE_DATE)))), lit(0)).as(DAYS_OVERDUE_MAX))
        .withColumn(
            ON_TIME_SHARE,
            when(
                col(PAYMENTS_SETTLED).gt(0),
                col("_on_time").cast("double").divide(col(PAYMENTS_SETTLED))))
        .drop("_on_time");
  }

  /**
   * One row per payment: a source that sends an invoice again once it is paid (same source and
   * payment_id) has it paid on the earliest paid date known by the as-of day, unpaid if none is;
   * rows without a payment_id are each their own payment.
   */
  static Dataset<Row> latestKnown(Dataset<Row> payments, Column day) {
    Column withId = col(PAYMENT_ID).isNotNull();
    Dataset<Row> identified =
        payments
            .where(withId)
            .groupBy(col(SOURCE), col(PAYMENT_ID))
            .agg(
                max(col(CUSTOMER_ID)).as(CUSTOMER_ID),
                max(col(DUE_DATE)).as(DUE_DATE),
                coalesce(min(when(col(PAID_DATE).leq(day), col(PAID_DATE))), max(col(PAID_DATE)))
                    .as(PAID_DATE),
                max(col(AMOUNT_BASE)).as(AMOUNT_BASE));
    Column[] cols = {col(CUSTOMER_ID), col(DUE_DATE), col(PAID_DATE), col(AMOUNT_BASE)};
    return identified.select(cols).unionByName(payments.where(not(withId)).select(cols));
  }

  /**
   * The customers with their payment columns and payment_risk: the first configured level whose
   * condition holds; null for a customer with no settled payment (no history to judge).
   */
  public static Dataset<Row> attach(
      Dataset<Row> customers, Dataset<Row> perCustomer, PaymentSettings settings) {
    Dataset<Row> joined =
        customers
            .join(perCustomer, new String[] {CUSTOMER_ID}, "left")
            .withColumn(PAYMENTS_SETTLED, coalesce(col(PAYMENTS_SETTLED), lit(0L)));
    Column level = null;
    for (PaymentSettings.Level l : settings.riskLevels()) {
      Column holds = coalesce(expr(l.condition()), lit(false));
      level = level == null ? when(holds, l.name()) : level.when(holds, l.name());
    }
    Column risk = level == null ? lit(null).cast("string") : level;
    return joined.withColumn(PAYMENT_RISK, when(col(PAYMENTS_SETTLED).gt(0), risk));
  }
}
