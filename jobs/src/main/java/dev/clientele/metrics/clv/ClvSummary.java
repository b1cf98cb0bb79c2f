package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The per-customer "buy till you die" summary in the lifetimes convention, at day granularity
 * whatever the model's time unit: a day's lines are summed (returns net), a purchase day is a day
 * with a positive net value, or a zero net value and no return line (a free order is a purchase, as
 * in the published CDNOW data, which has eight $0 first purchases; a purchase refunded the same day
 * is not); x = purchase days after the first, t_x = days from the first to the last purchase day, T
 * = days from the first purchase day to the as-of date, mean repeat value = mean value of the
 * purchase days after the first. Then converted to the model time unit.
 */
public final class ClvSummary {
  /** Whole-day columns kept next to the unit columns: the tuples are grouped on these. */
  public static final String X_DAYS = "btyd_purchase_days_after_first";

  public static final String T_X_DAYS = "btyd_t_x_days";
  public static final String T_DAYS = "btyd_t_days";
  static final String PURCHASE_DATE = "purchase_date";
  static final String DAY_VALUE = "day_value";
  static final String DAY_HAS_RETURN = "day_has_return";

  private ClvSummary() {}

  /**
   * @param endExclusive only transactions before this instant (the end of the as-of day)
   * @param asOf the as-of date, the end of the observation period T
   * @param daysPerUnit 1 for days, 7 for weeks
   */
  public record Params(Timestamp endExclusive, LocalDate asOf, double daysPerUnit) {}

  /** Transactions of customers whose relationship is not non-commercial (profiles optional). */
  public static Dataset<Row> commercialOnly(
      Dataset<Row> transactions, Dataset<Row> profiles, List<String> nonCommercial) {
    if (profiles == null || nonCommercial.isEmpty()) {
      return transactions;
    }
    Dataset<Row> excluded =
        profiles
            .where(col(Cols.RELATIONSHIP).isin(nonCommercial.toArray()))
            .select(Cols.CUSTOMER_ID);
    return transactions.join(excluded, new String[] {Cols.CUSTOMER_ID}, "left_anti");
  }

  /**
   * Net value per customer and day in the configured time zone (to_date uses Spark's session time
   * zone, which the session builder sets to clientele.time-zone).
   */
  public static Dataset<Row> dailyNet(Dataset<Row> transactions, Timestamp endExclusive) {
    return transactions
        .where(col(Cols.CUSTOMER_ID).isNotNull().and(col(Cols.EVENT_TS).lt(lit(endExclusive))))
        .groupBy(col(Cols.CUSTOMER_ID), to_date(col(Cols.EVENT_TS)).as(PURCHASE_DATE))
        .agg(
            sum(col(Cols.AMOUNT_BASE)).as(DAY_VALUE),
            max(coalesce(col(Cols.IS_RETURN), col(Cols.AMOUNT_BASE).lt(0))).as(DAY_HAS_RETURN));
  }

  /** Over {@link #dailyNet} rows: whether the day counts as a purchase day. */
  public static Column isPurchaseDay() {
    return col(DAY_VALUE).gt(0).or(col(DAY_VALUE).equalTo(0).and(not(col(DAY_HAS_RETURN))));
  }

  /** The summary per customer with at least one purchase day, in one aggregation pass. */
  public static Dataset<Row> of(Dataset<Row> transactions, Params p) {
    Column purchase = isPurchaseDay();
    Column purchaseDay = when(purchase, col(PURCHASE_DATE));
    Column purchaseValue = when(purchase, col(DAY_VALUE));
    Dataset<Row> perCustomer =
        dailyNet(transactions, p.endExclusive())
            .groupBy(Cols.CUSTOMER_ID)
            .agg(
                min(purchaseDay).as("first_day"),
                max(purchaseDay).as("last_day"),
                count(purchaseDay).as("purchase_days"),
                sum(purchaseValue).cast(DataTypes.DoubleType).as("purchase_value"),
                min_by(col(DAY_VALUE), purchaseDay).cast(DataTypes.DoubleType).as("first_value"),
                sum(col(DAY_VALUE)).as("net_value"))
            .where(col("purchase_days").gt(0));
    Column x = col("purchase_days").minus(1);
    Column unit = lit(p.daysPerUnit());
    return perCustomer.select(
        col(Cols.CUSTOMER_ID),
        x.cast(DataTypes.DoubleType).as(Cols.BTYD_X),
        datediff(col("last_day"), col("first_day")).divide(unit).as(Cols.BTYD_T_X),
        datediff(lit(java.sql.Date.valueOf(p.asOf())), col("first_day"))
            .divide(unit)
            .as(Cols.BTYD_T),
        when(x.gt(0), col("purchase_value").minus(col("first_value")).divide(x))
            .otherwise(0.0)
            .as(Cols.BTYD_MEAN_REPEAT_VALUE),
        col("net_value").cast(DataTypes.createDecimalType(18, 2)).as(Cols.CLV_HISTORICAL),
        x.cast(DataTypes.IntegerType).as(X_DAYS),
        datediff(col("last_day"), col("first_day")).as(T_X_DAYS),
        datediff(lit(java.sql.Date.valueOf(p.asOf())), col("first_day")).as(T_DAYS));
  }
}
