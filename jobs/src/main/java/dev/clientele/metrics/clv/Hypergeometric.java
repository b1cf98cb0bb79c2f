package dev.clientele.metrics.clv;

/** The Gauss hypergeometric function 2F1 for 0 <= z < 1, by its power series. */
final class Hypergeometric {
  private static final int MAX_TERMS = 1_000_000;
  private static final double EPS = 1e-15;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z), summed until the tail left out is below 1e-15 of the sum. Near z = 1 the terms
   * shrink by a ratio rho close to 1, so a small term does not mean a small tail: once the ratio is
   * below 1, the tail is at most term * rho / (1 - rho), with rho the larger of the current ratio
   * and z (the limit the ratios tend to), which bounds every later ratio for the parameters used
   * here. Callers pass transformed parameters (Euler's, see {@link ParetoNbd}) so the terms shrink
   * from the start.
   */
  static double hyp2f1(double a, double b, double c, double z) {
    return series(a, b, c, z, Stop.TAIL_BOUND);
  }

  /**
   * 2F1(a, b; c; z), summed until a term is below 1e-15 of the sum: the BG/NBD's series, kept as it
   * was so its outputs stay bit for bit the same. There c is large relative to a and b and z is
   * horizon / (alpha + T + horizon), so the left-out tail is negligible unless z is close to 1.
   */
  static double hyp2f1UntilSmallTerm(double a, double b, double c, double z) {
    return series(a, b, c, z, Stop.SMALL_TERM);
  }

  private enum Stop {
    TAIL_BOUND,
    SMALL_TERM
  }

  private static double series(double a, double b, double c, double z, Stop stop) {
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < MAX_TERMS; n++) {
      double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
      term *= ratio;
      sum += term;
      double rho = Math.max(Math.abs(ratio), z);
      double tail =
          stop == Stop.SMALL_TERM || rho >= 1
              ? Math.abs(term)
              : Math.abs(term) * Math.max(1.0, rho / (1 - rho));
      if (tail <= EPS * Math.abs(sum) && (stop == Stop.SMALL_TERM || rho < 1)) {
        return sum;
      }
    }
    return sum;
  }
}
