package dev.clientele.metrics.clv;

import static dev.clientele.metrics.clv.BgNbd.lgamma;

/**
 * The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987), written as in Fader, Hardie and
 * Lee, "A Note on Deriving the Pareto/NBD Model and Related Expressions" (2005): while alive, a
 * customer buys at a rate lambda ~ Gamma(r, alpha) and dies at a rate mu ~ Gamma(s, beta), at any
 * time (not only after a purchase, as in BG/NBD). Fitted on the same weighted tuples as BG/NBD.
 */
public final class ParetoNbd {
  private ParetoNbd() {}

  public static final String[] NAMES = {"r", "alpha", "s", "beta"};

  /** The four parameters, alpha and beta in the model time unit. */
  public record Params(double r, double alpha, double s, double beta) implements PurchaseModel {
    static Params fromLog(double[] theta) {
      return new Params(
          Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]), Math.exp(theta[3]));
    }

    double[] values() {
      return new double[] {r, alpha, s, beta};
    }

    @Override
    public double pAlive(double x, double tx, double t) {
      return ParetoNbd.pAlive(this, x, tx, t);
    }

    @Override
    public double conditionalExpected(double x, double tx, double t, double horizon) {
      return ParetoNbd.conditionalExpected(this, x, tx, t, horizon);
    }
  }

  /**
   * ln L of one customer. L = G(r+x) alpha^r beta^s / G(r) [ (alpha+T)^-(r+x) (beta+T)^-s + s /
   * (r+s+x) (A(t_x) - A(T)) ], computed as a log-sum-exp so nothing underflows for large x or T.
   */
  public static double logLikelihood(Params p, double x, double tx, double t) {
    double r = p.r();
    double s = p.s();
    double head = lgamma(r + x) - lgamma(r) + r * Math.log(p.alpha()) + s * Math.log(p.beta());
    return head + logBracket(p, x, tx, t);
  }

  /** Total log-likelihood of weighted tuples. */
  public static double logLikelihood(Params p, BgNbd.Data d) {
    double ll = 0;
    for (int i = 0; i < d.x().length; i++) {
      ll += d.weight()[i] * logLikelihood(p, d.x()[i], d.tx()[i], d.t()[i]);
    }
    return ll;
  }

  /** ln of the bracket of the likelihood: ln(e^u + e^v) with v the dropout-in-(t_x, T] term. */
  private static double logBracket(Params p, double x, double tx, double t) {
    double u = aliveLogTerm(p, x, t);
    double v = dropoutLogTerm(p, x, tx, t);
    double m = Math.max(u, v);
    return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
  }

  /** ln[(alpha+T)^-(r+x) (beta+T)^-s]: alive at T. */
  private static double aliveLogTerm(Params p, double x, double t) {
    return -(p.r() + x) * Math.log(p.alpha() + t) - p.s() * Math.log(p.beta() + t);
  }

  /** ln[s / (r+s+x) (A(t_x) - A(T))]: died between t_x and T; -infinity when t_x = T. */
  private static double dropoutLogTerm(Params p, double x, double tx, double t) {
    double la = logA(p, x, tx);
    double lb = logA(p, x, t);
    return Math.log(p.s() / (p.r() + p.s() + x))
        + la
        + Math.log1p(-Math.exp(Math.min(lb - la, 0.0)));
  }

  /**
   * ln A(t), A(t) = 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t)) / (alpha+t)^(r+s+x) when alpha
   * >= beta, else the same with (r+x) and beta in place of (s+1) and alpha: the note's choice,
   * which keeps the argument in [0, 1). Both series are taken after Euler's transformation, 2F1(a,
   * b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z), whose terms fall by a factor below z from the
   * first: no overflow for frequent buyers, where b = r + x is large. The result simplifies to ln F
   * - (r+x) ln(alpha+t) - s ln(beta+t), plus ln((alpha+t)/(beta+t)) in the second case.
   */
  static double logA(Params p, double x, double t) {
    double r = p.r();
    double s = p.s();
    double al = p.alpha();
    double be = p.beta();
    double c = r + s + x + 1;
    double common = -(r + x) * Math.log(al + t) - s * Math.log(be + t);
    if (al >= be) {
      return common + Math.log(Hypergeometric.hyp2f1(1, r + x, c, (al - be) / (al + t)));
    }
    return common
        + Math.log((al + t) / (be + t))
        + Math.log(Hypergeometric.hyp2f1(1, s + 1, c, (be - al) / (be + t)));
  }

  /** P(alive at T | x, t_x, T) = alive term / bracket. */
  public static double pAlive(Params p, double x, double tx, double t) {
    return Math.exp(aliveLogTerm(p, x, t) - logBracket(p, x, tx, t));
  }

  /**
   * E[purchases in (T, T + horizon] | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 -
   * ((beta+T)/(beta+T+h))^(s-1)] P(alive); the bracket over (s-1) is taken with expm1 so s near 1
   * (where it tends to ln((beta+T+h)/(beta+T))) loses no precision.
   */
  public static double conditionalExpected(
      Params p, double x, double tx, double t, double horizon) {
    if (horizon <= 0) {
      return 0.0;
    }
    double lnRatio = Math.log((p.beta() + t) / (p.beta() + t + horizon));
    double sm1 = p.s() - 1;
    double growth = Math.abs(sm1) < 1e-12 ? -lnRatio : -Math.expm1(sm1 * lnRatio) / sm1;
    return (p.r() + x) * (p.beta() + t) / (p.alpha() + t) * growth * pAlive(p, x, tx, t);
  }
}
