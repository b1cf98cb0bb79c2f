package dev.clientele.metrics.clv;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.schema.Cols;
import dev.clientele.testkit.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Predictions as Spark columns, against hand computations with the published parameters. */
@ExtendWith(SparkTest.class)
class ClvPredictionsTest {
  private static final BgNbd.Params BG = new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
  private static final GammaGamma.Params GG = new GammaGamma.Params(6.25, 3.74, 15.44);

  private static final StructType SUMMARY =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("btyd_x", DataTypes.DoubleType)
          .add("btyd_t_x", DataTypes.DoubleType)
          .add("btyd_t", DataTypes.DoubleType)
          .add("btyd_mean_repeat_value", DataTypes.DoubleType);

  private static Dataset<Row> summary() {
    return df(SUMMARY, row("c1", 2.0, 30.43, 38.86, 22.35), row("c0", 0.0, 0.0, 38.86, 0.0));
  }

  private static Row customer(Dataset<Row> predictions, String id) {
    // Two rows of test data.
    List<Row> rows = predictions.where(Cols.CUSTOMER_ID + " = '" + id + "'").collectAsList();
    return rows.get(0);
  }

  @Test
  void pAliveAndExpectedValueByHand() {
    // One month of 39 weeks (days per unit = 30.4375 / 39): the paper's 39-week example.
    ClvPredictions.Params p = new ClvPredictions.Params(1, 30.4375 / 39, 0.0, 1.0);
    Row c1 = customer(ClvPredictions.predict(summary(), BG, GG, p), "c1");
    // p_alive = 1 / (1 + 0.793 / 3.426 * (43.274 / 34.844)^2.243)
    //         = 1 / (1 + 0.231465 * exp(2.243 * 0.216671))
    //         = 1 / (1 + 0.231465 * 1.625802) = 0.72658
    assertEquals(0.72658, c1.<Double>getAs(Cols.P_ALIVE), 1e-4, "p_alive of x=2, 30.43, 38.86");
    assertEquals(1.226, c1.<Double>getAs("expected_purchases"), 0.001, "paper: 1.226");
    // E[M] = 6.25 * (15.44 + 2 * 22.35) / (6.25 * 2 + 3.74 - 1) = 375.875 / 15.24 = 24.6637
    assertEquals(24.6637, c1.<Double>getAs("expected_avg_order_value"), 1e-3, "E[M | 2, 22.35]");
    // No discount, one month: clv = expected purchases * expected value * margin 1.
    assertEquals(1.226 * 24.6637, c1.<Double>getAs(Cols.CLV_PREDICTED), 0.03, "clv one period");
    Row c0 = customer(ClvPredictions.predict(summary(), BG, GG, p), "c0");
    assertEquals(1.0, c0.<Double>getAs(Cols.P_ALIVE), 1e-12, "no repeat: p_alive = 1");
    // Population mean: 6.25 * 15.44 / 2.74 = 35.2190
    assertEquals(35.2190, c0.<Double>getAs("expected_avg_order_value"), 1e-3, "E[M] for x=0");
  }

  @Test
  void discountingAndMarginApplyPerMonth() {
    ClvPredictions.Params p = new ClvPredictions.Params(3, 7.0, 0.10, 0.4);
    Row c1 = customer(ClvPredictions.predict(summary(), BG, GG, p), "c1");
    // Reference: monthly increments of E[Y(m months)] discounted by 1.1^m, times E[M] * 0.4.
    assertEquals(
        threeMonths(24.6637 * 0.4), c1.<Double>getAs(Cols.CLV_PREDICTED), 1e-3, "discounted clv");
    assertEquals(3, c1.<Integer>getAs("clv_horizon_months"), "horizon");
    assertEquals(
        c1.<Double>getAs(Cols.CLV_PREDICTED),
        c1.<Double>getAs(Cols.CLV_NET),
        1e-12,
        "no retention cost (default 0): clv_net = clv_predicted");
  }

  /**
   * The sum over months m = 1..3 (of 30.4375 days, in weeks) of c1's expected purchases in month m
   * x perPurchase / 1.1^m, month by month from the BG/NBD cumulative expectation.
   */
  private static double threeMonths(double perPurchase) {
    double month = 30.4375 / 7;
    double total = 0;
    for (int m = 1; m <= 3; m++) {
      double inc =
          BgNbd.conditionalExpected(BG, 2, 30.43, 38.86, m * month)
              - BgNbd.conditionalExpected(BG, 2, 30.43, 38.86, (m - 1) * month);
      total += inc * perPurchase / Math.pow(1.1, m);
    }
    return total;
  }

  @Test
  void clvNetTakesTheRetentionCostOfEachExpectedPurchaseInItsMonth() {
    ClvPredictions.Params p = new ClvPredictions.Params(3, 7.0, 0.10, 0.4, 2.5);
    Row c1 = customer(ClvPredictions.predict(summary(), BG, GG, p), "c1");
    // Reference month by month: the month's expected purchases x (E[M] x margin - cost per
    // purchase), discounted by 1.1^m. E[M | 2, 22.35] = 24.6637 (above): 24.6637 x 0.4 - 2.5 =
    // 7.36548 per purchase.
    assertEquals(
        threeMonths(24.6637 * 0.4 - 2.5), c1.<Double>getAs(Cols.CLV_NET), 1e-3, "discounted net");
    // One undiscounted 39-week month: 1.226 purchases x (24.6637 - 2.5) = 27.17
    ClvPredictions.Params one = new ClvPredictions.Params(1, 30.4375 / 39, 0.0, 1.0, 2.5);
    Row c1One = customer(ClvPredictions.predict(summary(), BG, GG, one), "c1");
    assertEquals(1.226 * (24.6637 - 2.5), c1One.<Double>getAs(Cols.CLV_NET), 0.03, "one period");
    Row noValue = customer(ClvPredictions.predict(summary(), BG, null, p), "c1");
    assertTrue(
        noValue.isNullAt(noValue.fieldIndex(Cols.CLV_NET)), "no Gamma-Gamma fit: no clv_net");
  }
}
