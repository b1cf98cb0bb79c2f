package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The 2F1 series against closed forms with a first parameter of 1, the shape the Pareto/NBD uses,
 * up to z close to 1 where the series converges slowest.
 */
class HypergeometricTest {
  private static final double[] ZS = {0.0, 0.3, 0.9, 0.99, 0.999, 0.9999};

  @Test
  void logarithmicCase() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z: c - a - b = 0, diverges at z = 1.
    for (double z : ZS) {
      double expected = z == 0 ? 1 : -Math.log1p(-z) / z;
      assertEquals(expected, Hypergeometric.hyp2f1(1, 1, 2, z), 1e-12 * expected, "z = " + z);
    }
  }

  @Test
  void convergentAtOneCase() {
    // 2F1(1, 1; 3; z) = 2 [(1 - z) ln(1 - z) + z] / z^2: c - a - b = 1 > 0 as in the Pareto/NBD
    // (where it is s), so it tends to 2 at z = 1.
    for (double z : ZS) {
      if (z > 0) {
        double expected = 2 * ((1 - z) * Math.log1p(-z) + z) / (z * z);
        assertEquals(expected, Hypergeometric.hyp2f1(1, 1, 3, z), 1e-12, "z = " + z);
      }
    }
  }

  @Test
  void geometricCase() {
    // 2F1(1, b; b; z) = 1 / (1 - z), for a non-integer b.
    for (double z : ZS) {
      double expected = 1 / (1 - z);
      assertEquals(expected, Hypergeometric.hyp2f1(1, 2.3, 2.3, z), 1e-11 * expected, "z " + z);
    }
  }
}
