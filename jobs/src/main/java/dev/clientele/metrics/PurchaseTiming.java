package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFacts.ORDER_CHANNEL;
import static dev.clientele.metrics.CustomerFacts.ORDER_DATE;
import static dev.clientele.metrics.CustomerFacts.ORDER_NET;
import static dev.clientele.metrics.CustomerFacts.ORDER_TS;
import static dev.clientele.metrics.CustomerFacts.isPurchase;
import static dev.clientele.schema.Cols.BASKET_VALUE_P25;
import static dev.clientele.schema.Cols.BASKET_VALUE_P50;
import static dev.clientele.schema.Cols.BASKET_VALUE_P75;
import static dev.clientele.schema.Cols.BASKET_VALUE_P90;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.MEAN_DAYS_BETWEEN_PURCHASES;
import static dev.clientele.schema.Cols.MEDIAN_DAYS_BETWEEN_PURCHASES;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.ORDER_ID;
import static dev.clientele.schema.Cols.PREFERRED_CHANNEL;
import static dev.clientele.schema.Cols.PREFERRED_HOUR_BAND;
import static dev.clientele.schema.Cols.PREFERRED_WEEKDAY;
import static dev.clientele.schema.Cols.PURCHASE_SHARE_Q1;
import static dev.clientele.schema.Cols.PURCHASE_SHARE_Q2;
import static dev.clientele.schema.Cols.PURCHASE_SHARE_Q3;
import static dev.clientele.schema.Cols.PURCHASE_SHARE_Q4;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.mode;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.weekday;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * When, how often and how much a customer buys, from the order-level rows of {@link CustomerFacts}
 * (purchases only: orders whose lines net above zero). An order's instant is its first line, read
 * in the session time zone, which the job sets to {@code clientele.time-zone}. The aggregates join
 * the one per-customer pass of {@link CustomerFacts#summarise}; docs/metrics.md defines each
 * column.
 */
final class PurchaseTiming {
  /** The output columns, in contract order. */
  static final List<String> COLUMNS =
      List.of(
          PREFERRED_WEEKDAY,
          PREFERRED_HOUR_BAND,
          PURCHASE_SHARE_Q1,
          PURCHASE_SHARE_Q2,
          PURCHASE_SHARE_Q3,
          PURCHASE_SHARE_Q4,
          MEAN_DAYS_BETWEEN_PURCHASES,
          MEDIAN_DAYS_BETWEEN_PURCHASES,
          BASKET_VALUE_P25,
          BASKET_VALUE_P50,
          BASKET_VALUE_P75,
          BASKET_VALUE_P90,
          PREFERRED_CHANNEL);

  /** Indexed by Spark's {@code weekday()} (0 = Monday): ISO order, so ties go to Monday first. */
  static final List<String> WEEKDAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  /** Six-hour bands from midnight, indexed by hour / 6: [0, 6), [6, 12), [12, 18), [18, 24). */
  static final List<String> HOUR_BANDS = List.of("night", "morning", "afternoon", "evening");

  private static final List<String> QUARTER_SHARES =
      List.of(PURCHASE_SHARE_Q1, PURCHASE_SHARE_Q2, PURCHASE_SHARE_Q3, PURCHASE_SHARE_Q4);
  private static final List<String> BASKETS =
      List.of(BASKET_VALUE_P25, BASKET_VALUE_P50, BASKET_VALUE_P75, BASKET_VALUE_P90);
  private static final double[] BASKET_PERCENTILES = {0.25, 0.5, 0.75, 0.9};

  private static final String GAP_DAYS = "_gap_days";
  private static final String WEEKDAY_INDEX = "_weekday_index";
  private static final String BAND_INDEX = "_band_index";
  private static final String BASKET_VALUES = "_basket_values";

  private PurchaseTiming() {}

  /**
   * Adds to each purchase the days since the customer's previous purchase (null for the first and
   * for orders that are no purchase). Orders on the same day are 0 days apart.
   */
  static Dataset<Row> withGaps(Dataset<Row> orders) {
    WindowSpec inTime = Window.partitionBy(CUSTOMER_ID).orderBy(col(ORDER_TS), col(ORDER_ID));
    Column purchaseDate = when(isPurchase(), col(ORDER_DATE));
    // ignoreNulls: the previous purchase, skipping orders netted to zero or below in between.
    return orders.withColumn(
        GAP_DAYS, datediff(purchaseDate, lag(purchaseDate, 1, null, true).over(inTime)));
  }

  /** Per-customer aggregates over the rows of {@link #withGaps}, for the one groupBy. */
  static List<Column> aggregates() {
    Column purchase = isPurchase();
    List<Column> out = new ArrayList<>();
    // mode(_, true) breaks ties to the lowest value: earliest weekday or band, first channel name.
    out.add(mode(when(purchase, weekday(col(ORDER_DATE))), true).as(WEEKDAY_INDEX));
    out.add(mode(when(purchase, floor(hour(col(ORDER_TS)).divide(6))), true).as(BAND_INDEX));
    for (int q = 1; q <= 4; q++) {
      Column inQuarter = purchase.and(quarter(col(ORDER_DATE)).equalTo(q));
      out.add(count(when(inQuarter, lit(1))).as(QUARTER_SHARES.get(q - 1)));
    }
    out.add(avg(GAP_DAYS).as(MEAN_DAYS_BETWEEN_PURCHASES));
    // percentile: exact, linear interpolation between the closest ranks (not percentile_approx).
    out.add(percentile(col(GAP_DAYS), lit(0.5)).as(MEDIAN_DAYS_BETWEEN_PURCHASES));
    Column[] ps = new Column[BASKET_PERCENTILES.length];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = lit(BASKET_PERCENTILES[i]);
    }
    out.add(percentile(when(purchase, col(ORDER_NET)), array(ps)).as(BASKET_VALUES));
    out.add(mode(when(purchase, col(ORDER_CHANNEL)), true).as(PREFERRED_CHANNEL));
    return out;
  }

  /** Turns the aggregates into the output columns (needs {@code order_count}). */
  static Dataset<Row> finish(Dataset<Row> aggregated) {
    Column orders = col(ORDER_COUNT);
    Dataset<Row> out =
        aggregated
            .withColumn(PREFERRED_WEEKDAY, named(WEEKDAYS, col(WEEKDAY_INDEX)))
            .withColumn(PREFERRED_HOUR_BAND, named(HOUR_BANDS, col(BAND_INDEX)));
    for (String share : QUARTER_SHARES) {
      out = out.withColumn(share, when(orders.gt(0), col(share).divide(orders)));
    }
    for (int i = 0; i < BASKETS.size(); i++) {
      Column p = element_at(col(BASKET_VALUES), i + 1);
      out = out.withColumn(BASKETS.get(i), round(p, 2).cast(CustomerFacts.MONEY));
    }
    return out.drop(WEEKDAY_INDEX, BAND_INDEX, BASKET_VALUES);
  }

  /** The name at a 0-based index; null index, null name (a CASE: no array lookup of a null). */
  private static Column named(List<String> names, Column index) {
    Column out = when(index.equalTo(0), names.get(0));
    for (int i = 1; i < names.size(); i++) {
      out = out.when(index.equalTo(i), names.get(i));
    }
    return out;
  }
}
