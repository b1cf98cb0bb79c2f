package dev.clientele.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.identity.FellegiSunter.Comparison;
import dev.clientele.identity.FellegiSunter.Level;
import dev.clientele.identity.FellegiSunter.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EM on comparison-vector tables whose true parameters are known (no Spark). */
class FellegiSunterTest {
  private static final List<Comparison> THREE =
      List.of(comparison("a"), comparison("b"), comparison("c"));

  private static Comparison comparison(String name) {
    return new Comparison(
        name, List.of(name), List.of(new Level("exact", "x", ""), new Level("close", "y", "")));
  }

  private static final double LAMBDA = 0.2;
  private static final double[][] M = {{0.8, 0.15, 0.05}, {0.7, 0.2, 0.1}, {0.9, 0.05, 0.05}};
  private static final double[][] U = {{0.05, 0.15, 0.8}, {0.1, 0.2, 0.7}, {0.02, 0.08, 0.9}};

  /**
   * The expected count of every pattern under the true model (and, for comparison c, a share of
   * pairs with c missing). The truth maximises the likelihood of its own expected counts (Gibbs'
   * inequality), and three conditionally independent comparisons identify the model (Kruskal), so
   * EM started elsewhere must come back to it: the tolerance only covers convergence.
   */
  private static List<Pattern> expected(double lambda, double[][] m, double[][] u, double n) {
    List<Pattern> out = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        for (int c = 0; c < 3; c++) {
          double pm = lambda * m[0][a] * m[1][b] * m[2][c];
          double pu = (1 - lambda) * u[0][a] * u[1][b] * u[2][c];
          out.add(new Pattern(new int[] {a, b, c}, n * (pm + pu)));
          // 10 % of the pairs miss comparison c's value: neutral, still informative on a and b.
          double pm2 = lambda * m[0][a] * m[1][b];
          double pu2 = (1 - lambda) * u[0][a] * u[1][b];
          if (c == 0) {
            out.add(new Pattern(new int[] {a, b, -1}, 0.1 * n * (pm2 + pu2)));
          }
        }
      }
    }
    return out;
  }

  @Test
  void emRecoversTheTrueMAndLambda() {
    boolean[] all = {true, true, true};
    FellegiSunter.Fit fit =
        FellegiSunter.em(
            expected(LAMBDA, M, U, 1e6), U, FellegiSunter.initialM(THREE), 0.5, all, 2000, 1e-12);
    assertEquals(LAMBDA, fit.lambda(), 1e-4, "lambda");
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(M[c], fit.m()[c], 1e-4, "m of comparison " + c);
    }
  }

  @Test
  void anInactiveComparisonKeepsItsStartAndTheOthersAreStillRecovered() {
    boolean[] noC = {true, true, false};
    double[][] start = FellegiSunter.initialM(THREE);
    // Without c, two comparisons of three levels: still identified here since u is known.
    FellegiSunter.Fit fit =
        FellegiSunter.em(expected(LAMBDA, M, U, 1e6), U, start, 0.5, noC, 5000, 1e-13);
    assertArrayEquals(start[2], fit.m()[2], 0, "c is left as it started");
    for (int c = 0; c < 2; c++) {
      assertArrayEquals(M[c], fit.m()[c], 2e-3, "m of comparison " + c);
    }
  }

  @Test
  void moreErrorsInTheMatchesLowerTheExactWeight() {
    boolean[] all = {true, true, true};
    double[][] noisier = {{0.5, 0.3, 0.2}, M[1], M[2]};
    double[][] clean =
        FellegiSunter.em(
                expected(LAMBDA, M, U, 1e6),
                U,
                FellegiSunter.initialM(THREE),
                0.5,
                all,
                2000,
                1e-12)
            .m();
    double[][] noisy =
        FellegiSunter.em(
                expected(LAMBDA, noisier, U, 1e6),
                U,
                FellegiSunter.initialM(THREE),
                0.5,
                all,
                2000,
                1e-12)
            .m();
    assertEquals(0.5, noisy[0][0], 1e-3, "m(a exact) follows the data");
    assertTrue(
        FellegiSunter.weight(noisy[0][0], U[0][0])
            < FellegiSunter.weight(clean[0][0], U[0][0]) - 0.5,
        "exact agreement on a weighs less when matches often disagree on it");
  }

  @Test
  void uIsTheShareOfRandomPairsAtEachLevelWithHalfAPairForAnUnseenLevel() {
    List<Pattern> random =
        List.of(
            new Pattern(new int[] {0, 2, -1}, 3),
            new Pattern(new int[] {2, 2, 2}, 5),
            new Pattern(new int[] {1, 1, 2}, 2));
    double[][] u = FellegiSunter.uProbabilities(THREE, random);
    assertArrayEquals(new double[] {0.3, 0.2, 0.5}, u[0], 1e-12, "a: 3, 2, 5 of 10");
    assertArrayEquals(new double[] {0.05, 0.2, 0.8}, u[1], 1e-12, "b: none exact -> 0.5 / 10");
    assertArrayEquals(new double[] {0.5 / 7, 0.5 / 7, 1.0}, u[2], 1e-12, "c: 7 non-null pairs");
  }
}
