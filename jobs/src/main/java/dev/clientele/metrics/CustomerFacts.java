package dev.clientele.metrics;

import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.AVG_ORDER_VALUE;
import static dev.clientele.schema.Cols.CHANNEL;
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
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
   * Rows whose date column falls from {@code from} (null: no lower bound) to the as-of day
   * included: the day-level window of the payment and survey histories.
   */
  public static Dataset<Row> datedWithin(
      Dataset<Row> rows, String dateColumn, java.time.LocalDate from, java.time.LocalDate asOf) {
    Column keep = col(dateColumn).leq(lit(java.sql.Date.valueOf(asOf)));
    if (from != null) {
      keep = keep.and(col(dateColumn).geq(lit(java.sql.Date.valueOf(from))));
    }
    return rows.where(keep);
  }

  // Columns of the order-level rows (one per customer and order id), shared with PurchaseTiming.
  static final String ORDER_NET = "_order_net";
  static final String ORDER_MARGIN = "_order_margin";
  static final String ORDER_TS = "_order_ts";
  static final String ORDER_DATE = "_order_date";
  static final String ORDER_CHANNEL = "_order_channel";

  /**
   * One row per identified customer and order id: its net over all its lines (returns on the same
   * id included), known margin, and the instant, date and channel of its first line.
   */
  static Dataset<Row> orders(Dataset<Row> windowed) {
    // The earliest line (ties: the lowest channel name) gives the order its channel.
    Column firstLine = min(struct(col(EVENT_TS), col(CHANNEL)));
    return windowed
        .where(col(CUSTOMER_ID).isNotNull())
        .groupBy(CUSTOMER_ID, ORDER_ID)
        .agg(
            sum(AMOUNT_BASE).as(ORDER_NET),
            sum(MARGIN).as(ORDER_MARGIN),
            min(EVENT_TS).as(ORDER_TS),
            to_date(min(EVENT_TS)).as(ORDER_DATE),
            firstLine.getField(CHANNEL).as(ORDER_CHANNEL));
  }

  /** Whether an order is a purchase: its lines net above zero (the F of RFM). */
  static Column isPurchase() {
    return col(ORDER_NET).gt(0);
  }

  /**
   * One row per identified customer with transactions in the window. Dates are calendar dates in
   * the session time zone, which the job sets to {@code clientele.time-zone}. avg_order_value is
   * the net amount of the positive orders divided by their number (returns booked under their own
   * order ids lower monetary_net but not the average basket); null without an order. The timing and
   * basket columns of {@link PurchaseTiming} come from the same orders and the same pass.
   */
  public static Dataset<Row> summarise(Dataset<Row> windowed, LocalDate asOf) {
    Dataset<Row> orders = PurchaseTiming.withGaps(orders(windowed));
    Column positive = isPurchase();
    Column purchaseDate = when(positive, col(ORDER_DATE));
    Column asOfDate = lit(Date.valueOf(asOf));
    // One pass: every per-customer figure from one groupBy over the orders.
    List<Column> aggregates =
        new ArrayList<>(
            List.of(
                sum(ORDER_NET).cast(MONEY).as(MONETARY_NET),
                count(when(positive, lit(1))).as(ORDER_COUNT),
                countDistinct(purchaseDate).as(PURCHASE_DAYS),
                sum(when(positive, col(ORDER_NET))).as("_positive_net"),
                min(purchaseDate).as(FIRST_PURCHASE_DATE),
                max(purchaseDate).as(LAST_PURCHASE_DATE),
                sum(ORDER_MARGIN).cast(MONEY).as(MARGIN_NET)));
    aggregates.addAll(PurchaseTiming.aggregates());
    Dataset<Row> facts =
        orders
            .groupBy(CUSTOMER_ID)
            .agg(
                aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    Column orderCount = col(ORDER_COUNT);
    Dataset<Row> withFacts =
        facts
            .withColumn(
                AVG_ORDER_VALUE,
                when(orderCount.gt(0), round(col("_positive_net").divide(orderCount), 2))
                    .cast(MONEY))
            .withColumn(RECENCY_DAYS, datediff(asOfDate, col(LAST_PURCHASE_DATE)))
            .withColumn(TENURE_DAYS, datediff(asOfDate, col(FIRST_PURCHASE_DATE)))
            // Mean gap between distinct purchase days: the gaps telescope to (last-first) / (n-1).
            .withColumn(
                MEAN_GAP_DAYS,
                when(
                    col(PURCHASE_DAYS).geq(2),
                    datediff(col(LAST_PURCHASE_DATE), col(FIRST_PURCHASE_DATE))
                        .cast("double")
                        .divide(col(PURCHASE_DAYS).minus(1))))
            .drop("_positive_net");
    return PurchaseTiming.finish(withFacts);
  }
}
