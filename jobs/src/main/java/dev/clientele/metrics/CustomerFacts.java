package dev.clientele.metrics;

import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.AVG_ORDER_VALUE;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.EVENT_TS;
import static dev.clientele.schema.Cols.FIRST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.LAST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.MARGIN;
import static dev.clientele.schema.Cols.MARGIN_NET;
import static dev.clientele.schema.Cols.MEAN_GAP_DAYS;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.ORDER_ID;
import static dev.clientele.schema.Cols.PURCHASE_DAYS;
import static dev.clientele.schema.Cols.RECENCY_DAYS;
import static dev.clientele.schema.Cols.TENURE_DAYS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-customer purchase facts from silver transactions, as of a date. An order is a distinct order
 * id of a customer whose lines net to a positive amount; returns and cancellations (their own order
 * ids or lines of the same order) are netted into {@code monetary_net} but never count as
 * purchases. Anonymous lines (null customer_id) are left out here: they count in revenue totals
 * only.
 */
public final class CustomerFacts {
  /** Money columns of the contract. */
  public static final String MONEY = "decimal(18,2)";

  private CustomerFacts() {}

  /**
   * The window of transactions a snapshot uses: {@code event_ts < toExclusive} and, when a
   * look-back is configured, {@code event_ts >= fromInclusive} (null: all history).
   */
  public record Window(Timestamp fromInclusive, Timestamp toExclusive) {}

  public static Dataset<Row> inWindow(Dataset<Row> transactions, Window w) {
    Column keep = col(EVENT_TS).lt(lit(w.toExclusive()));
    if (w.fromInclusive() != null) {
      keep = keep.and(col(EVENT_TS).geq(lit(w.fromInclusive())));
    }
    return transactions.where(keep);
  }

  /**
   * One row per identified customer with transactions in the window. Dates are calendar dates in
   * the session time zone, which the job sets to {@code clientele.time-zone}. avg_order_value is
   * the net amount of the positive orders divided by their number (returns booked under their own
   * order ids lower monetary_net but not the average basket); null without an order.
   */
  public static Dataset<Row> summarise(Dataset<Row> windowed, LocalDate asOf) {
    Dataset<Row> orders =
        windowed
            .where(col(CUSTOMER_ID).isNotNull())
            .groupBy(CUSTOMER_ID, ORDER_ID)
            .agg(
                sum(AMOUNT_BASE).as("_order_net"),
                sum(MARGIN).as("_order_margin"),
                to_date(min(EVENT_TS)).as("_order_date"));
    Column positive = col("_order_net").gt(0);
    Column purchaseDate = when(positive, col("_order_date"));
    Column asOfDate = lit(Date.valueOf(asOf));
    // One pass: every per-customer figure from one groupBy over the orders.
    Dataset<Row> facts =
        orders
            .groupBy(CUSTOMER_ID)
            .agg(
                sum("_order_net").cast(MONEY).as(MONETARY_NET),
                count(when(positive, lit(1))).as(ORDER_COUNT),
                countDistinct(purchaseDate).as(PURCHASE_DAYS),
                sum(when(positive, col("_order_net"))).as("_positive_net"),
                min(purchaseDate).as(FIRST_PURCHASE_DATE),
                max(purchaseDate).as(LAST_PURCHASE_DATE),
                sum("_order_margin").cast(MONEY).as(MARGIN_NET));
    Column orderCount = col(ORDER_COUNT);
    return facts
        .withColumn(
            AVG_ORDER_VALUE,
            when(orderCount.gt(0), round(col("_positive_net").divide(orderCount), 2)).cast(MONEY))
        .withColumn(RECENCY_DAYS, datediff(asOfDate, col(LAST_PURCHASE_DATE)))
        .withColumn(TENURE_DAYS, datediff(asOfDate, col(FIRST_PURCHASE_DATE)))
        // Mean gap between distinct purchase days: the gaps telescope to (last - first) / (n - 1).
        .withColumn(
            MEAN_GAP_DAYS,
            when(
                col(PURCHASE_DAYS).geq(2),
                datediff(col(LAST_PURCHASE_DATE), col(FIRST_PURCHASE_DATE))
                    .cast("double")
                    .divide(col(PURCHASE_DAYS).minus(1))))
        .drop("_positive_net");
  }
}
