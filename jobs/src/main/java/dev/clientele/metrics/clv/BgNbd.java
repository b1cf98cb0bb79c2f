package dev.clientele.metrics.clv;

import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): its
 * log-likelihood with an analytic gradient on the log-parameters, and the per-customer predictions.
 * Times are in the model's time unit.
 */
public final class BgNbd {
  private BgNbd() {}

  /** The four parameters: purchase rates ~ Gamma(r, alpha), dropout probability ~ Beta(a, b). */
  public record Params(double r, double alpha, double a, double b) implements PurchaseModel {
    static Params fromLog(double[] theta) {
      return new Params(
          Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]), Math.exp(theta[3]));
    }

    double[] values() {
      return new double[] {r, alpha, a, b};
    }

    @Override
    public double pAlive(double x, double tx, double t) {
      return BgNbd.pAlive(this, x, tx, t);
    }

    @Override
    public double conditionalExpected(double x, double tx, double t, double horizon) {
      return BgNbd.conditionalExpected(this, x, tx, t, horizon);
    }
  }

  public static final String[] NAMES = {"r", "alpha", "a", "b"};

  /**
   * Weighted customer tuples: x repeat purchase days, t_x and T in model units, and how many
   * customers share the tuple.
   */
  public record Data(int[] x, double[] tx, double[] t, double[] weight) {
    public double customers() {
      double n = 0;
      for (double w : weight) {
        n += w;
      }
      return n;
    }

    public boolean hasRepeatBuyers() {
      for (int i = 0; i < x.length; i++) {
        if (x[i] > 0 && weight[i] > 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** Total (unpenalised) log-likelihood of the data. */
  public static double logLikelihood(Params p, Data d) {
    BgNbdObjective f = new BgNbdObjective(d, 0.0);
    double[] theta = {Math.log(p.r()), Math.log(p.alpha()), Math.log(p.a()), Math.log(p.b())};
    return -f.evaluate(theta, new double[4]) * d.customers();
  }

  /** P(alive | x, t_x, T). */
  public static double pAlive(Params p, double x, double tx, double t) {
    return 1.0 / aliveDenominator(p, x, tx, t);
  }

  private static double aliveDenominator(Params p, double x, double tx, double t) {
    if (x <= 0) {
      return 1.0;
    }
    double logRatio =
        Math.log(p.a() / (p.b() + x - 1))
            + (p.r() + x) * Math.log((p.alpha() + t) / (p.alpha() + tx));
    return 1.0 + Math.exp(Math.min(logRatio, 700.0));
  }

  /**
   * E[purchases in (T, T + horizon] | x, t_x, T] (equation 10 of the paper). The factor
   * ((alpha+T)/(alpha+T+h))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) is computed through Euler's
   * transformation as (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose series neither overflows nor
   * converges slowly for frequent buyers.
   */
  public static double conditionalExpected(
      Params p, double x, double tx, double t, double horizon) {
    if (horizon <= 0) {
      return 0.0;
    }
    double a = p.a();
    double b = p.b();
    double c = a + b + x - 1;
    double z = horizon / (p.alpha() + t + horizon);
    double f = Hypergeometric.hyp2f1UntilSmallTerm(a + b - 1 - p.r(), a - 1, c, z);
    double bracket = 1.0 - Math.exp((a - 1) * Math.log1p(-z)) * f;
    return c / (a - 1) * bracket / aliveDenominator(p, x, tx, t);
  }

  /** E[X(t)]: expected purchases of a new customer in (0, t] (equation 9), after the first. */
  public static double unconditionalExpected(Params p, double t) {
    return conditionalExpected(p, 0, 0, 0, t);
  }

  /** Digamma and log-gamma, named for readability in the likelihood code. */
  static double lgamma(double v) {
    return Gamma.logGamma(v);
  }

  static double digamma(double v) {
    return Gamma.digamma(v);
  }
}
