package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.d;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clientele.testkit.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Survey history as of 2024-12-31, worked by hand (slopes by the least-squares formula). */
@ExtendWith(SparkTest.class)
class SurveyHistoryTest {
  static final LocalDate AS_OF = LocalDate.parse("2024-12-31");

  private static final StructType ANSWERS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("response_date", DataTypes.DateType)
          .add("satisfaction", DataTypes.DoubleType)
          .add("nps_score", DataTypes.IntegerType);

  /**
   * a: 4 (NPS 8) on 03-15, 3 (NPS 6) on 09-15: x = -291 and -107 days, slope -1/184 a day, -365/184
   * = -1.98370 a year; latest 3, NPS 6 detractor. b: 5 (10) on 06-01, 5 (9) and 4 (7) on 12-01: x =
   * -213, -30, -30; n 3, sx -273, sy 14, sxx 47169, sxy -1335; slope (3 x -1335 - (-273 x 14)) / (3
   * x 47169 - 273^2) = -183 / 66978 a day, x 365 = -0.99727; latest day mean 4.5, lowest NPS that
   * day 7: passive; mean 14 / 3. c: NPS 9 only: promoter, no satisfaction. d: one answer: no trend.
   * An answer after the as-of day is not seen.
   */
  private static Dataset<Row> answers() {
    return df(
        ANSWERS,
        row("a", d("2024-03-15"), 4.0, 8),
        row("a", d("2024-09-15"), 3.0, 6),
        row("a", d("2025-01-10"), 1.0, 0),
        row("b", d("2024-06-01"), 5.0, 10),
        row("b", d("2024-12-01"), 5.0, 9),
        row("b", d("2024-12-01"), 4.0, 7),
        row("c", d("2024-07-10"), null, 9),
        row("d", d("2024-02-02"), 2.0, null));
  }

  private static Row of(Dataset<Row> rows, String id) {
    List<Row> hit = rows.where(col("customer_id").equalTo(id)).collectAsList();
    assertEquals(1, hit.size(), id + ": one row");
    return hit.get(0);
  }

  @Test
  void latestMeanTrendAndBand() {
    Dataset<Row> customers =
        df(
            new StructType().add("customer_id", DataTypes.StringType),
            row("a"),
            row("b"),
            row("c"),
            row("d"),
            row("e"));
    Dataset<Row> out =
        SurveyHistory.attach(
                customers,
                SurveyHistory.perCustomer(SurveyHistory.inWindow(answers(), null, AS_OF), AS_OF))
            .select(
                "customer_id",
                "survey_responses",
                "satisfaction_latest",
                "satisfaction_mean",
                "satisfaction_trend",
                "nps_latest",
                "nps_band")
            .cache();
    Row a = of(out, "a");
    assertEquals(2L, a.getLong(1), "a: the 2025 answer is after the as-of day");
    assertEquals(3.0, a.getDouble(2), 1e-12);
    assertEquals(3.5, a.getDouble(3), 1e-12);
    assertEquals(-365.0 / 184.0, a.getDouble(4), 1e-9);
    assertEquals(6, a.getInt(5));
    assertEquals("detractor", a.getString(6));

    Row b = of(out, "b");
    assertEquals(3L, b.getLong(1));
    assertEquals(4.5, b.getDouble(2), 1e-12, "b: the latest day's mean");
    assertEquals(14.0 / 3.0, b.getDouble(3), 1e-12);
    assertEquals(-183.0 / 66978.0 * 365.0, b.getDouble(4), 1e-9);
    assertEquals(7, b.getInt(5), "b: the latest day's lowest answer");
    assertEquals("passive", b.getString(6));

    Row c = of(out, "c");
    assertEquals(1L, c.getLong(1));
    assertNull(c.get(2), "c: no satisfaction answered");
    assertNull(c.get(3));
    assertNull(c.get(4));
    assertEquals(9, c.getInt(5));
    assertEquals("promoter", c.getString(6));

    Row dd = of(out, "d");
    assertEquals(2.0, dd.getDouble(2), 1e-12);
    assertNull(dd.get(4), "d: one answer day, no trend");
    assertNull(dd.get(6), "d: no NPS answer, no band");

    Row e = of(out, "e");
    assertEquals(0L, e.getLong(1), "e: no answer");
    assertNull(e.get(2));
    assertNull(e.get(6));
  }
}
