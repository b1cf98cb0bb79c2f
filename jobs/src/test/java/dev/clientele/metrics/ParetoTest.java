package dev.clientele.metrics;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pareto ranking, ABC classes, curve and Gini against hand values and a plain sort-and-cumsum. */
@ExtendWith(SparkTest.class)
class ParetoTest {
  private static final StructType IN =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("monetary_net", DataTypes.createDecimalType(18, 2))
          .add("margin_net", DataTypes.createDecimalType(18, 2));

  private static final StructType CLASSES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("abc", DataTypes.StringType)
          .add("share", DataTypes.DoubleType);

  private static BigDecimal dec(String s) {
    return s == null ? null : new BigDecimal(s);
  }

  /** The small set: total of the positive values 50 + 25 + 10 + 5 + 5 + 5 = 100. */
  private static Dataset<Row> small() {
    return df(
        IN,
        row("a", dec("50.00"), dec("10.00")),
        row("b", dec("25.00"), null),
        row("c", dec("10.00"), dec("30.00")),
        row("d", dec("5.00"), dec("-5.00")),
        row("e", dec("5.00"), null),
        row("f", dec("5.00"), dec("60.00")),
        row("g", dec("0.00"), null),
        row("h", dec("-10.00"), null));
  }

  private static Dataset<Row> classes(Dataset<Row> in, String value, int buckets) {
    ParetoRanking.Ranked r = ParetoRanking.rank(in, value, "_rank", "_cum", buckets);
    return r.rows()
        .select(
            col("customer_id"),
            ParetoRanking.abcClass(r, value, "_cum", 0.80, 0.95).as("abc"),
            col("_cum").cast("double").divide(r.total().doubleValue()).as("share"));
  }

  @Test
  void classesOnTheSmallSetByHand() {
    // Sorted desc (ties by id): a 50 (cum 50), b 25 (75), c 10 (85: crosses 80, still A),
    // d 5 (90, B), e 5 (95, B: 90 before it), f 5 (100, C: 95 before it); g 0 and h -10: C.
    Dataset<Row> expected =
        df(
            CLASSES,
            row("a", "A", 0.50),
            row("b", "A", 0.75),
            row("c", "A", 0.85),
            row("d", "B", 0.90),
            row("e", "B", 0.95),
            row("f", "C", 1.00),
            row("g", "C", null),
            row("h", "C", null));
    for (int buckets : new int[] {1, 2, 3}) {
      assertDataFrameEquals(expected, classes(small(), "monetary_net", buckets), 1e-12);
    }
    // Margins: f 60 (A), c 30 (A: 60 before it), a 10 (B: 90 before it, of 100); d -5 C; rest null.
    Dataset<Row> margin =
        df(
            CLASSES,
            row("f", "A", 0.60),
            row("c", "A", 0.90),
            row("a", "B", 1.00),
            row("d", "C", null),
            row("b", null, null),
            row("e", null, null),
            row("g", null, null),
            row("h", null, null));
    assertDataFrameEquals(margin, classes(small(), "margin_net", 2), 1e-12);
  }

  @Test
  void classesMatchASortAndCumsumOnARandomSetWithTies() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Values from a small set of amounts: many ties, a few zero and negative.
      BigDecimal v = BigDecimal.valueOf(rnd.nextInt(40) * 5L - 10L, 0).setScale(2);
      rows.add(RowFactory.create(String.format("k%03d", i), v, null));
    }
    Dataset<Row> in = SparkTest.spark().createDataFrame(rows, IN);
    Dataset<Row> expected = SparkTest.spark().createDataFrame(reference(rows), CLASSES);
    assertDataFrameEquals(expected, classes(in, "monetary_net", 4), 1e-12);
  }

  /** Plain sort and cumulative sum on the driver: the textbook definition. */
  private static List<Row> reference(List<Row> rows) {
    List<Row> pos =
        new ArrayList<>(rows.stream().filter(r -> r.getDecimal(1).signum() > 0).toList());
    pos.sort(
        Comparator.comparing((Row r) -> r.getDecimal(1))
            .reversed()
            .thenComparing(r -> r.getString(0)));
    BigDecimal total =
        pos.stream().map(r -> r.getDecimal(1)).reduce(BigDecimal.ZERO, BigDecimal::add);
    List<Row> out = new ArrayList<>();
    BigDecimal cum = BigDecimal.ZERO;
    for (Row r : pos) {
      double before = cum.doubleValue() / total.doubleValue();
      cum = cum.add(r.getDecimal(1));
      String abc = before < 0.80 ? "A" : before < 0.95 ? "B" : "C";
      out.add(RowFactory.create(r.getString(0), abc, cum.doubleValue() / total.doubleValue()));
    }
    rows.stream()
        .filter(r -> r.getDecimal(1).signum() <= 0)
        .forEach(r -> out.add(RowFactory.create(r.getString(0), "C", null)));
    return out;
  }

  @Test
  void curveAndGiniOnTheSmallSet() {
    ParetoRanking.Ranked r = ParetoRanking.rank(small(), "monetary_net", "_rank", "_cum", 2);
    Dataset<Row> curve = ParetoCurve.curve(SparkTest.spark(), r, "_rank", "_cum");
    // Reference: point p = share of the top ceil(p * 6 / 100) of 50, 25, 10, 5, 5, 5 (total 100).
    double[] cum = {0, 0.50, 0.75, 0.85, 0.90, 0.95, 1.00};
    List<Object[]> points = new ArrayList<>();
    for (int p = 0; p <= 100; p++) {
      points.add(row(p, cum[(int) Math.ceil(p * 6 / 100.0)]));
    }
    StructType curveType =
        new StructType()
            .add("customer_share_pct", DataTypes.IntegerType)
            .add("revenue_share", DataTypes.DoubleType);
    assertDataFrameEquals(df(curveType, points.toArray(Object[][]::new)), curve, 1e-12);
    assertEquals(0.75, ParetoCurve.top20(curve), 1e-12, "top 20 % = top ceil(1.2) = 2 customers");
    // Direct formula: G = sum_i sum_j |xi - xj| / (2 n^2 mean); by hand 580 / 1200 = 0.48333.
    double[] x = {50, 25, 10, 5, 5, 5};
    double abs = 0;
    for (double xi : x) {
      for (double xj : x) {
        abs += Math.abs(xi - xj);
      }
    }
    double direct = abs / (2 * x.length * x.length * (100.0 / x.length));
    assertEquals(580.0 / 1200.0, direct, 1e-12, "the hand value of the direct formula");
    assertEquals(direct, ParetoCurve.gini(r, "monetary_net", "_rank"), 1e-12, "gini");
  }

  @Test
  void nothingPositiveToRankGivesNullRanksAndPlansNoWindow() {
    Dataset<Row> ds =
        SparkTest.spark()
            .sql(
                "SELECT * FROM VALUES ('c1', CAST(NULL AS DECIMAL(18,2))), ('c2', CAST(-5 AS"
                    + " DECIMAL(18,2))), ('c3', CAST(0 AS DECIMAL(18,2))) AS t(customer_id, margin)")
            // Not a literal relation: the optimizer could prove the filter empty and drop the
            // window itself, as it cannot on a table read.
            .localCheckpoint();
    ParetoRanking.Ranked r = ParetoRanking.rank(ds, "margin", "rank", "cum", 4);
    assertEquals(0, r.customers());
    assertEquals(BigDecimal.ZERO, r.total());
    assertEquals(3, r.rows().where(col("rank").isNull().and(col("cum").isNull())).count());
    // No positive value: no window at all (a constant bucket would fold into an unpartitioned one).
    String plan = r.rows().queryExecution().executedPlan().toString();
    assertEquals(false, plan.contains("Window"), plan);
  }
}
