package dev.clientele.segments;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.sql.Timestamp;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Interest and channel features per customer from purchases and page views (pure transforms).
 * Shares are of gross purchases (lines with a positive {@code amount_base}, returns left out) so a
 * return cannot make a share negative or above one.
 */
public final class Interests {
  private static final String CATEGORY = "category";
  private static final String AMOUNT = "amount";
  private static final String ONLINE = "online_amount";

  private Interests() {}

  /**
   * customer_id, category_share (map category -> share of the customer's gross purchases),
   * top_category (largest share; ties go to the alphabetically last name, deterministically) and
   * online_share (share of gross purchases made online) from purchases before {@code end}: order
   * lines, or customer order days (metrics/OrderDays, recognised by their category_gross), which
   * give the same figures. Amounts are summed exactly (decimals) before any division.
   */
  public static Dataset<Row> fromTransactions(Dataset<Row> purchases, Timestamp end) {
    if (Arrays.asList(purchases.columns()).contains(Cols.CATEGORY_GROSS)) {
      return fromOrderDays(purchases, end);
    }
    Dataset<Row> lines =
        purchases
            .where(col(Cols.CUSTOMER_ID).isNotNull())
            .where(col(Cols.EVENT_TS).lt(lit(end)))
            .where(col(Cols.AMOUNT_BASE).gt(0))
            .select(
                col(Cols.CUSTOMER_ID),
                col(Cols.PRODUCT_CATEGORY).as(CATEGORY),
                col(Cols.AMOUNT_BASE).as(AMOUNT),
                when(col(Cols.CHANNEL).equalTo("online"), col(Cols.AMOUNT_BASE))
                    .otherwise(lit(0))
                    .as(ONLINE));
    Dataset<Row> perCustomer =
        lines.groupBy(Cols.CUSTOMER_ID).agg(sum(AMOUNT).as(AMOUNT), sum(ONLINE).as(ONLINE));
    Dataset<Row> perCategory =
        lines
            .where(col(CATEGORY).isNotNull())
            .groupBy(col(Cols.CUSTOMER_ID), col(CATEGORY))
            .agg(sum(AMOUNT).as(AMOUNT));
    return shares(perCustomer, perCategory);
  }

  /** The same from customer order days: gross (positive lines) per row and per category. */
  static Dataset<Row> fromOrderDays(Dataset<Row> orderDays, Timestamp end) {
    // A row's lines are all on its first line's day, and end is a day boundary.
    Dataset<Row> rows =
        orderDays
            .where(col(Cols.CUSTOMER_ID).isNotNull())
            .where(col(Cols.FIRST_LINE_TS).lt(lit(end)))
            .where(col(Cols.GROSS_AMOUNT).isNotNull());
    Dataset<Row> perCustomer =
        rows.groupBy(Cols.CUSTOMER_ID)
            .agg(
                sum(Cols.GROSS_AMOUNT).as(AMOUNT),
                sum(coalesce(col(Cols.GROSS_ONLINE_AMOUNT), lit(0))).as(ONLINE));
    Dataset<Row> perCategory =
        rows.select(col(Cols.CUSTOMER_ID), explode(col(Cols.CATEGORY_GROSS)))
            .groupBy(col(Cols.CUSTOMER_ID), col("key").as(CATEGORY))
            .agg(sum("value").as(AMOUNT));
    return shares(perCustomer, perCategory);
  }

  /**
   * perCustomer: customer_id, gross amount, online amount; perCategory: customer_id, category,
   * gross amount (decimal sums) to the interest columns.
   */
  private static Dataset<Row> shares(Dataset<Row> perCustomer, Dataset<Row> perCategory) {
    Dataset<Row> channel =
        perCustomer.select(
            col(Cols.CUSTOMER_ID),
            col(ONLINE)
                .cast(DataTypes.DoubleType)
                .divide(col(AMOUNT).cast(DataTypes.DoubleType))
                .as("online_share"));
    Column amount = col(AMOUNT).cast(DataTypes.DoubleType);
    Column entries = array_sort(collect_list(struct(col(CATEGORY), amount.as(AMOUNT))));
    Dataset<Row> categories =
        perCategory
            .groupBy(Cols.CUSTOMER_ID)
            .agg(
                entries.as("entries"),
                sum(AMOUNT).cast(DataTypes.DoubleType).as("total"),
                max(struct(col(AMOUNT), col(CATEGORY))).getField(CATEGORY).as("top_category"));
    Dataset<Row> shares =
        categories.select(
            col(Cols.CUSTOMER_ID),
            transform_values(map_from_entries(col("entries")), (k, v) -> v.divide(col("total")))
                .as("category_share"),
            col("top_category"));
    return channel.join(shares, new String[] {Cols.CUSTOMER_ID}, "left");
  }

  /**
   * customer_id, page_views and top_page_category (most viewed; ties to the alphabetically last)
   * from customer events ({@code io/CustomerEvents}: already mapped to customers) before {@code
   * end}.
   */
  public static Dataset<Row> fromEvents(Dataset<Row> customerEvents, Timestamp end) {
    Dataset<Row> views =
        customerEvents
            .where(col(Cols.EVENT_TS).lt(lit(end)))
            .select(col(Cols.CUSTOMER_ID), col(Cols.PAGE_CATEGORY));
    Dataset<Row> perCategory =
        views
            .where(col(Cols.PAGE_CATEGORY).isNotNull())
            .groupBy(Cols.CUSTOMER_ID, Cols.PAGE_CATEGORY)
            .agg(count(lit(1)).as("views"));
    Dataset<Row> top =
        perCategory
            .groupBy(Cols.CUSTOMER_ID)
            .agg(
                max(struct(col("views"), col(Cols.PAGE_CATEGORY)))
                    .getField(Cols.PAGE_CATEGORY)
                    .as("top_page_category"));
    Dataset<Row> total = views.groupBy(Cols.CUSTOMER_ID).agg(count(lit(1)).as("page_views"));
    return total.join(top, new String[] {Cols.CUSTOMER_ID}, "left");
  }
}
