package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFacts.ORDER_CHANNEL;
import static dev.clientele.metrics.CustomerFacts.ORDER_DATE;
import static dev.clientele.metrics.CustomerFacts.ORDER_NET;
import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.CHANNEL;
import static dev.clientele.schema.Cols.COST_DATE;
import static dev.clientele.schema.Cols.COST_TOTAL;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.CUSTOMER_KEY;
import static dev.clientele.schema.Cols.SOURCE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;

import dev.clientele.config.CostSettings.Allocation;
import dev.clientele.config.CustomerSources;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Each customer's costs over the window (docs/metrics.md "Net value"): the costs keyed by the
 * customer, plus a share of every cost keyed by a channel in a calendar month, spread over the
 * customers who bought through that channel that month. Months are calendar months of the dates,
 * which are in the session time zone ({@code clientele.time-zone}). Transactions carry no campaign,
 * so a campaign cost is spread through the channel it names; one without a channel (or a
 * month-channel without a buyer, or a customer key that resolves to nobody) stays unallocated and
 * is reported, never dropped.
 */
public final class CostAllocation {
  /** Month of a cost or an order (first day of its calendar month). */
  public static final String MONTH = "month";

  private static final String WEIGHT = "_weight";
  private static final String TOTAL_WEIGHT = "_total_weight";
  private static final String COST = "_cost";

  private CostAllocation() {}

  /**
   * @param perCustomer customer_id, cost_total (own plus allocated, rounded half-up to cents)
   * @param unallocated month, channel, amount_base: costs no customer carries (channel null: a
   *     campaign cost without a channel, or a customer key that resolves to nobody)
   */
  public record Result(Dataset<Row> perCustomer, Dataset<Row> unallocated) {}

  /**
   * bronze_costs with the customer_id of its customer key: the same (key source, key) node the
   * resolver builds (lower-cased trimmed source, trimmed key), the key source being the source's
   * {@code customer-source} when it has one.
   */
  public static Dataset<Row> resolve(
      Dataset<Row> costs, Dataset<Row> identityMap, Map<String, String> customerSources) {
    Column keySource = CustomerSources.keySource(col(SOURCE), customerSources);
    Dataset<Row> keyed =
        costs
            .withColumn("_c_source", lower(trim(keySource)))
            .withColumn("_c_key", trim(col(CUSTOMER_KEY)));
    Dataset<Row> ids =
        identityMap.select(
            lower(trim(col(SOURCE))).as("_m_source"),
            trim(col(CUSTOMER_KEY)).as("_m_key"),
            col(CUSTOMER_ID));
    Column same =
        col("_c_source").equalTo(col("_m_source")).and(col("_c_key").equalTo(col("_m_key")));
    return keyed.join(ids, same, "left").drop("_c_source", "_c_key", "_m_source", "_m_key");
  }

  /** Costs dated in the window: [date of its start, date of its end) in the session zone. */
  public static Dataset<Row> inWindow(Dataset<Row> costs, CustomerFacts.Window w) {
    Column keep = col(COST_DATE).lt(to_date(lit(w.toExclusive())));
    if (w.fromInclusive() != null) {
      keep = keep.and(col(COST_DATE).geq(to_date(lit(w.fromInclusive()))));
    }
    return costs.where(keep);
  }

  /**
   * @param costs resolved costs in the window (customer_id, customer_key, channel, cost_date,
   *     amount_base)
   * @param orders the order rows of {@link CustomerFacts#orders} of the commercial customers in the
   *     same window
   */
  public static Result allocate(Dataset<Row> costs, Dataset<Row> orders, Allocation allocation) {
    Dataset<Row> own =
        costs
            .where(col(CUSTOMER_ID).isNotNull())
            .groupBy(CUSTOMER_ID)
            .agg(sum(AMOUNT_BASE).as(COST));
    Dataset<Row> byChannel =
        costs
            .where(col(CUSTOMER_KEY).isNull().and(col(CHANNEL).isNotNull()))
            .groupBy(trunc(col(COST_DATE), "month").as(MONTH), col(CHANNEL))
            .agg(sum(AMOUNT_BASE).as(COST));
    Dataset<Row> buyers = buyers(orders, allocation);
    Dataset<Row> totals =
        buyers.groupBy(MONTH, CHANNEL).agg(sum(WEIGHT).as(TOTAL_WEIGHT), count(lit(1)).as("_n"));
    // Exact decimals: a share is cost x weight / total weight; rounded once per customer.
    Dataset<Row> allocated =
        buyers
            .join(totals, new String[] {MONTH, CHANNEL})
            .join(byChannel, new String[] {MONTH, CHANNEL})
            .select(
                col(CUSTOMER_ID),
                col(COST).multiply(col(WEIGHT)).divide(col(TOTAL_WEIGHT)).as(COST));
    Dataset<Row> perCustomer =
        own.select(col(CUSTOMER_ID), col(COST).cast("decimal(38,10)").as(COST))
            .unionByName(
                allocated.select(col(CUSTOMER_ID), col(COST).cast("decimal(38,10)").as(COST)))
            .groupBy(CUSTOMER_ID)
            .agg(round(sum(COST), 2).cast(CustomerFacts.MONEY).as(COST_TOTAL));
    Dataset<Row> noBuyer =
        byChannel
            .join(totals, new String[] {MONTH, CHANNEL}, "left_anti")
            .select(col(MONTH), col(CHANNEL), col(COST).as(AMOUNT_BASE));
    // Keyed by a customer the map does not know, or by a campaign alone: nobody to carry it.
    Dataset<Row> nobody =
        costs
            .where(
                col(CUSTOMER_ID)
                    .isNull()
                    .and(col(CUSTOMER_KEY).isNotNull().or(col(CHANNEL).isNull())))
            .groupBy(trunc(col(COST_DATE), "month").as(MONTH))
            .agg(sum(AMOUNT_BASE).as(AMOUNT_BASE))
            .select(col(MONTH), lit(null).cast("string").as(CHANNEL), col(AMOUNT_BASE));
    return new Result(perCustomer, noBuyer.unionByName(nobody));
  }

  /** One row per month, channel and buyer with the buyer's allocation weight. */
  static Dataset<Row> buyers(Dataset<Row> orders, Allocation allocation) {
    Column weight =
        switch (allocation) {
          case ORDERS -> count(lit(1));
          case REVENUE -> sum(ORDER_NET);
          case EQUAL -> max(lit(1L));
        };
    return orders
        .where(CustomerFacts.isPurchase().and(col(ORDER_CHANNEL).isNotNull()))
        .groupBy(
            trunc(col(ORDER_DATE), "month").as(MONTH),
            col(ORDER_CHANNEL).as(CHANNEL),
            col(CUSTOMER_ID))
        .agg(weight.cast("decimal(20,2)").as(WEIGHT));
  }
}
