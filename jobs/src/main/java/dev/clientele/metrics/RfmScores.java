package dev.clientele.metrics;

import static dev.clientele.schema.Cols.F_SCORE;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.M_SCORE;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.RECENCY_DAYS;
import static dev.clientele.schema.Cols.R_SCORE;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * R, F and M scores 1..bins by approximate quantiles of the customers with a purchase. A score is 1
 * + the number of cut points the value exceeds (reversed for recency, so recent = bins): a pure
 * function of the value, so equal values always get equal scores. Customers without a purchase get
 * null scores.
 */
public final class RfmScores {
  /** Relative error of the quantile sketches (exact on small populations). */
  static final double RELATIVE_ERROR = 1e-4;

  private static final int ACCURACY = (int) Math.round(1 / RELATIVE_ERROR);
  private static final String[] METRICS = {RECENCY_DAYS, ORDER_COUNT, MONETARY_NET};

  private RfmScores() {}

  /** bins: number of score bins; groupBy: a column to score within, or blank for everyone. */
  public record Params(int bins, String groupBy) {}

  public static Dataset<Row> score(Dataset<Row> customers, Params p) {
    Dataset<Row> buyers = customers.where(col(ORDER_COUNT).gt(0));
    if (p.groupBy() == null || p.groupBy().isBlank()) {
      return withScores(customers, globalCuts(buyers, p.bins()), p.bins());
    }
    // One aggregate per group: its cut points are small arrays (bins - 1 values per metric),
    // and there are few groups, so the table is broadcast back; no window over all rows.
    Column probs = probabilities(p.bins());
    Dataset<Row> cuts =
        buyers
            .groupBy(col(p.groupBy()).as("_rfm_group"))
            .agg(
                percentile_approx(col(RECENCY_DAYS), probs, lit(ACCURACY)).as("_r_cuts"),
                percentile_approx(col(ORDER_COUNT), probs, lit(ACCURACY)).as("_f_cuts"),
                percentile_approx(col(MONETARY_NET), probs, lit(ACCURACY)).as("_m_cuts"));
    Dataset<Row> joined =
        customers.join(
            broadcast(cuts), customers.col(p.groupBy()).eqNullSafe(cuts.col("_rfm_group")), "left");
    Column[][] byGroup = new Column[3][p.bins() - 1];
    String[] names = {"_r_cuts", "_f_cuts", "_m_cuts"};
    for (int m = 0; m < 3; m++) {
      for (int j = 0; j < p.bins() - 1; j++) {
        byGroup[m][j] = element_at(col(names[m]), j + 1);
      }
    }
    return withScores(joined, byGroup, p.bins())
        .drop("_rfm_group", "_r_cuts", "_f_cuts", "_m_cuts");
  }

  /**
   * Cut points over all buyers, computed on the driver: approxQuantile returns bins - 1 numbers per
   * metric, a small array whatever the input size. As literals they keep the scoring plan free of a
   * global aggregate (no single-partition exchange in the scoring itself).
   */
  private static Column[][] globalCuts(Dataset<Row> buyers, int bins) {
    double[] probs = new double[bins - 1];
    for (int j = 1; j < bins; j++) {
      probs[j - 1] = (double) j / bins;
    }
    Dataset<Row> numeric =
        buyers.select(
            col(RECENCY_DAYS).cast("double").as("r"),
            col(ORDER_COUNT).cast("double").as("f"),
            col(MONETARY_NET).cast("double").as("m"));
    double[][] q =
        numeric.stat().approxQuantile(new String[] {"r", "f", "m"}, probs, RELATIVE_ERROR);
    Column[][] cuts = new Column[3][bins - 1];
    for (int m = 0; m < 3; m++) {
      for (int j = 0; j < bins - 1; j++) {
        // No buyers: no cut points; no row is scored then anyway.
        cuts[m][j] = q[m] == null || q[m].length <= j ? lit(null).cast("double") : lit(q[m][j]);
      }
    }
    return cuts;
  }

  private static Dataset<Row> withScores(Dataset<Row> ds, Column[][] cuts, int bins) {
    Column buyer = col(ORDER_COUNT).gt(0);
    Column r = lit(bins + 1).minus(ascending(col(METRICS[0]).cast("double"), cuts[0]));
    return ds.withColumn(R_SCORE, when(buyer, r).cast("int"))
        .withColumn(
            F_SCORE, when(buyer, ascending(col(METRICS[1]).cast("double"), cuts[1])).cast("int"))
        .withColumn(
            M_SCORE, when(buyer, ascending(col(METRICS[2]).cast("double"), cuts[2])).cast("int"));
  }

  /** 1 + the number of cut points strictly below the value. */
  private static Column ascending(Column value, Column[] cuts) {
    Column score = lit(1);
    for (Column c : cuts) {
      score = score.plus(when(value.gt(c.cast("double")), 1).otherwise(0));
    }
    return score;
  }

  private static Column probabilities(int bins) {
    Column[] p = new Column[bins - 1];
    for (int j = 1; j < bins; j++) {
      p[j - 1] = lit((double) j / bins);
    }
    return array(p);
  }
}
