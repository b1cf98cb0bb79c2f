package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pareto/NBD: the fit on the CDNOW weekly summary against a maximum-likelihood reference, and the
 * closed forms (likelihood, P(alive), conditional expectation) against a numerical integration over
 * the individual purchase and death rates with their gamma mixing densities. Pure Java.
 */
class ParetoNbdTest {
  /** The maximum-likelihood reference of the issue (lifetimes prints 0.55, 10.58, 0.61, 11.67). */
  private static final ParetoNbd.Params REFERENCE =
      new ParetoNbd.Params(0.5533, 10.5776, 0.6062, 11.668);

  private static List<double[]> summary;

  @BeforeAll
  static void load() throws IOException {
    Path file = SparkTest.sharedDir().resolve("datasets/cdnow/cdnow_customers_summary.csv");
    assumeTrue(Files.isRegularFile(file), "skipped: " + file + " (shared reference data) absent");
    summary = CdnowSummaryFitTest.csv(file);
  }

  @Test
  void fitReachesTheReferenceLogLikelihoodFromAGenericStart() {
    ClvFit.Report fit = ClvFit.paretoNbd(CdnowSummaryFitTest.bgNbdData(summary), 0.0);
    System.out.println("summary-file Pareto/NBD fit: " + fit.summary());
    assertEquals(2357, fit.customers(), "customers in the CDNOW summary");
    assertEquals(-9594.97, fit.logLikelihood(), 0.01, "log-likelihood (reference -9594.97)");
    assertEquals(0.5533, fit.value("r"), 0.001, "r (reference 0.5533)");
    assertEquals(10.5776, fit.value("alpha"), 0.01, "alpha (reference 10.5776)");
    assertEquals(0.6062, fit.value("s"), 0.001, "s (reference 0.6062)");
    assertEquals(11.668, fit.value("beta"), 0.01, "beta (reference 11.668)");
  }

  @Test
  void closedFormsAgreeWithNumericalIntegration() {
    double[][] customers = {{0, 0, 38.86}, {2, 30.43, 38.86}, {1, 1.5, 39}, {10, 35, 38.5}};
    for (double[] c : customers) {
      double[] n = Integration.of(REFERENCE, c[0], c[1], c[2], 39);
      String who = "x " + c[0] + ", t_x " + c[1] + ", T " + c[2];
      System.out.printf(
          "%s: ll %.8f / %.8f, P(alive) %.8f / %.8f, E[Y(39)] %.8f / %.8f%n",
          who,
          ParetoNbd.logLikelihood(REFERENCE, c[0], c[1], c[2]),
          n[0],
          ParetoNbd.pAlive(REFERENCE, c[0], c[1], c[2]),
          n[1],
          ParetoNbd.conditionalExpected(REFERENCE, c[0], c[1], c[2], 39),
          n[2]);
      assertEquals(n[0], ParetoNbd.logLikelihood(REFERENCE, c[0], c[1], c[2]), 1e-6, "ln L " + who);
      assertEquals(n[1], ParetoNbd.pAlive(REFERENCE, c[0], c[1], c[2]), 1e-6, "P(alive) " + who);
      assertEquals(
          n[2],
          ParetoNbd.conditionalExpected(REFERENCE, c[0], c[1], c[2], 39),
          1e-6 * Math.max(1, n[2]),
          "E[Y(39)] " + who);
    }
  }

  @Test
  void bothBranchesOfTheHypergeometricChoiceAgree() {
    // alpha >= beta and alpha < beta use different series; at alpha = beta both have z = 0, and
    // just either side of it they must give (nearly) the same A(t).
    ParetoNbd.Params above = new ParetoNbd.Params(0.55, 11.0 + 1e-9, 0.6, 11.0);
    ParetoNbd.Params below = new ParetoNbd.Params(0.55, 11.0 - 1e-9, 0.6, 11.0);
    assertEquals(ParetoNbd.logA(above, 3, 20), ParetoNbd.logA(below, 3, 20), 1e-8, "ln A(20)");
  }

  /**
   * E[h(lambda, mu)] under the individual model, by the trapezoid rule on y = ln(rate): the
   * integrand e^(r y) exp(-alpha e^y) is smooth and decays fast at both ends, where the rule
   * converges exponentially. Independent of the closed forms: only the individual-level likelihood
   * lambda^x mu/(lambda+mu) e^-(lambda+mu)t_x + lambda^(x+1)/(lambda+mu) e^-(lambda+mu)T, the alive
   * part lambda^x e^-(lambda+mu)T and E[Y(t) | alive] = lambda/mu (1 - e^-mu t).
   */
  private static final class Integration {
    static double[] of(ParetoNbd.Params p, double x, double tx, double t, double horizon) {
      double[] lam = nodes(p.r(), p.alpha());
      double[] wl = weights(p.r(), p.alpha(), lam);
      double[] mu = nodes(p.s(), p.beta());
      double[] wm = weights(p.s(), p.beta(), mu);
      double like = 0;
      double alive = 0;
      double future = 0;
      for (int i = 0; i < lam.length; i++) {
        double l = lam[i];
        double lx = Math.pow(l, x);
        for (int j = 0; j < mu.length; j++) {
          double m = mu[j];
          double w = wl[i] * wm[j];
          double a = lx * Math.exp(-(l + m) * t);
          like += w * (lx * m / (l + m) * Math.exp(-(l + m) * tx) + l * a / (l + m));
          alive += w * a;
          future += w * a * l / m * -Math.expm1(-m * horizon);
        }
      }
      return new double[] {Math.log(like), alive / like, future / like};
    }

    private static final double STEP = 0.02;

    static double[] nodes(double shape, double scale) {
      int n = (int) Math.round((Math.log(60 / scale) + 90) / STEP);
      double[] v = new double[n];
      for (int k = 0; k < n; k++) {
        v[k] = Math.exp(-90 + k * STEP);
      }
      return v;
    }

    /** Gamma(shape, rate) density times the Jacobian rate (dy = d rate / rate) and the step. */
    static double[] weights(double shape, double rate, double[] v) {
      double[] w = new double[v.length];
      for (int k = 0; k < v.length; k++) {
        w[k] =
            STEP
                * Math.exp(
                    shape * Math.log(rate)
                        - Gamma.logGamma(shape)
                        + shape * Math.log(v[k])
                        - rate * v[k]);
      }
      return w;
    }
  }
}
