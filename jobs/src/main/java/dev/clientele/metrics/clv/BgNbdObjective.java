package dev.clientele.metrics.clv;

import static dev.clientele.metrics.clv.BgNbd.digamma;
import static dev.clientele.metrics.clv.BgNbd.lgamma;

import java.util.Arrays;

/**
 * Mean negative BG/NBD log-likelihood per customer, plus an optional L2 penalty on the parameters,
 * as a function of theta = log(r, alpha, a, b), with its analytic gradient.
 *
 * <p>Per customer, ln L = lnG(r+x) - lnG(r) + r ln(alpha) + ln(e^u1 + [x>0] e^u2) with u1 = lnB(a,
 * b+x) - lnB(a, b) - (r+x) ln(alpha+T) and u2 = lnB(a+1, b+x-1) - lnB(a, b) - (r+x) ln(alpha+t_x);
 * the last term is a log-sum-exp, so neither power underflows for large x or T. Everything that
 * depends on x alone (log-gamma, digamma) is computed once per distinct x.
 */
final class BgNbdObjective implements MleFitter.Objective {
  private final BgNbd.Data data;
  private final double l2;
  private final int[] xs;
  private final int[] slot;
  private final double customers;

  BgNbdObjective(BgNbd.Data data, double l2) {
    this.data = data;
    this.l2 = l2;
    this.xs = Arrays.stream(data.x()).distinct().sorted().toArray();
    this.slot = new int[data.x().length];
    for (int i = 0; i < slot.length; i++) {
      slot[i] = Arrays.binarySearch(xs, data.x()[i]);
    }
    this.customers = data.customers();
  }

  @Override
  public int dimension() {
    return 4;
  }

  @Override
  public double evaluate(double[] theta, double[] grad) {
    double r = Math.exp(theta[0]);
    double al = Math.exp(theta[1]);
    double a = Math.exp(theta[2]);
    double b = Math.exp(theta[3]);
    PerX px = perX(r, a, b);
    double lnBab = lgamma(a) + lgamma(b) - lgamma(a + b);
    double base = -lgamma(r) + r * Math.log(al);
    double dBaseR = -digamma(r) + Math.log(al);
    double ll = 0;
    double gr = 0;
    double gal = 0;
    double ga = 0;
    double gb = 0;
    for (int i = 0; i < slot.length; i++) {
      int k = slot[i];
      double w = data.weight()[i];
      int x = xs[k];
      double logAt = Math.log(al + data.t()[i]);
      double u1 = px.lb1[k] - lnBab - (r + x) * logAt;
      double w1 = 1.0;
      double w2 = 0.0;
      double lse = u1;
      double logAtx = 0.0;
      if (x > 0) {
        logAtx = Math.log(al + data.tx()[i]);
        double u2 = px.lb2[k] - lnBab - (r + x) * logAtx;
        double m = Math.max(u1, u2);
        double e1 = Math.exp(u1 - m);
        double e2 = Math.exp(u2 - m);
        lse = m + Math.log(e1 + e2);
        w1 = e1 / (e1 + e2);
        w2 = e2 / (e1 + e2);
      }
      ll += w * (px.lgRx[k] + base + lse);
      gr += w * (px.psiRx[k] + dBaseR - w1 * logAt - w2 * logAtx);
      gal += w * (r / al - (r + x) * (w1 / (al + data.t()[i]) + w2 / (al + data.tx()[i])));
      ga += w * (w1 * px.du1a[k] + w2 * px.du2a[k]);
      gb += w * (w1 * px.du1b[k] + w2 * px.du2b[k]);
    }
    return MleFitter.penalisedMean(
        ll, new double[] {gr, gal, ga, gb}, new double[] {r, al, a, b}, customers, l2, grad);
  }

  /** The terms that depend on x only, once per distinct x. */
  private PerX perX(double r, double a, double b) {
    PerX px = new PerX(xs.length);
    double psiAb = digamma(a + b);
    double psiB = digamma(b);
    for (int k = 0; k < xs.length; k++) {
      int x = xs[k];
      double psiAbx = digamma(a + b + x);
      px.lgRx[k] = lgamma(r + x);
      px.psiRx[k] = digamma(r + x);
      px.lb1[k] = lgamma(a) + lgamma(b + x) - lgamma(a + b + x);
      px.du1a[k] = psiAb - psiAbx;
      px.du1b[k] = digamma(b + x) - psiAbx - psiB + psiAb;
      if (x > 0) {
        px.lb2[k] = lgamma(a + 1) + lgamma(b + x - 1) - lgamma(a + b + x);
        px.du2a[k] = 1.0 / a - psiAbx + psiAb;
        px.du2b[k] = digamma(b + x - 1) - psiAbx - psiB + psiAb;
      }
    }
    return px;
  }

  private static final class PerX {
    final double[] lgRx;
    final double[] psiRx;
    final double[] lb1;
    final double[] lb2;
    final double[] du1a;
    final double[] du1b;
    final double[] du2a;
    final double[] du2b;

    PerX(int n) {
      lgRx = new double[n];
      psiRx = new double[n];
      lb1 = new double[n];
      lb2 = new double[n];
      du1a = new double[n];
      du1b = new double[n];
      du2a = new double[n];
      du2b = new double[n];
    }
  }
}
