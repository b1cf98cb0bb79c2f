package dev.clientele.metrics;

import static dev.clientele.schema.Cols.CUSTOMER_SHARE_PCT;
import static dev.clientele.schema.Cols.REVENUE_SHARE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Pareto curve and concentration figures from a ranking. Point p (0..100) is the share of
 * revenue of the top ceil(p * n / 100) customers. Each ranked customer d emits the points p with
 * ceil(p * n / 100) = d, i.e. (d - 1) * 100 div n < p <= d * 100 div n, so the curve is built
 * without a global window and holds exactly one row per point.
 */
public final class ParetoCurve {
  private ParetoCurve() {}

  public static Dataset<Row> curve(
      SparkSession spark, ParetoRanking.Ranked r, String rankCol, String cumCol) {
    Dataset<Row> origin =
        spark.range(1).select(lit(0).as(CUSTOMER_SHARE_PCT), lit(0.0).as(REVENUE_SHARE));
    if (r.customers() == 0) {
      return origin;
    }
    long n = r.customers();
    String lo = "((" + rankCol + " - 1) * 100 div " + n + ") + 1";
    String hi = "(" + rankCol + " * 100 div " + n + ")";
    Dataset<Row> points =
        r.rows()
            .where(col(rankCol).isNotNull().and(expr(lo + " <= " + hi)))
            .select(
                explode(sequence(expr(lo), expr(hi))).as(CUSTOMER_SHARE_PCT),
                col(cumCol).cast("double").divide(lit(r.total().doubleValue())).as(REVENUE_SHARE))
            .select(col(CUSTOMER_SHARE_PCT).cast("int").as(CUSTOMER_SHARE_PCT), col(REVENUE_SHARE));
    return origin.unionByName(points);
  }

  /** Share of revenue of the top 20 % of customers: point 20 of the curve (101 rows at most). */
  public static Double top20(Dataset<Row> curve) {
    List<Row> p = curve.where(col(CUSTOMER_SHARE_PCT).equalTo(20)).collectAsList();
    return p.isEmpty() ? null : p.get(0).<Double>getAs(REVENUE_SHARE);
  }

  /**
   * Gini coefficient of the ranked values, G = (n + 1) / n - 2 * sum(rank * value) / (n * total)
   * with rank 1 the largest: the sample Gini sum|xi - xj| / (2 n^2 mean) in rank form. One
   * aggregate, one number to the driver. Null without customers.
   */
  public static Double gini(ParetoRanking.Ranked r, String valueCol, String rankCol) {
    if (r.customers() == 0 || r.total().signum() == 0) {
      return null;
    }
    Row s =
        r.rows()
            .where(col(rankCol).isNotNull())
            .agg(sum(col(rankCol).cast("decimal(20,0)").multiply(col(valueCol))))
            .first();
    BigDecimal weighted = s.getDecimal(0);
    BigDecimal n = BigDecimal.valueOf(r.customers());
    BigDecimal first = n.add(BigDecimal.ONE).divide(n, MathContext.DECIMAL128);
    BigDecimal second =
        weighted
            .multiply(BigDecimal.valueOf(2))
            .divide(n.multiply(r.total()), MathContext.DECIMAL128);
    return first.subtract(second).doubleValue();
  }
}
