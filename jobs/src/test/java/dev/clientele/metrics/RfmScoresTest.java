package dev.clientele.metrics;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.RfmSettings;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quantile scores. On populations this small the sketches are exact: the cut point for probability
 * p is the ceil(p * n)-th smallest value, and a score is 1 + the number of cut points strictly
 * below the value (R reversed: bins + 1 - that).
 */
@ExtendWith(SparkTest.class)
class RfmScoresTest {
  private static final StructType IN =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("recency_days", DataTypes.IntegerType)
          .add("order_count", DataTypes.LongType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2));

  private static final StructType OUT =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("r_score", DataTypes.IntegerType)
          .add("f_score", DataTypes.IntegerType)
          .add("m_score", DataTypes.IntegerType)
          .add("rfm_segment", DataTypes.StringType);

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  @Test
  void quintilesWithTiesAndTheDefaultGrid() {
    Dataset<Row> in =
        df(
            IN,
            row("b01", "FR", 1, 10L, dec("500.00")),
            row("b02", "FR", 3, 8L, dec("400.00")),
            row("b03", "FR", 3, 8L, dec("300.00")),
            row("b04", "FR", 10, 5L, dec("300.00")),
            row("b05", "FR", 20, 4L, dec("200.00")),
            row("b06", "FR", 30, 3L, dec("150.00")),
            row("b07", "FR", 60, 2L, dec("100.00")),
            row("b08", "FR", 90, 2L, dec("100.00")),
            row("b09", "FR", 200, 1L, dec("50.00")),
            row("b10", "FR", 400, 1L, dec("-20.00")),
            row("p01", "FR", null, 0L, dec("0.00")));
    // n = 10 buyers, cut points at ranks 2, 4, 6, 8 (p01 has no purchase and is not counted).
    // recency 1,3,3,10,20,30,60,90,200,400 -> cuts 3,10,30,90: R(1)=R(3)=5, R(10)=4, R(20)=R(30)=3,
    //   R(60)=R(90)=2, R(200)=R(400)=1.
    // orders 1,1,2,2,3,4,5,8,8,10 -> cuts 1,2,4,8: F(10)=5, F(8)=F(5)=4, F(4)=F(3)=3, F(2)=2,
    // F(1)=1.
    // money -20,50,100,100,150,200,300,300,400,500 -> cuts 50,100,200,300: M(500)=M(400)=5,
    //   M(300)=4, M(200)=M(150)=3, M(100)=2, M(50)=M(-20)=1.
    // Grid: R5 F4-5 Champions; R4 F4 Loyal Customers; R3 F3 Need Attention; R1-2 F1-2 Hibernating.
    Dataset<Row> expected =
        df(
            OUT,
            row("b01", 5, 5, 5, "Champions"),
            row("b02", 5, 4, 5, "Champions"),
            row("b03", 5, 4, 4, "Champions"),
            row("b04", 4, 4, 4, "Loyal Customers"),
            row("b05", 3, 3, 3, "Need Attention"),
            row("b06", 3, 3, 3, "Need Attention"),
            row("b07", 2, 2, 2, "Hibernating"),
            row("b08", 2, 2, 2, "Hibernating"),
            row("b09", 1, 1, 1, "Hibernating"),
            row("b10", 1, 1, 1, "Hibernating"),
            row("p01", null, null, null, null));
    RfmSettings s = RfmSettings.from(ConfigLoader.load(null, null, List.of(), Map.of()));
    Dataset<Row> scored = RfmScores.score(in, new RfmScores.Params(5, ""));
    Dataset<Row> out = RfmSegments.assign(scored, s.segments(), s.defaultSegment());
    assertDataFrameEquals(
        expected, out.select("customer_id", "r_score", "f_score", "m_score", "rfm_segment"));
  }

  @Test
  void scoresWithinGroupsWithTwoBins() {
    Dataset<Row> in =
        df(
            IN,
            row("f1", "FR", 1, 1L, dec("10.00")),
            row("f2", "FR", 5, 2L, dec("20.00")),
            row("f3", "FR", 5, 2L, dec("30.00")),
            row("f4", "FR", 9, 3L, dec("40.00")),
            row("d1", "DE", 100, 5L, dec("1000.00")),
            row("d2", "DE", 200, 6L, dec("2000.00")),
            row("n1", null, 7, 1L, dec("5.00")));
    // Two bins: one cut at rank ceil(n / 2) of each group.
    // FR (n = 4): recency cut 5 -> R = 2,2,2,1; orders cut 2 -> F = 1,1,1,2; money cut 20 ->
    // 1,1,2,2.
    // DE (n = 2): recency cut 100 -> R 2, 1; orders cut 5 -> 1, 2; money cut 1000 -> 1, 2.
    //   (Across everyone d1 would have F 2 and M 2: the groups matter.)
    // null country is a group of its own (n = 1): its value is its cut -> R 2, F 1, M 1.
    // One rule "Top" r = [1, 1], f = [2, 2] (f4 and d2); the rest "Others".
    Dataset<Row> expected =
        df(
            OUT,
            row("f1", 2, 1, 1, "Others"),
            row("f2", 2, 1, 1, "Others"),
            row("f3", 2, 1, 2, "Others"),
            row("f4", 1, 2, 2, "Top"),
            row("d1", 2, 1, 1, "Others"),
            row("d2", 1, 2, 2, "Top"),
            row("n1", 2, 1, 1, "Others"));
    Dataset<Row> scored = RfmScores.score(in, new RfmScores.Params(2, "country"));
    Dataset<Row> out =
        RfmSegments.assign(
            scored, List.of(new RfmSettings.SegmentRule("Top", 1, 1, 2, 2, 1, 2)), "Others");
    assertDataFrameEquals(
        expected, out.select("customer_id", "r_score", "f_score", "m_score", "rfm_segment"));
  }
}
