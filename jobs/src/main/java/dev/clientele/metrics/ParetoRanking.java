package dev.clientele.metrics;

import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Ranks customers with a positive value (value desc, customer_id asc: a deterministic order, ties
 * included) and gives each the cumulative value up to and including itself, at scale and without a
 * window over all rows: values are cut into contiguous buckets by approximate quantiles, the data
 * is range-partitioned by bucket, prefix sums run within each bucket (a window partitioned by
 * bucket), and each bucket adds the count and sum of the buckets before it (offsets computed on the
 * driver from one row per bucket, shipped as literals). Customers with a value <= 0 or null get a
 * null rank.
 */
public final class ParetoRanking {
  private static final String BUCKET = "_pareto_bucket";
  private static final String SUM_TYPE = "decimal(38,2)";

  private ParetoRanking() {}

  /** rows: input plus rankCol (1 = largest) and cumCol; customers and total over positive rows. */
  public record Ranked(Dataset<Row> rows, long customers, BigDecimal total) {}

  public static Ranked rank(
      Dataset<Row> ds, String valueCol, String rankCol, String cumCol, int buckets) {
    Column v = col(valueCol);
    Dataset<Row> positive = ds.where(v.gt(0));
    Column bucket = bucketOf(v.cast("double"), cuts(positive, valueCol, buckets));
    Dataset<Row> bucketed = positive.withColumn(BUCKET, bucket);
    // One row per bucket (at most `buckets` rows): small enough for the driver by construction.
    List<Row> stats =
        bucketed.groupBy(BUCKET).agg(count(lit(1)), sum(v).cast(SUM_TYPE)).collectAsList();
    long[] counts = new long[buckets];
    BigDecimal[] sums = new BigDecimal[buckets];
    java.util.Arrays.fill(sums, BigDecimal.ZERO);
    for (Row s : stats) {
      counts[s.getInt(0)] = s.getLong(1);
      sums[s.getInt(0)] = s.getDecimal(2);
    }
    if (stats.isEmpty()) {
      // Nothing positive to rank (e.g. no margins in the data). Planning the window anyway would
      // partition it by a constant bucket, which Spark folds away into a window over one partition.
      return new Ranked(
          ds.withColumn(rankCol, lit(null).cast("long"))
              .withColumn(cumCol, lit(null).cast(SUM_TYPE)),
          0,
          BigDecimal.ZERO);
    }
    Column[] countOffsets = new Column[buckets];
    Column[] sumOffsets = new Column[buckets];
    long n = 0;
    BigDecimal total = BigDecimal.ZERO;
    for (int b = 0; b < buckets; b++) {
      countOffsets[b] = lit(n);
      sumOffsets[b] = lit(total).cast(SUM_TYPE);
      n += counts[b];
      total = total.add(sums[b]);
    }
    WindowSpec w = Window.partitionBy(BUCKET).orderBy(v.desc(), col(CUSTOMER_ID).asc());
    Column at = col(BUCKET).plus(1);
    Dataset<Row> ranked =
        bucketed
            .repartitionByRange(buckets, col(BUCKET))
            .withColumn(rankCol, element_at(array(countOffsets), at).plus(row_number().over(w)))
            .withColumn(
                cumCol,
                element_at(array(sumOffsets), at)
                    .plus(
                        sum(v)
                            .over(w.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
                    .cast(SUM_TYPE))
            .drop(BUCKET);
    Dataset<Row> rest =
        ds.where(v.isNull().or(v.leq(0)))
            .withColumn(rankCol, lit(null).cast("long"))
            .withColumn(cumCol, lit(null).cast(SUM_TYPE));
    return new Ranked(ranked.unionByName(rest), n, total);
  }

  /**
   * The class of each customer: A while the cumulative value before it is below aShare of the total
   * (so the customer crossing the line is A), B likewise up to bShare, C for the rest and for every
   * value <= 0; null where the value is unknown. Compared in exact decimals.
   */
  public static Column abcClass(
      Ranked r, String valueCol, String cumCol, double aShare, double bShare) {
    Column before = col(cumCol).minus(col(valueCol));
    BigDecimal aLine = r.total().multiply(BigDecimal.valueOf(aShare));
    BigDecimal bLine = r.total().multiply(BigDecimal.valueOf(bShare));
    return when(col(valueCol).isNull(), lit(null).cast("string"))
        .when(col(valueCol).leq(0), "C")
        .when(before.lt(lit(aLine)), "A")
        .when(before.lt(lit(bLine)), "B")
        .otherwise("C");
  }

  /**
   * Bucket b = number of cut points above the value: 0 holds the largest values. A function of the
   * value alone, so ties share a bucket and the buckets, in order, are contiguous ranges.
   */
  private static Column bucketOf(Column value, double[] cuts) {
    Column b = lit(0);
    for (double c : cuts) {
      b = b.plus(when(value.lt(lit(c)), 1).otherwise(0));
    }
    return b;
  }

  /** buckets - 1 approximate quantiles of the value: a small array on the driver. */
  private static double[] cuts(Dataset<Row> positive, String valueCol, int buckets) {
    if (buckets < 2) {
      return new double[0];
    }
    double[] probs = new double[buckets - 1];
    for (int j = 1; j < buckets; j++) {
      probs[j - 1] = (double) j / buckets;
    }
    double[] q =
        positive
            .select(col(valueCol).cast("double").as("v"))
            .stat()
            .approxQuantile("v", probs, 1e-3);
    return q == null ? new double[0] : q;
  }
}
