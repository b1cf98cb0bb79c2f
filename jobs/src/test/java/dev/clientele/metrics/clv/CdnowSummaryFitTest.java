package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the published CDNOW results from the published weekly summary files (datasets README):
 * BG/NBD of Fader, Hardie and Lee (2005) and Gamma-Gamma of Fader and Hardie (2013). Pure Java: the
 * fitter works on tuples, no Spark needed.
 */
class CdnowSummaryFitTest {
  private static Path dir;
  private static List<double[]> summary;
  private static List<double[]> withValues;

  @BeforeAll
  static void load() throws IOException {
    dir = SparkTest.sharedDir().resolve("datasets/cdnow");
    assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " (shared reference data) is absent");
    summary = csv(dir.resolve("cdnow_customers_summary.csv"));
    withValues = csv(dir.resolve("cdnow_customers_summary_with_transactions.csv"));
  }

  /** Rows of numbers without the header; columns as in the file (ID first). */
  static List<double[]> csv(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      String[] f = line.split(",");
      double[] r = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        r[i] = Double.parseDouble(f[i].trim());
      }
      rows.add(r);
    }
    return rows;
  }

  /** One tuple per customer, weight 1 (the file is already in weeks). */
  static BgNbd.Data bgNbdData(List<double[]> rows) {
    int n = rows.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (int) rows.get(i)[1];
      tx[i] = rows.get(i)[2];
      t[i] = rows.get(i)[3];
      w[i] = 1;
    }
    return new BgNbd.Data(x, tx, t, w);
  }

  static BgNbd.Params published() {
    return new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
  }

  @Test
  void bgNbdParametersMatchThePaper() {
    ClvFit.Report fit = ClvFit.bgNbd(bgNbdData(summary), 0.0);
    System.out.println("summary-file BG/NBD fit: " + fit.summary());
    assertEquals(2357, fit.customers(), "customers in the CDNOW summary");
    assertEquals(0.243, fit.value("r"), 0.01, "r (paper: 0.243)");
    assertEquals(4.414, fit.value("alpha"), 0.01, "alpha (paper: 4.414)");
    assertEquals(0.793, fit.value("a"), 0.01, "a (paper: 0.793)");
    assertEquals(2.426, fit.value("b"), 0.01, "b (paper: 2.426)");
    // The paper reports LL = -9582.4 for the fitted model on this calibration period.
    assertEquals(-9582.4, fit.logLikelihood(), 0.5, "log-likelihood (paper: -9582.4)");
  }

  @Test
  void conditionalExpectationOfThePaperExample() {
    // Paper, section 5: x = 2, t_x = 30.43, T = 38.86, next 39 weeks: 1.226.
    double e = BgNbd.conditionalExpected(published(), 2, 30.43, 38.86, 39);
    assertEquals(1.226, e, 0.001, "E[Y(39) | 2, 30.43, 38.86]");
  }

  @Test
  void unconditionalExpectationsOfThePaper() {
    // The published list comes from the unrounded fit: evaluate it with our fitted parameters.
    BgNbd.Params fitted = ClvFit.bgNbdParams(ClvFit.bgNbd(bgNbdData(summary), 0.0));
    double[] t = {0.1429, 1, 3, 31.8571, 32, 78};
    double[] published = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    for (int i = 0; i < t.length; i++) {
      double e = BgNbd.unconditionalExpected(fitted, t[i]);
      System.out.printf("E[X(%s)] = %.5f (published %s)%n", t[i], e, published[i]);
      assertEquals(published[i], e, 0.001, "E[X(" + t[i] + ")]");
    }
  }

  @Test
  void gammaGammaParametersAndExpectedValuesMatchThePublishedOnes() {
    List<double[]> repeat = withValues.stream().filter(r -> r[1] > 0).toList();
    int n = repeat.size();
    int[] x = new int[n];
    double[] z = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (int) repeat.get(i)[1];
      z[i] = repeat.get(i)[4];
      w[i] = 1;
    }
    ClvFit.Report fit = ClvFit.gammaGamma(new GammaGamma.Data(x, z, w), 0.0, 0);
    System.out.println("summary-file Gamma-Gamma fit: " + fit.summary());
    assertEquals(946, fit.customers(), "repeat customers (published: 946)");
    assertEquals(6.25, fit.value("p"), 0.01, "p (published: 6.25)");
    assertEquals(3.74, fit.value("q"), 0.01, "q (published: 3.74)");
    assertEquals(15.44, fit.value("gamma"), 15.44 * 0.005, "gamma (published: 15.44)");
    double[] expected = {24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
    GammaGamma.Params g = ClvFit.gammaGammaParams(fit);
    for (int i = 0; i < 10; i++) {
      double[] r = withValues.get(i);
      assertEquals(
          expected[i],
          GammaGamma.conditionalExpectedValue(g, r[1], r[4]),
          0.01,
          "E[M] of customer " + (int) r[0]);
    }
  }
}
