package dev.clientele.metrics;

import static dev.clientele.schema.Cols.ABC_CLASS;
import static dev.clientele.schema.Cols.ABC_CLASS_MARGIN;
import static dev.clientele.schema.Cols.AVG_ORDER_VALUE;
import static dev.clientele.schema.Cols.CUM_REVENUE_SHARE;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.DAYS_SINCE_ENGAGEMENT;
import static dev.clientele.schema.Cols.FIRST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.F_SCORE;
import static dev.clientele.schema.Cols.IS_MARKETABLE;
import static dev.clientele.schema.Cols.IS_VIP;
import static dev.clientele.schema.Cols.LAST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.LIFECYCLE_STATUS;
import static dev.clientele.schema.Cols.LOYALTY_LEVEL;
import static dev.clientele.schema.Cols.MARGIN_NET;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.M_SCORE;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.PAYMENT_INCIDENTS;
import static dev.clientele.schema.Cols.PURCHASE_DAYS;
import static dev.clientele.schema.Cols.RECENCY_DAYS;
import static dev.clientele.schema.Cols.RELATIONSHIP;
import static dev.clientele.schema.Cols.RFM_SEGMENT;
import static dev.clientele.schema.Cols.RISK_LEVEL;
import static dev.clientele.schema.Cols.R_SCORE;
import static dev.clientele.schema.Cols.VALUE_LEVEL;
import static dev.clientele.schema.Cols.VOLUME_LEVEL;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.RfmSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Composes facts, RFM, Pareto / ABC and lifecycle into the customer_metrics columns. */
public final class CustomerMetrics {
  /** The customer_metrics columns after snapshot_date, in contract order. */
  public static final List<String> COLUMNS =
      Stream.concat(
              Stream.of(
                  CUSTOMER_ID,
                  RECENCY_DAYS,
                  ORDER_COUNT,
                  PURCHASE_DAYS,
                  MONETARY_NET,
                  AVG_ORDER_VALUE,
                  FIRST_PURCHASE_DATE,
                  LAST_PURCHASE_DATE,
                  R_SCORE,
                  F_SCORE,
                  M_SCORE,
                  RFM_SEGMENT,
                  CUM_REVENUE_SHARE,
                  ABC_CLASS,
                  ABC_CLASS_MARGIN,
                  LIFECYCLE_STATUS,
                  VALUE_LEVEL,
                  VOLUME_LEVEL,
                  LOYALTY_LEVEL,
                  RISK_LEVEL,
                  IS_MARKETABLE),
              Stream.concat(
                  PurchaseTiming.COLUMNS.stream(), Stream.of(DAYS_SINCE_ENGAGEMENT, IS_VIP)))
          .toList();

  static final String NON_COMMERCIAL = "_non_commercial";
  private static final String M_RANK = "_m_rank";
  private static final String M_CUM = "_m_cum";

  private CustomerMetrics() {}

  public record Params(
      RfmSettings rfm, ParetoSettings pareto, LifecycleSettings lifecycle, int buckets) {}

  /** metrics: customer_metrics columns (no snapshot/audit); ranking: by monetary_net. */
  public record Result(Dataset<Row> metrics, Dataset<Row> curve, ParetoRanking.Ranked ranking) {}

  /**
   * Every known customer (profiles) and every identified buyer (facts), one row each: customers
   * without transactions in the window become prospects with zero orders and zero net revenue.
   * Flags relationships configured as non-commercial.
   */
  public static Dataset<Row> universe(
      Dataset<Row> facts, Dataset<Row> profiles, List<String> nonCommercial, String groupBy) {
    List<Column> keep =
        new ArrayList<>(
            List.of(
                col(CUSTOMER_ID), col(RELATIONSHIP), col(IS_MARKETABLE), col(PAYMENT_INCIDENTS)));
    if (groupBy != null && !groupBy.isBlank()) {
      keep.add(col(groupBy));
    }
    Dataset<Row> p = profiles.select(keep.toArray(Column[]::new));
    return facts
        .join(p, new String[] {CUSTOMER_ID}, "full_outer")
        .withColumn(
            NON_COMMERCIAL, coalesce(col(RELATIONSHIP).isin(nonCommercial.toArray()), lit(false)))
        .withColumn(ORDER_COUNT, coalesce(col(ORDER_COUNT), lit(0L)))
        .withColumn(PURCHASE_DAYS, coalesce(col(PURCHASE_DAYS), lit(0L)))
        .withColumn(
            MONETARY_NET,
            coalesce(col(MONETARY_NET), lit(BigDecimal.ZERO).cast(CustomerFacts.MONEY)))
        .withColumn(IS_MARKETABLE, coalesce(col(IS_MARKETABLE), lit(false)));
  }

  public static Dataset<Row> commercial(Dataset<Row> universe) {
    return universe.where(col(NON_COMMERCIAL).equalTo(false)).drop(NON_COMMERCIAL);
  }

  public static Result score(SparkSession spark, Dataset<Row> commercial, Params p) {
    Dataset<Row> scored =
        RfmScores.score(commercial, new RfmScores.Params(p.rfm().scoreBins(), p.rfm().groupBy()));
    Dataset<Row> segmented =
        RfmSegments.assign(scored, p.rfm().segments(), p.rfm().defaultSegment());
    double a = p.pareto().aShare();
    double b = p.pareto().bShare();
    ParetoRanking.Ranked byMoney =
        ParetoRanking.rank(segmented, MONETARY_NET, M_RANK, M_CUM, p.buckets());
    Column share =
        byMoney.total().signum() == 0
            ? lit(null).cast("double")
            : col(M_CUM).cast("double").divide(lit(byMoney.total().doubleValue()));
    Dataset<Row> classed =
        byMoney
            .rows()
            .withColumn(ABC_CLASS, ParetoRanking.abcClass(byMoney, MONETARY_NET, M_CUM, a, b))
            .withColumn(CUM_REVENUE_SHARE, share);
    ParetoRanking.Ranked byMargin =
        ParetoRanking.rank(classed, MARGIN_NET, "_g_rank", "_g_cum", p.buckets());
    Dataset<Row> withMargin =
        byMargin
            .rows()
            .withColumn(
                ABC_CLASS_MARGIN, ParetoRanking.abcClass(byMargin, MARGIN_NET, "_g_cum", a, b));
    Dataset<Row> metrics =
        Lifecycle.assign(withMargin, p.lifecycle())
            .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    return new Result(metrics, ParetoCurve.curve(spark, byMoney, M_RANK, M_CUM), byMoney);
  }

  public static Double gini(Result r) {
    return ParetoCurve.gini(r.ranking(), MONETARY_NET, M_RANK);
  }
}
