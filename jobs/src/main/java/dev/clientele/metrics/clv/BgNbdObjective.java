package dev.clientele.metrics.clv;

import static dev.clientele.metrics.clv.BgNbd.digamma;
import static dev.clientele.metrics.clv.BgNbd.lgamma;

import java.util.Arrays;
import java.util.stream.IntStream;

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
  private static final int PARALLEL_MIN_TUPLES = 50_000;
  private static final int CHUNKS = 32;

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
    Shared sh =
        new Shared(r, al, px, lnBab, -lgamma(r) + r * Math.log(al), -digamma(r) + Math.log(al));
    int n = slot.length;
    int chunks = n < PARALLEL_MIN_TUPLES ? 1 : CHUNKS;
    double[][] parts = new double[chunks][];
    IntStream range = IntStream.range(0, chunks);
    // Large tuple sets are summed in fixed chunks on all cores; the chunk sums are added in order,
    // so the result does not depend on the thread schedule.
    (chunks > 1 ? range.parallel() : range)
        .forEach(
            c -> parts[c] = accumulate(c * (long) n / chunks, (c + 1) * (long) n / chunks, sh));
    double[] total = new double[5];
    for (double[] part : parts) {
      for (int j = 0; j < 5; j++) {
        total[j] += part[j];
      }
    }
    return MleFitter.penalisedMean(
        total[0],
        new double[] {total[1], total[2], total[3], total[4]},
        new double[] {r, al, a, b},
        customers,
        l2,
        grad);
  }

  /** Parameters and per-x terms shared by the chunks of one evaluation. */
  private record Shared(double r, double al, PerX px, double lnBab, double base, double dBaseR) {}

  /** Log-likelihood and its gradient (r, alpha, a, b) summed over tuples [from, to). */
  private double[] accumulate(long from, long to, Shared sh) {
    double r = sh.r();
    double al = sh.al();
    PerX px = sh.px();
    double[] acc = new double[5];
    for (int i = (int) from; i < to; i++) {
      int k = slot[i];
      double w = data.weight()[i];
      int x = xs[k];
      double logAt = Math.log(al + data.t()[i]);
      double u1 = px.lb1[k] - sh.lnBab() - (r + x) * logAt;
      double w1 = 1.0;
      double w2 = 0.0;
      double lse = u1;
      double logAtx = 0.0;
      if (x > 0) {
        logAtx = Math.log(al + data.tx()[i]);
        double u2 = px.lb2[k] - sh.lnBab() - (r + x) * logAtx;
        double m = Math.max(u1, u2);
        double e1 = Math.exp(u1 - m);
        double e2 = Math.exp(u2 - m);
        lse = m + Math.log(e1 + e2);
        w1 = e1 / (e1 + e2);
        w2 = e2 / (e1 + e2);
      }
      acc[0] += w * (px.lgRx[k] + sh.base() + lse);
      acc[1] += w * (px.psiRx[k] + sh.dBaseR() - w1 * logAt - w2 * logAtx);
      acc[2] += w * (r / al - (r + x) * (w1 / (al + data.t()[i]) + w2 / (al + data.tx()[i])));
      acc[3] += w * (w1 * px.du1a[k] + w2 * px.du2a[k]);
      acc[4] += w * (w1 * px.du1b[k] + w2 * px.du2b[k]);
    }
    return acc;
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
