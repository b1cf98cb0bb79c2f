package dev.clientele.metrics.clv;

import java.util.stream.IntStream;

/**
 * Mean negative Pareto/NBD log-likelihood per customer plus an optional L2 penalty, on theta =
 * log(r, alpha, s, beta). The gradient is by central differences: the likelihood's hypergeometric
 * terms have no handy closed-form derivatives, and the nine evaluations (value and two per
 * parameter) run in parallel, each summing the tuples in order, so the result does not depend on
 * the thread schedule.
 */
final class ParetoNbdObjective implements MleFitter.Objective {
  /** Step on the log-parameters: truncation (h^2) and rounding (1e-16 / h) errors near 1e-10. */
  private static final double STEP = 1e-5;

  private final BgNbd.Data data;
  private final double l2;
  private final double customers;

  ParetoNbdObjective(BgNbd.Data data, double l2) {
    this.data = data;
    this.l2 = l2;
    this.customers = data.customers();
  }

  @Override
  public int dimension() {
    return 4;
  }

  @Override
  public double evaluate(double[] theta, double[] grad) {
    double[] values = new double[9];
    IntStream.range(0, 9).parallel().forEach(k -> values[k] = value(shifted(theta, k)));
    for (int j = 0; j < 4; j++) {
      grad[j] = (values[1 + 2 * j] - values[2 + 2 * j]) / (2 * STEP);
    }
    return values[0];
  }

  /** theta for evaluation k: 0 as is, then +h and -h on each coordinate in turn. */
  private static double[] shifted(double[] theta, int k) {
    double[] t = theta.clone();
    if (k > 0) {
      t[(k - 1) / 2] += (k % 2 == 1 ? STEP : -STEP);
    }
    return t;
  }

  private double value(double[] theta) {
    ParetoNbd.Params p = ParetoNbd.Params.fromLog(theta);
    double penalty = 0;
    for (double v : p.values()) {
      penalty += l2 * v * v;
    }
    return -ParetoNbd.logLikelihood(p, data) / customers + penalty;
  }
}
