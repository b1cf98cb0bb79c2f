package dev.clientele.report;

import static dev.clientele.report.ReportStageTest.D;
import static dev.clientele.report.ReportStageTest.PREV;
import static dev.clientele.report.ReportStageTest.dec;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.io.TableIO;
import dev.clientele.schema.Tables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The small tables of {@link ReportStageTest}, in the shapes of the brief. */
final class ReportFixtures {
  private static final LocalDate AS_OF = ReportStageTest.AS_OF;

  private ReportFixtures() {}

  static void write(TableIO io) {
    io.replaceSnapshot(Tables.CUSTOMER_METRICS, metrics(), AS_OF);
    io.replaceSnapshot(Tables.PARETO_CURVE, pareto(), AS_OF);
    io.replaceSnapshot(Tables.SEGMENT_SUMMARY, segments(), AS_OF);
    io.replaceSnapshot(Tables.CUSTOMER_CLV, clv(), AS_OF);
    io.replaceSnapshot(Tables.CLV_MODEL, models(), AS_OF);
    io.replaceSnapshot(Tables.CLV_HOLDOUT, holdout(), AS_OF);
    io.replaceSnapshot(Tables.SEGMENT_TRANSITIONS, transitions(), AS_OF);
    io.replaceSnapshot(Tables.CLUSTER_PERSONAS, personas(), AS_OF);
    io.append(Tables.QUARANTINE, quarantine());
  }

  /**
   * Positive revenue 500, 300, 100, 50, 50 (total 1000), largest first, cumulative shares 0.5, 0.8,
   * 0.9 and the tie at 50 both at its end share 1.0; c6 returned more than it bought, c7 is a
   * (cold) prospect, c8 nets to zero. The 2024-05-31 row is another snapshot and must be ignored.
   */
  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> metrics() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("customer_id", DataTypes.StringType)
            .add("monetary_net", DataTypes.createDecimalType(18, 2))
            .add("r_score", DataTypes.IntegerType)
            .add("f_score", DataTypes.IntegerType)
            .add("cum_revenue_share", DataTypes.DoubleType)
            .add("abc_class", DataTypes.StringType)
            .add("lifecycle_status", DataTypes.StringType);
    return df(
        s,
        row(D, "c1", dec("500"), 5, 5, 0.5, "A", "loyal"),
        row(D, "c2", dec("300"), 4, 4, 0.8, "A", "active"),
        row(D, "c3", dec("100"), 5, 1, 0.9, "B", "new"),
        row(D, "c4", dec("50"), 2, 2, 1.0, "B", "inactive"),
        row(D, "c5", dec("50"), 2, 2, 1.0, "C", "at_risk"),
        row(D, "c6", dec("-20"), 1, 1, null, "C", "at_risk"),
        row(D, "c7", null, null, null, null, null, "prospect_cold"),
        row(D, "c8", dec("0"), 1, 1, null, "C", "lost"),
        row(PREV, "c1", dec("9999"), 5, 5, 1.0, "A", "loyal"));
  }

  /** The Lorenz points (0, 0), (20, .5), (40, .8), (60, .9), (80, .95), (100, 1), in 1 % steps. */
  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> pareto() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("customer_share_pct", DataTypes.IntegerType)
            .add("revenue_share", DataTypes.DoubleType);
    double[] knots = {0, 0.5, 0.8, 0.9, 0.95, 1.0};
    List<Object[]> rows = new ArrayList<>();
    for (int p = 0; p <= 100; p++) {
      int k = Math.min(p / 20, 4);
      double share = knots[k] + (knots[k + 1] - knots[k]) * (p - 20 * k) / 20.0;
      rows.add(row(D, p, share));
    }
    return df(s, rows.toArray(new Object[0][]));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> segments() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("family", DataTypes.StringType)
            .add("segment", DataTypes.StringType)
            .add("customers", DataTypes.LongType)
            .add("customer_share", DataTypes.DoubleType)
            .add("revenue", DataTypes.createDecimalType(18, 2))
            .add("avg_clv", DataTypes.DoubleType)
            .add("avg_recency_days", DataTypes.DoubleType);
    return df(
        s,
        row(D, "rfm", "Champions", 1L, 0.2, dec("500"), 800.0, 3.0),
        row(D, "rfm", "Others", 4L, 0.8, dec("480"), 55.5, 120.0),
        row(D, "value tier", "high", 2L, 0.4, dec("800"), 600.0, 10.0),
        row(D, "value tier", "low", 3L, 0.6, dec("180"), 20.0, 200.0));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> clv() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("customer_id", DataTypes.StringType)
            .add("clv_predicted", DataTypes.DoubleType);
    return df(
        s,
        row(D, "c1", 200.0),
        row(D, "c2", 120.0),
        row(D, "c3", 4.99),
        row(D, "c4", 3.0),
        row(D, "c5", 1.5),
        row(D, "c6", 0.0),
        row(D, "c8", null),
        row(PREV, "c1", 7.0));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> models() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("model", DataTypes.StringType)
            .add("parameter", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("log_likelihood", DataTypes.DoubleType)
            .add("customers", DataTypes.LongType);
    return df(
        s,
        row(D, "bgnbd", "r", 0.243, -9582.43, 2357L),
        row(D, "bgnbd", "alpha", 4.414, -9582.43, 2357L),
        row(D, "bgnbd", "a", 0.793, -9582.43, 2357L),
        row(D, "bgnbd", "b", 2.426, -9582.43, 2357L),
        row(D, "gamma_gamma", "p", 6.25, -4053.1, 946L),
        row(D, "gamma_gamma", "q", 3.74, -4053.1, 946L),
        row(D, "gamma_gamma", "gamma", 15.44, -4053.1, 946L));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> holdout() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("holdout_days", DataTypes.IntegerType)
            .add("calibration_end_date", DataTypes.DateType)
            .add("frequency_group", DataTypes.StringType)
            .add("customers", DataTypes.LongType)
            .add("actual_purchases_mean", DataTypes.DoubleType)
            .add("predicted_purchases_mean", DataTypes.DoubleType)
            .add("mae", DataTypes.DoubleType);
    java.sql.Date cal = java.sql.Date.valueOf("2024-04-01");
    return df(
        s,
        row(D, 90, cal, "7+", 10L, 4.1, 3.9, 0.125),
        row(D, 90, cal, "0", 300L, 0.2, 0.25, 0.125),
        row(D, 90, cal, "1", 120L, 0.6, 0.55, 0.125));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> transitions() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("previous_snapshot_date", DataTypes.DateType)
            .add("family", DataTypes.StringType)
            .add("from_segment", DataTypes.StringType)
            .add("to_segment", DataTypes.StringType)
            .add("customers", DataTypes.LongType);
    return df(
        s,
        row(D, PREV, "rfm", "Champions", "Champions", 1L),
        row(D, PREV, "rfm", "Others", "Champions", 2L),
        row(D, PREV, "rfm", "Champions", "Others", 1L),
        row(D, PREV, "rfm", null, "Others", 3L));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> personas() {
    StructType s =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("cluster", DataTypes.IntegerType)
            .add("label", DataTypes.StringType)
            .add("customers", DataTypes.LongType)
            .add("customer_share", DataTypes.DoubleType)
            .add("mean_monetary_net", DataTypes.DoubleType)
            .add("median_monetary_net", DataTypes.DoubleType);
    return df(
        s,
        row(D, 0, "Big spenders", 2L, 0.4, 400.0, 400.0),
        row(D, 1, "Occasional", 3L, 0.6, 60.0, 50.0));
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> quarantine() {
    StructType s =
        new StructType()
            .add("source", DataTypes.StringType)
            .add("run_id", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("detail", DataTypes.StringType)
            .add("raw_row", DataTypes.StringType)
            .add("ingest_file", DataTypes.StringType)
            .add("ingest_ts", DataTypes.TimestampType);
    Timestamp ts = Timestamp.valueOf("2024-06-30 10:00:00");
    return df(
        s,
        row("pos", "run-1", "bad_amount", "x", "r", "f", ts),
        row("pos", "old-run", "bad_amount", "x", "r", "f", ts),
        row("pos", "run-1", "missing_event_ts", "x", "r", "f", ts),
        row("web", "old-run", "bad_amount", "x", "r", "f", ts));
  }
}
