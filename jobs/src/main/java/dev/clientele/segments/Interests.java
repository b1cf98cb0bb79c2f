package dev.clientele.segments;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.sql.Timestamp;
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
  private Interests() {}

  /**
   * customer_id, category_share (map category -> share of the customer's gross purchases),
   * top_category (largest share; ties go to the alphabetically last name, deterministically) and
   * online_share (share of gross purchases made online) from transactions before {@code end}.
   */
  public static Dataset<Row> fromTransactions(Dataset<Row> transactions, Timestamp end) {
    Dataset<Row> lines =
        transactions
            .where(col(Cols.CUSTOMER_ID).isNotNull())
            .where(col(Cols.EVENT_TS).lt(lit(end)))
            .where(col(Cols.AMOUNT_BASE).gt(0))
            .select(
                col(Cols.CUSTOMER_ID),
                col(Cols.PRODUCT_CATEGORY).as("category"),
                col(Cols.AMOUNT_BASE).cast(DataTypes.DoubleType).as("amount"),
                when(col(Cols.CHANNEL).equalTo("online"), col(Cols.AMOUNT_BASE))
                    .otherwise(lit(0))
                    .cast(DataTypes.DoubleType)
                    .as("online_amount"));
    Dataset<Row> channel =
        lines
            .groupBy(Cols.CUSTOMER_ID)
            .agg(sum("online_amount").divide(sum("amount")).as("online_share"));
    Dataset<Row> perCategory =
        lines
            .where(col("category").isNotNull())
            .groupBy(col(Cols.CUSTOMER_ID), col("category"))
            .agg(sum("amount").as("amount"));
    Column entries = array_sort(collect_list(struct(col("category"), col("amount"))));
    Dataset<Row> categories =
        perCategory
            .groupBy(Cols.CUSTOMER_ID)
            .agg(
                entries.as("entries"),
                sum("amount").as("total"),
                max(struct(col("amount"), col("category")))
                    .getField("category")
                    .as("top_category"));
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
