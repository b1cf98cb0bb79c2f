package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.run.AsOf;
import dev.clientele.schema.Cols;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The calibration/holdout check: fit on the data up to as-of minus N days, predict the purchase
 * days of the N holdout days, compare with the actual ones per calibration frequency group.
 */
public final class ClvHoldout {
  static final String FREQUENCY_GROUP = "frequency_group";
  static final String ACTUAL = "actual_purchases";
  static final String PREDICTED = "predicted_purchases";

  private ClvHoldout() {}

  /** The calibration end date and the end of its day as an exclusive bound. */
  public record Calibration(LocalDate endDate, Timestamp endExclusive) {
    public static Calibration of(AsOf asOf, int holdoutDays) {
      AsOf end = asOf.minusDays(holdoutDays);
      return new Calibration(end.date(), end.endExclusive());
    }
  }

  /** Purchase days (see ClvSummary) per customer after the calibration end, up to the as-of. */
  public static Dataset<Row> actualPurchases(
      Dataset<Row> transactions, LocalDate calibrationEnd, Timestamp asOfEndExclusive) {
    return ClvSummary.dailyNet(transactions, asOfEndExclusive)
        .where(
            col(ClvSummary.PURCHASE_DATE)
                .gt(lit(Date.valueOf(calibrationEnd)))
                .and(ClvSummary.isPurchaseDay()))
        .groupBy(Cols.CUSTOMER_ID)
        .agg(count(lit(1)).as(ACTUAL));
  }

  /**
   * Per frequency group ('0'..'6', '7+'): customers, mean actual and predicted purchases, and the
   * sum of absolute errors (for the overall MAE). At most eight rows.
   */
  public static Dataset<Row> compare(
      Dataset<Row> calibrationSummary, Dataset<Row> actual, PurchaseModel model, double horizon) {
    Column x = col(Cols.BTYD_X);
    Column group =
        when(x.geq(7), lit("7+"))
            .otherwise(x.cast(DataTypes.IntegerType).cast(DataTypes.StringType));
    return calibrationSummary
        .join(actual, new String[] {Cols.CUSTOMER_ID}, "left")
        .select(
            group.as(FREQUENCY_GROUP),
            coalesce(col(ACTUAL), lit(0L)).cast(DataTypes.DoubleType).as(ACTUAL),
            ClvPredictions.expectedPurchasesWithin(model, horizon)
                .apply(x, col(Cols.BTYD_T_X), col(Cols.BTYD_T))
                .as(PREDICTED))
        .groupBy(FREQUENCY_GROUP)
        .agg(
            count(lit(1)).as("customers"),
            avg(ACTUAL).as("actual_purchases_mean"),
            avg(PREDICTED).as("predicted_purchases_mean"),
            sum(abs(col(ACTUAL).minus(col(PREDICTED)))).as("abs_error_sum"));
  }

  static final StructType SCHEMA =
      new StructType()
          .add(Cols.SNAPSHOT_DATE, DataTypes.DateType, false)
          .add("holdout_days", DataTypes.IntegerType, false)
          .add("calibration_end_date", DataTypes.DateType, false)
          .add(FREQUENCY_GROUP, DataTypes.StringType, false)
          .add("customers", DataTypes.LongType, false)
          .add("actual_purchases_mean", DataTypes.DoubleType, false)
          .add("predicted_purchases_mean", DataTypes.DoubleType, false)
          .add("mae", DataTypes.DoubleType, false);

  /** The clv_holdout rows and the overall MAE, from the collected per-group comparison. */
  public record Result(Dataset<Row> table, double mae, long customers) {}

  /** Customers over all groups of {@link #compare}. */
  public static long customers(List<Row> groups) {
    long customers = 0;
    for (Row g : groups) {
      customers += g.getLong(1);
    }
    return customers;
  }

  /** Mean absolute error per customer over all groups of {@link #compare} (0 without any). */
  public static double mae(List<Row> groups) {
    double absErrors = 0;
    for (Row g : groups) {
      absErrors += g.getDouble(4);
    }
    long customers = customers(groups);
    return customers > 0 ? absErrors / customers : 0.0;
  }

  public static Result table(
      SparkSession spark,
      List<Row> groups,
      LocalDate asOf,
      int holdoutDays,
      LocalDate calibrationEnd,
      String runId) {
    long customers = customers(groups);
    double mae = mae(groups);
    List<Row> rows = new ArrayList<>();
    for (Row g : groups) {
      rows.add(
          RowFactory.create(
              Date.valueOf(asOf),
              holdoutDays,
              Date.valueOf(calibrationEnd),
              g.getString(0),
              g.getLong(1),
              g.getDouble(2),
              g.getDouble(3),
              mae));
    }
    Dataset<Row> table =
        spark
            .createDataFrame(rows, SCHEMA)
            .withColumn(Cols.RUN_ID, lit(runId))
            .withColumn(Cols.COMPUTED_AT_TS, current_timestamp());
    return new Result(table, mae, customers);
  }
}
