package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.schema.Cols;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The shapes of customer_clv and clv_model (README contracts), with the audit columns. */
public final class ClvOutputs {
  private ClvOutputs() {}

  static final StructType MODEL_SCHEMA =
      new StructType()
          .add(Cols.SNAPSHOT_DATE, DataTypes.DateType, false)
          .add("model", DataTypes.StringType, false)
          .add("parameter", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true)
          .add("log_likelihood", DataTypes.DoubleType, true)
          .add("customers", DataTypes.LongType, false)
          .add("distinct_tuples", DataTypes.LongType, false)
          .add("iterations", DataTypes.IntegerType, true)
          .add("fit_seconds", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, false)
          .add("l2_penalty", DataTypes.DoubleType, false)
          .add("reason", DataTypes.StringType, true)
          .add("is_selected", DataTypes.BooleanType, false)
          .add("holdout_mae", DataTypes.DoubleType, true);

  /**
   * One model of clv_model: its fit (or why there is none), whether its predictions are the ones in
   * customer_clv, and its holdout MAE when best-by-holdout compared it.
   */
  public record ModelRow(ClvModelFit fit, boolean selected, Double holdoutMae) {}

  /** customer_clv: the contract's columns in order, plus snapshot_date and audit columns. */
  public static Dataset<Row> customerClv(Dataset<Row> predictions, LocalDate asOf, String runId) {
    return predictions.select(
        lit(Date.valueOf(asOf)).as(Cols.SNAPSHOT_DATE),
        col(Cols.CUSTOMER_ID),
        col(Cols.BTYD_X),
        col(Cols.BTYD_T_X),
        col(Cols.BTYD_T),
        col(Cols.BTYD_MEAN_REPEAT_VALUE),
        col(Cols.CLV_HISTORICAL),
        col(Cols.P_ALIVE),
        col(ClvPredictions.EXPECTED_PURCHASES),
        col(ClvPredictions.EXPECTED_AVG_ORDER_VALUE),
        col(Cols.CLV_PREDICTED),
        col(ClvPredictions.CLV_HORIZON_MONTHS),
        col(Cols.CLV_NET),
        lit(runId).as(Cols.RUN_ID),
        current_timestamp().as(Cols.COMPUTED_AT_TS));
  }

  /** clv_model: one row per parameter of each model, null values when it was not fitted. */
  public static Dataset<Row> clvModel(
      SparkSession spark, List<ModelRow> models, LocalDate asOf, String runId) {
    List<Row> rows = new ArrayList<>();
    for (ModelRow m : models) {
      ClvModelFit f = m.fit();
      ClvFit.Report r = f.report();
      for (int i = 0; i < f.names().size(); i++) {
        rows.add(
            RowFactory.create(
                Date.valueOf(asOf),
                f.model(),
                f.names().get(i),
                r == null ? null : r.values()[i],
                r == null ? null : r.logLikelihood(),
                f.customers(),
                f.distinctTuples(),
                r == null ? null : r.iterations(),
                r == null ? null : r.fitSeconds(),
                f.status(),
                f.l2Penalty(),
                f.reason(),
                m.selected(),
                m.holdoutMae()));
      }
    }
    return spark
        .createDataFrame(rows, MODEL_SCHEMA)
        .withColumn(Cols.RUN_ID, lit(runId))
        .withColumn(Cols.COMPUTED_AT_TS, current_timestamp());
  }
}
