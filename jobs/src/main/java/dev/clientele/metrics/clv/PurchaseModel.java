package dev.clientele.metrics.clv;

import java.io.Serializable;

/**
 * A fitted purchase-count model (BG/NBD or Pareto/NBD) as the predictions need it: serialisable,
 * since its parameters travel to the executors inside the prediction UDFs.
 */
public interface PurchaseModel extends Serializable {
  /** P(alive | x, t_x, T). */
  double pAlive(double x, double tx, double t);

  /** E[purchases in (T, T + horizon] | x, t_x, T], horizon in model units. */
  double conditionalExpected(double x, double tx, double t, double horizon);
}
