package dev.clientele.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.report.ReportData.ParetoPoint;
import dev.clientele.report.ReportData.RfmCell;
import dev.clientele.schema.Cols;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The figures the report takes from one snapshot of customer_metrics, each a small aggregate
 * computed in Spark: counts and revenue per lifecycle status, the RFM grid, the ABC boundaries and
 * the Gini coefficient. Pure transforms (Dataset in, Dataset out) plus their reading.
 */
public final class MetricsAggregates {
  private static final Column MONEY = col(Cols.MONETARY_NET).cast("double");
  private static final Column POSITIVE = MONEY.gt(0);

  private MetricsAggregates() {}

  /** Per lifecycle status: customers, revenue, and the positive-revenue and ABC counts. */
  public static Dataset<Row> byLifecycle(Dataset<Row> metrics) {
    Column abc = col(Cols.ABC_CLASS);
    return metrics
        .groupBy(coalesce(col(Cols.LIFECYCLE_STATUS), lit("(none)")).as("status"))
        .agg(
            count(lit(1)).as("customers"),
            sum(col(Cols.MONETARY_NET)).as("revenue"),
            sum(when(POSITIVE, 1L).otherwise(0L)).as("positive"),
            sum(when(POSITIVE.and(abc.equalTo("A")), 1L).otherwise(0L)).as("a"),
            sum(when(POSITIVE.and(abc.isin("A", "B")), 1L).otherwise(0L)).as("ab"));
  }

  /** The headline counts; the Gini and top-20 figures are filled in by the caller. */
  record Counts(
      long customers,
      long active,
      BigDecimal revenue,
      long positive,
      long a,
      long ab,
      Map<String, Long> lifecycle) {}

  /**
   * @param statuses the configured status names in rule order: each gets its row, zero when no
   *     customer has it; a status the snapshot holds but the configuration no longer names follows
   * @param activeStatuses the statuses counted as active customers
   */
  static Counts counts(Dataset<Row> metrics, List<String> statuses, List<String> activeStatuses) {
    // One row per lifecycle status: a handful of rows.
    List<Row> rows = byLifecycle(metrics).orderBy("status").collectAsList();
    long customers = 0;
    long active = 0;
    long positive = 0;
    long a = 0;
    long ab = 0;
    BigDecimal revenue = BigDecimal.ZERO.setScale(2);
    Map<String, Long> byStatus = new LinkedHashMap<>();
    statuses.forEach(s -> byStatus.put(s, 0L));
    for (Row r : rows) {
      String status = r.getString(0);
      long n = r.getLong(1);
      customers += n;
      active += activeStatuses.contains(status) ? n : 0;
      revenue = r.isNullAt(2) ? revenue : revenue.add(r.getDecimal(2));
      positive += r.getLong(3);
      a += r.getLong(4);
      ab += r.getLong(5);
      byStatus.put(status, n);
    }
    return new Counts(customers, active, revenue, positive, a, ab, byStatus);
  }

  /**
   * Terms of the discrete Gini coefficient of positive net revenue from the cumulative shares the
   * score stage wrote (largest customer first). For the customers sorted that way with inclusive
   * cumulative shares S_1..S_n, Gini = (2 sum S_k - 1) / n - 1 (the Lorenz curve by trapezoids,
   * which equals sum_i (2i - n - 1) x_i / (n sum x) on ascending x). Ties may carry either the
   * running share or the share at the end of the tie; grouping by value and using the tie's end
   * share minus the within-tie steps gives the same sum either way, with no sort of all customers.
   */
  public static Dataset<Row> giniTerms(Dataset<Row> metrics) {
    Dataset<Row> perValue =
        metrics
            .where(POSITIVE.and(col(Cols.CUM_REVENUE_SHARE).isNotNull()))
            .groupBy(MONEY.as("v"))
            .agg(count(lit(1)).as("m"), max(Cols.CUM_REVENUE_SHARE).as("s_end"));
    Column m = col("m").cast("double");
    return perValue.agg(
        sum(col("m")).as("n"),
        sum(col("v").multiply(m)).as("total"),
        max("s_end").as("s_max"),
        sum(m.multiply(col("s_end"))).as("sum_end"),
        sum(col("v").multiply(m).multiply(m.minus(1)).divide(2)).as("tie_steps"));
  }

  static Double gini(Dataset<Row> metrics) {
    // A single aggregate row.
    Row r = giniTerms(metrics).first();
    if (r.isNullAt(0) || r.getLong(0) == 0) {
      return null;
    }
    double n = r.getLong(0);
    double total = r.getDouble(1);
    double sMax = r.getDouble(2);
    // Shares normalised by their maximum so they end at exactly 1.
    double sumShares = r.getDouble(3) / sMax - r.getDouble(4) / total;
    return (2 * sumShares - 1) / n - 1;
  }

  public static Dataset<Row> rfmGrid(Dataset<Row> metrics) {
    return metrics
        .where(col(Cols.R_SCORE).isNotNull().and(col(Cols.F_SCORE).isNotNull()))
        .groupBy(col(Cols.R_SCORE).cast("int").as("r"), col(Cols.F_SCORE).cast("int").as("f"))
        .agg(count(lit(1)).as("customers"), avg(MONEY).as("avg_monetary"));
  }

  static List<RfmCell> rfmCells(Dataset<Row> metrics) {
    // At most score-bins x score-bins cells (25 by default).
    return rfmGrid(metrics).orderBy("r", "f").collectAsList().stream()
        .map(
            r ->
                new RfmCell(
                    r.getInt(0), r.getInt(1), r.getLong(2), r.isNullAt(3) ? null : r.getDouble(3)))
        .toList();
  }

  static List<ParetoPoint> curve(Dataset<Row> pareto) {
    // The revenue curve (snapshots written before the measure column hold only that one).
    Dataset<Row> revenue =
        java.util.Arrays.asList(pareto.columns()).contains(Cols.MEASURE)
            ? pareto.where(col(Cols.MEASURE).equalTo("revenue").or(col(Cols.MEASURE).isNull()))
            : pareto;
    // 101 rows: one per percent of customers.
    return revenue.orderBy("customer_share_pct").collectAsList().stream()
        .map(
            r ->
                new ParetoPoint(
                    ((Number) r.getAs("customer_share_pct")).intValue(),
                    ((Number) r.getAs("revenue_share")).doubleValue()))
        .toList();
  }
}
