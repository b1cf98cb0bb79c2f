package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import org.junit.jupiter.api.Test;

/** The fit's failures users can meet, and its gradients against finite differences. */
class ClvFitErrorsTest {
  @Test
  void noRepeatBuyersIsAClearModelError() {
    BgNbd.Data d =
        new BgNbd.Data(
            new int[] {0, 0}, new double[] {0, 0}, new double[] {10, 20}, new double[] {5, 7});
    ClienteleException e = assertThrows(ClienteleException.class, () -> ClvFit.bgNbd(d, 0));
    assertEquals(
        "model: BG/NBD cannot be fitted: no customer has a repeat purchase day in the calibration"
            + " data (12 customers, all with btyd_x = 0); the model needs repeat buyers to"
            + " identify the purchase and dropout rates",
        e.getMessage());
  }

  @Test
  void noPositiveMonetaryValueIsAClearModelError() {
    GammaGamma.Data d = new GammaGamma.Data(new int[0], new double[0], new double[0]);
    ClienteleException e = assertThrows(ClienteleException.class, () -> ClvFit.gammaGamma(d, 0, 3));
    assertTrue(
        e.getMessage().contains("3 repeat customers had a zero or negative value"), e.getMessage());
  }

  @Test
  void degenerateDataFailsInsteadOfReturningABoundaryFit() {
    // Two customers with the same mean value: the spread between customers is zero, so the
    // likelihood keeps growing as q and gamma go to infinity; no finite maximum exists.
    GammaGamma.Data d =
        new GammaGamma.Data(new int[] {1, 1}, new double[] {10, 10}, new double[] {1, 1});
    ClienteleException e = assertThrows(ClienteleException.class, () -> ClvFit.gammaGamma(d, 0, 0));
    System.out.println(e.getMessage());
    assertTrue(
        e.getMessage().startsWith("model: Gamma-Gamma fit did not converge"), e.getMessage());
  }

  @Test
  void anL2PenaltyMakesTheDegenerateFitFinite() {
    GammaGamma.Data d =
        new GammaGamma.Data(new int[] {1, 1}, new double[] {10, 10}, new double[] {1, 1});
    ClvFit.Report r = ClvFit.gammaGamma(d, 0.001, 0);
    System.out.println(r.summary());
    assertTrue(r.value("q") > 1, "finite q > 1: " + r.summary());
  }

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    // Central differences of the objective itself: an independent check of the hand-derived
    // gradients, with a penalty so its term is checked too.
    BgNbd.Data bg =
        new BgNbd.Data(
            new int[] {0, 1, 3, 12},
            new double[] {0, 2.5, 7, 30},
            new double[] {10, 20, 15, 38},
            new double[] {40, 7, 3, 1});
    checkGradient(new BgNbdObjective(bg, 0.01), new double[] {-1.2, 1.3, -0.2, 0.9});
    GammaGamma.Data gg =
        new GammaGamma.Data(
            new int[] {1, 1, 2, 5}, new double[] {10, 35.5, 22, 80}, new double[] {3, 1, 2, 1});
    checkGradient(new GammaGamma.Objective(gg, 0.01), new double[] {1.8, 1.3, 2.7});
  }

  private static void checkGradient(MleFitter.Objective f, double[] theta) {
    double[] g = new double[theta.length];
    f.evaluate(theta, g);
    for (int i = 0; i < theta.length; i++) {
      double h = 1e-6;
      double[] up = theta.clone();
      double[] down = theta.clone();
      up[i] += h;
      down[i] -= h;
      double numeric =
          (f.evaluate(up, new double[theta.length]) - f.evaluate(down, new double[theta.length]))
              / (2 * h);
      assertEquals(numeric, g[i], 1e-6 * Math.max(1, Math.abs(numeric)), "d/dtheta" + i);
    }
  }
}
