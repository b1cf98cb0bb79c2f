package dev.clientele.metrics.clv;

/** The Gauss hypergeometric function 2F1 for 0 <= z < 1, by its power series. */
final class Hypergeometric {
  private static final int MAX_TERMS = 1_000_000;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z). Callers pass the Euler-transformed parameters (see {@link BgNbd}) so that c is
   * large relative to a and b and the terms shrink from the start: no overflow for frequent buyers.
   */
  static double hyp2f1(double a, double b, double c, double z) {
    double term = 1.0;
    double sum = 1.0;
    for (int n = 0; n < MAX_TERMS; n++) {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
      sum += term;
      if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
        return sum;
      }
    }
    return sum;
  }
}
