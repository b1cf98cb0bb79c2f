package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.schema.Cols;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From the raw CDNOW transactions through the same summary code the stage uses (as-of 1997-09-30,
 * weeks) to the published summary file and the published parameters.
 */
@ExtendWith(SparkTest.class)
class CdnowRawFitTest {
  private static Dataset<Row> summary;

  @BeforeAll
  static void summarise() throws IOException {
    Dataset<Row> tx = CdnowFixture.transactions();
    ClvSummary.Params p =
        new ClvSummary.Params(
            Timestamp.from(Instant.parse("1997-10-01T00:00:00Z")), LocalDate.of(1997, 9, 30), 7.0);
    summary =
        ClvSummary.of(tx, p)
            .join(tx.select(Cols.CUSTOMER_ID, Cols.CUSTOMER_KEY).distinct(), Cols.CUSTOMER_ID)
            .cache();
  }

  @AfterAll
  static void release() {
    if (summary != null) {
      summary.unpersist();
    }
  }

  @Test
  void summaryEqualsThePublishedWeeklySummary() throws IOException {
    Path dir = SparkTest.sharedDir().resolve("datasets/cdnow");
    Map<Integer, double[]> published = new HashMap<>();
    for (double[] r :
        CdnowSummaryFitTest.csv(dir.resolve("cdnow_customers_summary_with_transactions.csv"))) {
      published.put((int) r[0], r);
    }
    // Test data: 2,357 customers.
    List<Row> rows = summary.collectAsList();
    assertEquals(2357, rows.size(), "customers with a purchase day by 1997-09-30");
    for (Row r : rows) {
      int id = Integer.parseInt(r.getAs(Cols.CUSTOMER_KEY));
      double[] e = published.get(id);
      String who = "customer ID " + id;
      assertEquals(e[1], (double) r.getAs(Cols.BTYD_X), 1e-9, who + " x");
      // The file rounds weeks to 2 decimals.
      assertEquals(e[2], (double) r.getAs(Cols.BTYD_T_X), 0.0051, who + " t_x");
      assertEquals(e[3], (double) r.getAs(Cols.BTYD_T), 0.0051, who + " T");
      assertEquals(e[4], (double) r.getAs(Cols.BTYD_MEAN_REPEAT_VALUE), 0.0051, who + " zbar");
    }
  }

  @Test
  void parametersFittedFromRawTransactionsMatchThePublishedOnes() {
    ClvFit.Report bg = ClvFit.bgNbd(ClvTuples.bgNbd(summary, 7.0), 0.0);
    System.out.println("raw-transactions BG/NBD fit: " + bg.summary());
    assertEquals(0.243, bg.value("r"), 0.01, "r (paper: 0.243)");
    assertEquals(4.414, bg.value("alpha"), 0.01, "alpha (paper: 4.414)");
    assertEquals(0.793, bg.value("a"), 0.01, "a (paper: 0.793)");
    assertEquals(2.426, bg.value("b"), 0.01, "b (paper: 2.426)");
    ClvTuples.GammaGammaTuples tuples = ClvTuples.gammaGamma(summary);
    ClvFit.Report gg = ClvFit.gammaGamma(tuples.data(), 0.0, tuples.excluded());
    System.out.println("raw-transactions Gamma-Gamma fit: " + gg.summary());
    assertEquals(946, gg.customers(), "repeat customers (published: 946)");
    assertEquals(0, tuples.excluded(), "repeat customers with a non-positive mean value");
    assertEquals(6.25, gg.value("p"), 0.01, "p (published: 6.25)");
    assertEquals(3.74, gg.value("q"), 0.01, "q (published: 3.74)");
    assertEquals(15.44, gg.value("gamma"), 15.44 * 0.005, "gamma (published: 15.44)");
  }
}
