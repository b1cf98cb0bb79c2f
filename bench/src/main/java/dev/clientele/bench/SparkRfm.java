package dev.clientele.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of the peer benchmark: recency, frequency, net monetary value and the Pareto / ABC
 * class per customer, following the definitions of the score stage (issue 5). Stand-in until the
 * real score stage is merged; then the benchmark should call that stage's transforms.
 */
public final class SparkRfm {
  /** As-of day and the Pareto thresholds (share of revenue closing classes A and B). */
  public record Params(LocalDate asOf, double aShare, double bShare, int rangePartitions) {}

  private SparkRfm() {}

  /** customer_id, recency_days, order_count, monetary_net, cum_revenue_share, abc_class. */
  public static Dataset<Row> rfm(Dataset<Row> tx, Params p) {
    return pareto(perCustomer(tx, p), p);
  }

  /**
   * Two grouped passes: order nets (returns netted into their order), then customers. An order
   * counts when its net is positive; its purchase day is its latest non-return line's day.
   */
  static Dataset<Row> perCustomer(Dataset<Row> tx, Params p) {
    Column end = lit(Date.valueOf(p.asOf().plusDays(1))).cast("timestamp");
    Dataset<Row> orders =
        tx.where(col("event_ts").lt(end).and(col("customer_id").isNotNull()))
            .groupBy("customer_id", "order_id")
            .agg(
                sum("amount_base").as("net"),
                max(when(col("is_return").equalTo(false), to_date(col("event_ts")))).as("day"));
    Column bought = col("net").gt(0);
    return orders
        .groupBy("customer_id")
        .agg(
            sum("net").cast("decimal(18,2)").as("monetary_net"),
            count_distinct(when(bought, col("order_id"))).as("order_count"),
            max(when(bought, col("day"))).as("last_purchase_date"))
        .withColumn(
            "recency_days", datediff(lit(Date.valueOf(p.asOf())), col("last_purchase_date")))
        .drop("last_purchase_date");
  }

  /**
   * Cumulative revenue share without a global window: range-partition the buyers by value, sum each
   * partition (one small row per partition goes to the driver), then a running sum within each
   * partition plus the totals of the partitions before it.
   */
  static Dataset<Row> pareto(Dataset<Row> customers, Params p) {
    Column value = col("monetary_net");
    Dataset<Row> ranked =
        customers
            .where(value.gt(0))
            .repartitionByRange(p.rangePartitions(), value.desc(), col("customer_id").asc())
            .withColumn("_part", spark_partition_id())
            // Used twice (totals, running sums): pin the partitioning, or a second range sampling
            // could draw other boundaries and the offsets would not match the partitions.
            .localCheckpoint();
    // At most rangePartitions rows: the per-partition revenue totals.
    List<Row> totals =
        ranked.groupBy("_part").agg(sum(value).as("_t")).orderBy("_part").collectAsList();
    List<Row> offsets = new ArrayList<>();
    double before = 0;
    for (Row r : totals) {
      offsets.add(RowFactory.create(r.getInt(0), before));
      before += r.getDecimal(1).doubleValue();
    }
    double grand = before;
    StructType schema =
        new StructType().add("_part", DataTypes.IntegerType).add("_before", DataTypes.DoubleType);
    Dataset<Row> offsetDf = customers.sparkSession().createDataFrame(offsets, schema);
    Column running =
        sum(value.cast("double"))
            .over(
                Window.partitionBy("_part")
                    .orderBy(value.desc(), col("customer_id").asc())
                    .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    Dataset<Row> shares =
        ranked
            .join(broadcast(offsetDf), "_part")
            .withColumn("cum_revenue_share", col("_before").plus(running).divide(grand))
            .withColumn("_prev", col("cum_revenue_share").minus(value.cast("double").divide(grand)))
            .select(
                col("customer_id"),
                col("cum_revenue_share"),
                when(col("_prev").lt(p.aShare()), "A")
                    .when(col("_prev").lt(p.bShare()), "B")
                    .otherwise("C")
                    .as("abc_class"));
    return customers
        .join(shares, new String[] {"customer_id"}, "left")
        .na()
        .fill("C", new String[] {"abc_class"});
  }
}
