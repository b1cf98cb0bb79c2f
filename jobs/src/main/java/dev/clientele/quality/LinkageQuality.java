package dev.clientele.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How well resolved clusters agree with labelled truth: pairwise precision, recall and F1 (a pair
 * of records in one cluster is a predicted match; in one truth group, a true one) and B-cubed (per
 * record: the share of its cluster that is truly it, and of its true group that its cluster holds).
 * Counted by aggregations over (cluster, truth) cells, never by listing pairs, so it runs on any
 * number of records.
 */
public final class LinkageQuality {
  public static final String CLUSTER = "cluster";
  public static final String TRUTH = "truth";

  private LinkageQuality() {}

  /** The figures; a ratio with a zero denominator is 1.0 (nothing to find, nothing wrong). */
  public record Figures(
      long records,
      long predictedPairs,
      long truePairs,
      long truePositivePairs,
      double bCubedPrecisionSum,
      double bCubedRecallSum) {

    public double precision() {
      return ratio(truePositivePairs, predictedPairs);
    }

    public double recall() {
      return ratio(truePositivePairs, truePairs);
    }

    public double f1() {
      return f1(precision(), recall());
    }

    public double bCubedPrecision() {
      return records == 0 ? 1.0 : bCubedPrecisionSum / records;
    }

    public double bCubedRecall() {
      return records == 0 ? 1.0 : bCubedRecallSum / records;
    }

    public double bCubedF1() {
      return f1(bCubedPrecision(), bCubedRecall());
    }

    /** The figures in print order, for the run summary and the console. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labelled_records", records);
      m.put("predicted_pairs", predictedPairs);
      m.put("true_pairs", truePairs);
      m.put("true_positive_pairs", truePositivePairs);
      m.put("precision", round(precision()));
      m.put("recall", round(recall()));
      m.put("f1", round(f1()));
      m.put("b_cubed_precision", round(bCubedPrecision()));
      m.put("b_cubed_recall", round(bCubedRecall()));
      m.put("b_cubed_f1", round(bCubedF1()));
      return m;
    }

    private static double ratio(long num, long den) {
      return den == 0 ? 1.0 : (double) num / den;
    }

    private static double f1(double p, double r) {
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    private static double round(double v) {
      return Math.round(v * 1e6) / 1e6;
    }
  }

  /** One row per labelled record with its {@link #CLUSTER} and {@link #TRUTH} (both non-null). */
  public static Figures measure(Dataset<Row> labelled) {
    Dataset<Row> cells = labelled.groupBy(CLUSTER, TRUTH).agg(count(lit(1)).as("n"));
    Dataset<Row> clusters = cells.groupBy(CLUSTER).agg(sum("n").as("n_cluster"));
    Dataset<Row> truths = cells.groupBy(TRUTH).agg(sum("n").as("n_truth"));
    Column n = col("n").cast("double");
    // One row each: the three aggregates joined into one result.
    Dataset<Row> byCell =
        cells
            .join(clusters, CLUSTER)
            .join(truths, TRUTH)
            .agg(
                sum("n").as("records"),
                sum(pairs(col("n"))).as("tp"),
                sum(n.multiply(n).divide(col("n_cluster"))).as("b3p"),
                sum(n.multiply(n).divide(col("n_truth"))).as("b3r"));
    Dataset<Row> predicted = clusters.agg(sum(pairs(col("n_cluster"))).as("predicted"));
    Dataset<Row> actual = truths.agg(sum(pairs(col("n_truth"))).as("actual"));
    Row r = byCell.crossJoin(predicted).crossJoin(actual).first();
    return new Figures(
        r.isNullAt(0) ? 0 : r.getLong(0),
        r.isNullAt(4) ? 0 : r.getLong(4),
        r.isNullAt(5) ? 0 : r.getLong(5),
        r.isNullAt(1) ? 0 : r.getLong(1),
        r.isNullAt(2) ? 0 : r.getDouble(2),
        r.isNullAt(3) ? 0 : r.getDouble(3));
  }

  /** n(n-1)/2: the pairs within a group of n records. */
  private static Column pairs(Column n) {
    return n.multiply(n.minus(1)).divide(2).cast("long");
  }
}
