package dev.clientele.metrics.clv;

import static dev.clientele.metrics.clv.BgNbd.digamma;
import static dev.clientele.metrics.clv.BgNbd.lgamma;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee 2005; Fader and Hardie
 * 2013): a customer's mean spend zbar over x repeat purchases, with spend ~ Gamma(p, nu) and nu ~
 * Gamma(q, gamma). Log-likelihood on log(p, q, gamma) with its analytic gradient.
 */
public final class GammaGamma {
  private GammaGamma() {}

  public static final String[] NAMES = {"p", "q", "gamma"};

  public record Params(double p, double q, double gamma) implements Serializable {
    static Params fromLog(double[] theta) {
      return new Params(Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]));
    }

    double[] values() {
      return new double[] {p, q, gamma};
    }

    /** The population mean spend per transaction, the estimate for a customer without repeats. */
    public double populationMean() {
      return p * gamma / (q - 1);
    }
  }

  /** Weighted (x, zbar) tuples of repeat customers with a positive mean spend. */
  public record Data(int[] x, double[] zbar, double[] weight) {
    public double customers() {
      return Arrays.stream(weight).sum();
    }
  }

  /** E[M | x, zbar]: the posterior mean spend per transaction. */
  public static double conditionalExpectedValue(Params g, double x, double zbar) {
    if (x <= 0 || zbar <= 0) {
      return g.populationMean();
    }
    return g.p() * (g.gamma() + x * zbar) / (g.p() * x + g.q() - 1);
  }

  public static double logLikelihood(Params g, Data d) {
    double[] theta = {Math.log(g.p()), Math.log(g.q()), Math.log(g.gamma())};
    return -new Objective(d, 0.0).evaluate(theta, new double[3]) * d.customers();
  }

  /**
   * Mean negative log-likelihood per customer plus l2 * sum(params^2). Per customer: lnG(px+q) -
   * lnG(px) - lnG(q) + q ln(gamma) + (px-1) ln(zbar) + px ln(x) - (px+q) ln(gamma + x zbar).
   */
  static final class Objective implements MleFitter.Objective {
    private final Data data;
    private final double l2;
    private final double customers;
    private final double[] logZ;

    Objective(Data data, double l2) {
      this.data = data;
      this.l2 = l2;
      this.customers = data.customers();
      this.logZ = Arrays.stream(data.zbar()).map(Math::log).toArray();
    }

    @Override
    public int dimension() {
      return 3;
    }

    @Override
    public double evaluate(double[] theta, double[] grad) {
      double p = Math.exp(theta[0]);
      double q = Math.exp(theta[1]);
      double gm = Math.exp(theta[2]);
      double lgQ = lgamma(q);
      double psiQ = digamma(q);
      double logG = Math.log(gm);
      double ll = 0;
      double gp = 0;
      double gq = 0;
      double gg = 0;
      int lastX = -1;
      double lgDiff = 0;
      double psiPxq = 0;
      double psiPx = 0;
      for (int i = 0; i < data.x().length; i++) {
        int x = data.x()[i];
        if (x != lastX) {
          // Tuples are sorted by x (see ClvTuples): the gamma functions are computed once per x.
          lgDiff = lgamma(p * x + q) - lgamma(p * x);
          psiPxq = digamma(p * x + q);
          psiPx = digamma(p * x);
          lastX = x;
        }
        double w = data.weight()[i];
        double logX = Math.log(x);
        double logDen = Math.log(gm + x * data.zbar()[i]);
        ll +=
            w
                * (lgDiff
                    - lgQ
                    + q * logG
                    + (p * x - 1) * logZ[i]
                    + p * x * logX
                    - (p * x + q) * logDen);
        gp += w * x * (psiPxq - psiPx + logZ[i] + logX - logDen);
        gq += w * (psiPxq - psiQ + logG - logDen);
        gg += w * (q / gm - (p * x + q) / (gm + x * data.zbar()[i]));
      }
      return MleFitter.penalisedMean(
          ll, new double[] {gp, gq, gg}, new double[] {p, q, gm}, customers, l2, grad);
    }
  }
}
