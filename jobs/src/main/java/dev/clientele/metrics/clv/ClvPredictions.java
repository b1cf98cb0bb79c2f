package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per-customer predictions, computed in parallel on the executors: p_alive and the Gamma-Gamma
 * expected order value as Column expressions, the BG/NBD expectations (which need the
 * hypergeometric series) as UDFs over the fitted parameters. Nothing is collected.
 */
public final class ClvPredictions {
  /** Average days per month (365.25 / 12). */
  public static final double DAYS_PER_MONTH = 30.4375;

  public static final String EXPECTED_PURCHASES = Cols.EXPECTED_PURCHASES;
  public static final String EXPECTED_AVG_ORDER_VALUE = Cols.EXPECTED_AVG_ORDER_VALUE;
  public static final String CLV_HORIZON_MONTHS = Cols.CLV_HORIZON_MONTHS;

  private ClvPredictions() {}

  /**
   * @param horizonMonths months in the horizon
   * @param daysPerUnit days per model time unit (1 or 7)
   * @param monthlyDiscountRate discount per month
   * @param marginRate share of the value that is margin
   * @param retentionCostPerPurchase what each expected purchase costs to win (clv_net)
   */
  public record Params(
      int horizonMonths,
      double daysPerUnit,
      double monthlyDiscountRate,
      double marginRate,
      double retentionCostPerPurchase)
      implements Serializable {
    /** Without a retention cost: clv_net equals clv_predicted. */
    public Params(
        int horizonMonths, double daysPerUnit, double monthlyDiscountRate, double marginRate) {
      this(horizonMonths, daysPerUnit, monthlyDiscountRate, marginRate, 0.0);
    }

    double monthInUnits() {
      return DAYS_PER_MONTH / daysPerUnit;
    }
  }

  /**
   * Adds p_alive, expected_purchases, expected_avg_order_value, clv_predicted, clv_net, horizon. A
   * model that could not be fitted is null here, and so are the columns that need it (clv_predicted
   * and clv_net need both). clv_net = sum over months of E[purchases in month m] x (value x margin
   * - retention cost) / (1 + rate)^m: clv_predicted less the cost of each expected purchase,
   * discounted in the same months.
   */
  public static Dataset<Row> predict(
      Dataset<Row> summary, PurchaseModel purchases, GammaGamma.Params gg, Params p) {
    Column x = col(Cols.BTYD_X);
    Column tx = col(Cols.BTYD_T_X);
    Column t = col(Cols.BTYD_T);
    Column value = gg == null ? NO_VALUE : expectedValue(gg, x, col(Cols.BTYD_MEAN_REPEAT_VALUE));
    // A customer's own margin rate where their transactions carry margins (ClvMargins).
    Column margin =
        java.util.Arrays.asList(summary.columns()).contains(ClvMargins.MARGIN_RATE)
            ? org.apache.spark.sql.functions.coalesce(
                col(ClvMargins.MARGIN_RATE), lit(p.marginRate()))
            : lit(p.marginRate());
    if (purchases == null) {
      return summary
          .withColumn(Cols.P_ALIVE, NO_VALUE)
          .withColumn(EXPECTED_PURCHASES, NO_VALUE)
          .withColumn(EXPECTED_AVG_ORDER_VALUE, value)
          .withColumn(Cols.CLV_PREDICTED, NO_VALUE)
          .withColumn(Cols.CLV_NET, NO_VALUE)
          .withColumn(CLV_HORIZON_MONTHS, lit(p.horizonMonths()));
    }
    Column discounted = col(DISCOUNTED_PURCHASES);
    return summary
        .withColumn(Cols.P_ALIVE, pAlive(purchases, x, tx, t))
        .withColumn(EXPECTED_PURCHASES, expectedPurchases(purchases, p).apply(x, tx, t))
        .withColumn(EXPECTED_AVG_ORDER_VALUE, value)
        .withColumn(DISCOUNTED_PURCHASES, discountedPurchases(purchases, p).apply(x, tx, t))
        .withColumn(Cols.CLV_PREDICTED, discounted.multiply(value).multiply(margin))
        .withColumn(
            Cols.CLV_NET,
            col(Cols.CLV_PREDICTED).minus(discounted.multiply(lit(p.retentionCostPerPurchase()))))
        .drop(DISCOUNTED_PURCHASES)
        .withColumn(CLV_HORIZON_MONTHS, lit(p.horizonMonths()));
  }

  /** The discounted expected purchases, computed once for clv_predicted and clv_net. */
  private static final String DISCOUNTED_PURCHASES = "_discounted_purchases";

  private static final Column NO_VALUE = lit(null).cast(DataTypes.DoubleType);

  /** BG/NBD's P(alive) as a Column expression (as before); other models' through a UDF. */
  static Column pAlive(PurchaseModel m, Column x, Column tx, Column t) {
    if (m instanceof BgNbd.Params bg) {
      return pAlive(bg, x, tx, t);
    }
    return udf((UDF3<Double, Double, Double, Double>) m::pAlive, DataTypes.DoubleType)
        .apply(x, tx, t);
  }

  /** 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)). */
  public static Column pAlive(BgNbd.Params bg, Column x, Column tx, Column t) {
    Column odds =
        lit(bg.a())
            .divide(lit(bg.b()).plus(x).minus(1))
            .multiply(
                pow(lit(bg.alpha()).plus(t).divide(lit(bg.alpha()).plus(tx)), lit(bg.r()).plus(x)));
    return lit(1.0).divide(lit(1.0).plus(when(x.gt(0), odds).otherwise(0.0)));
  }

  /** E[M | x, zbar]; customers without a usable repeat value get the population mean. */
  public static Column expectedValue(GammaGamma.Params gg, Column x, Column zbar) {
    Column posterior =
        lit(gg.p())
            .multiply(lit(gg.gamma()).plus(x.multiply(zbar)))
            .divide(lit(gg.p()).multiply(x).plus(gg.q() - 1));
    return when(x.gt(0).and(zbar.gt(0)), posterior).otherwise(gg.populationMean());
  }

  /** E[purchases in the next horizon | x, t_x, T]. */
  public static UserDefinedFunction expectedPurchases(PurchaseModel bg, Params p) {
    return expectedPurchasesWithin(bg, p.horizonMonths() * p.monthInUnits());
  }

  /** E[purchases in (T, T + horizon] | x, t_x, T], horizon in model units. */
  public static UserDefinedFunction expectedPurchasesWithin(PurchaseModel m, double horizon) {
    return udf(
        (UDF3<Double, Double, Double, Double>)
            (x, tx, t) -> m.conditionalExpected(x, tx, t, horizon),
        DataTypes.DoubleType);
  }

  /** The sum over months m of E[purchases in month m] / (1 + monthly rate)^m. */
  public static UserDefinedFunction discountedPurchases(PurchaseModel bg, Params p) {
    return udf(
        (UDF3<Double, Double, Double, Double>) (x, tx, t) -> discountedPurchases(bg, p, x, tx, t),
        DataTypes.DoubleType);
  }

  static double discountedPurchases(PurchaseModel m, Params p, double x, double tx, double t) {
    double total = 0;
    double previous = 0;
    for (int month = 1; month <= p.horizonMonths(); month++) {
      double cumulative = m.conditionalExpected(x, tx, t, month * p.monthInUnits());
      total += (cumulative - previous) / Math.pow(1 + p.monthlyDiscountRate(), month);
      previous = cumulative;
    }
    return total;
  }
}
