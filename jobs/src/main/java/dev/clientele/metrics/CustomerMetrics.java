package dev.clientele.metrics;

import static dev.clientele.schema.Cols.ABC_CLASS;
import static dev.clientele.schema.Cols.ABC_CLASS_MARGIN;
import static dev.clientele.schema.Cols.ABC_CLASS_VALUE_NET;
import static dev.clientele.schema.Cols.AVG_ORDER_VALUE;
import static dev.clientele.schema.Cols.COST_TOTAL;
import static dev.clientele.schema.Cols.CUM_REVENUE_SHARE;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.CUSTOMER_SHARE_PCT;
import static dev.clientele.schema.Cols.DAYS_SINCE_ENGAGEMENT;
import static dev.clientele.schema.Cols.FIRST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.F_SCORE;
import static dev.clientele.schema.Cols.IS_MARKETABLE;
import static dev.clientele.schema.Cols.IS_VIP;
import static dev.clientele.schema.Cols.LAST_PURCHASE_DATE;
import static dev.clientele.schema.Cols.LIFECYCLE_STATUS;
import static dev.clientele.schema.Cols.LOYALTY_LEVEL;
import static dev.clientele.schema.Cols.MARGIN_NET;
import static dev.clientele.schema.Cols.MEASURE;
import static dev.clientele.schema.Cols.MONETARY_NET;
import static dev.clientele.schema.Cols.M_SCORE;
import static dev.clientele.schema.Cols.ORDER_COUNT;
import static dev.clientele.schema.Cols.PAYMENT_INCIDENTS;
import static dev.clientele.schema.Cols.PURCHASE_DAYS;
import static dev.clientele.schema.Cols.RECENCY_DAYS;
import static dev.clientele.schema.Cols.RELATIONSHIP;
import static dev.clientele.schema.Cols.REVENUE_SHARE;
import static dev.clientele.schema.Cols.RFM_SEGMENT;
import static dev.clientele.schema.Cols.RISK_LEVEL;
import static dev.clientele.schema.Cols.R_SCORE;
import static dev.clientele.schema.Cols.VALUE_LEVEL;
import static dev.clientele.schema.Cols.VALUE_NET;
import static dev.clientele.schema.Cols.VOLUME_LEVEL;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.ParetoSettings.Measure;
import dev.clientele.config.RfmSettings;
import dev.clientele.schema.Cols;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Composes facts, net value, RFM, Pareto / ABC (one ranking per measure of {@code
 * clientele.pareto.rank-by}) and lifecycle into the customer_metrics columns.
 */
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
                  PurchaseTiming.COLUMNS.stream(),
                  Stream.of(
                      MARGIN_NET,
                      COST_TOTAL,
                      VALUE_NET,
                      ABC_CLASS_VALUE_NET,
                      DAYS_SINCE_ENGAGEMENT,
                      IS_VIP,
                      Cols.PAYMENTS_SETTLED,
                      Cols.ON_TIME_SHARE,
                      Cols.DAYS_LATE_MEAN,
                      Cols.AMOUNT_OVERDUE,
                      Cols.DAYS_OVERDUE_MAX,
                      Cols.PAYMENT_RISK,
                      Cols.SURVEY_RESPONSES,
                      Cols.SATISFACTION_LATEST,
                      Cols.SATISFACTION_MEAN,
                      Cols.SATISFACTION_TREND,
                      Cols.NPS_LATEST,
                      Cols.NPS_BAND)))
          .toList();

  static final String NON_COMMERCIAL = "_non_commercial";
  private static final String M_RANK = "_m_rank";
  private static final String M_CUM = "_m_cum";

  private CustomerMetrics() {}

  public record Params(
      RfmSettings rfm, ParetoSettings pareto, LifecycleSettings lifecycle, int buckets) {}

  /**
   * metrics: customer_metrics columns (no snapshot/audit); curve: the pareto_curve rows of every
   * ranked measure; ranking: by monetary_net.
   */
  public record Result(Dataset<Row> metrics, Dataset<Row> curve, ParetoRanking.Ranked ranking) {}

  /**
   * Every known customer (profiles) and every identified buyer (facts), one row each: customers
   * without transactions in the window become prospects with zero orders and zero net revenue.
   * Flags relationships configured as non-commercial. costs: customer_id, cost_total ({@link
   * CostAllocation}).
   */
  public static Dataset<Row> universe(
      Dataset<Row> facts,
      Dataset<Row> costs,
      Dataset<Row> profiles,
      List<String> nonCommercial,
      String groupBy) {
    List<Column> keep =
        new ArrayList<>(
            List.of(
                col(CUSTOMER_ID), col(RELATIONSHIP), col(IS_MARKETABLE), col(PAYMENT_INCIDENTS)));
    if (groupBy != null && !groupBy.isBlank()) {
      keep.add(col(groupBy));
    }
    Dataset<Row> p = profiles.select(keep.toArray(Column[]::new));
    Dataset<Row> customers =
        facts
            .join(p, new String[] {CUSTOMER_ID}, "full_outer")
            .withColumn(
                NON_COMMERCIAL,
                coalesce(col(RELATIONSHIP).isin(nonCommercial.toArray()), lit(false)))
            .withColumn(ORDER_COUNT, coalesce(col(ORDER_COUNT), lit(0L)))
            .withColumn(PURCHASE_DAYS, coalesce(col(PURCHASE_DAYS), lit(0L)))
            .withColumn(
                MONETARY_NET,
                coalesce(col(MONETARY_NET), lit(BigDecimal.ZERO).cast(CustomerFacts.MONEY)))
            .withColumn(IS_MARKETABLE, coalesce(col(IS_MARKETABLE), lit(false)));
    return NetValue.withCosts(customers, costs);
  }

  public static Dataset<Row> commercial(Dataset<Row> universe) {
    return universe.where(col(NON_COMMERCIAL).equalTo(false)).drop(NON_COMMERCIAL);
  }

  public static Result score(SparkSession spark, Dataset<Row> commercial, Params p) {
    Dataset<Row> scored =
        RfmScores.score(commercial, new RfmScores.Params(p.rfm().scoreBins(), p.rfm().groupBy()));
    Dataset<Row> segmented =
        RfmSegments.assign(scored, p.rfm().segments(), p.rfm().defaultSegment());
    ParetoRanking.Ranked byMoney =
        ParetoRanking.rank(segmented, MONETARY_NET, M_RANK, M_CUM, p.buckets());
    Column share =
        byMoney.total().signum() == 0
            ? lit(null).cast("double")
            : col(M_CUM).cast("double").divide(lit(byMoney.total().doubleValue()));
    Dataset<Row> classed =
        byMoney
            .rows()
            .withColumn(ABC_CLASS, abcClass(byMoney, MONETARY_NET, M_CUM, p))
            .withColumn(CUM_REVENUE_SHARE, share);
    Dataset<Row> curve =
        withMeasure(ParetoCurve.curve(spark, byMoney, M_RANK, M_CUM), Measure.REVENUE);
    // The other measures: each its own ranking, class column and curve; null when not ranked.
    for (Measure m : List.of(Measure.MARGIN, Measure.VALUE_NET)) {
      String value = m == Measure.MARGIN ? MARGIN_NET : VALUE_NET;
      String column = m == Measure.MARGIN ? ABC_CLASS_MARGIN : ABC_CLASS_VALUE_NET;
      if (!p.pareto().ranks(m)) {
        classed = classed.withColumn(column, lit(null).cast("string"));
        continue;
      }
      String rank = "_" + m.key() + "_rank";
      String cum = "_" + m.key() + "_cum";
      ParetoRanking.Ranked ranked = ParetoRanking.rank(classed, value, rank, cum, p.buckets());
      curve = curve.unionByName(withMeasure(ParetoCurve.curve(spark, ranked, rank, cum), m));
      classed = ranked.rows().withColumn(column, abcClass(ranked, value, cum, p)).drop(rank, cum);
    }
    Dataset<Row> metrics =
        Lifecycle.assign(classed, p.lifecycle())
            .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    return new Result(metrics, curve, byMoney);
  }

  private static Column abcClass(ParetoRanking.Ranked r, String value, String cum, Params p) {
    return ParetoRanking.abcClass(r, value, cum, p.pareto().aShare(), p.pareto().bShare());
  }

  /** A curve's rows with the measure it ranks by first: the curve table holds one per measure. */
  private static Dataset<Row> withMeasure(Dataset<Row> curve, Measure m) {
    return curve.select(lit(m.key()).as(MEASURE), col(CUSTOMER_SHARE_PCT), col(REVENUE_SHARE));
  }

  public static Double gini(Result r) {
    return ParetoCurve.gini(r.ranking(), MONETARY_NET, M_RANK);
  }
}
