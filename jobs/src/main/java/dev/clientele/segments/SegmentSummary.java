package dev.clientele.segments;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.clientele.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * segment_summary: per family and segment the customers, their share of the snapshot's customers
 * (the feature view's rows), their net revenue, mean predicted CLV and mean recency.
 */
public final class SegmentSummary {
  private SegmentSummary() {}

  /**
   * @param segments customer_id, family, segment
   * @param view customer_id, monetary_net, clv_predicted, recency_days
   * @param population the number of customers in the view
   */
  public static Dataset<Row> build(Dataset<Row> segments, Dataset<Row> view, long population) {
    Dataset<Row> values =
        view.select(
            col(Cols.CUSTOMER_ID),
            col(Cols.MONETARY_NET),
            col(Cols.CLV_PREDICTED),
            col(Cols.RECENCY_DAYS));
    return segments
        .select(Cols.CUSTOMER_ID, "family", "segment")
        .join(values, new String[] {Cols.CUSTOMER_ID}, "left")
        .groupBy("family", "segment")
        .agg(
            count(lit(1)).as("customers"),
            sum(col(Cols.MONETARY_NET)).cast(DataTypes.createDecimalType(18, 2)).as("revenue"),
            avg(col(Cols.CLV_PREDICTED)).cast(DataTypes.DoubleType).as("avg_clv"),
            avg(col(Cols.RECENCY_DAYS)).cast(DataTypes.DoubleType).as("avg_recency_days"))
        .select(
            col("family"),
            col("segment"),
            col("customers"),
            col("customers").divide(lit((double) Math.max(1, population))).as("customer_share"),
            col("revenue"),
            col("avg_clv"),
            col("avg_recency_days"));
  }
}
