package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clientele.config.ClvSettings.OnFitFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** best-by-holdout's choice among fit outcomes, without Spark. */
class ClvModelChoiceTest {
  private static ClvModelFit fitted(String model) {
    ClvFit.Report r =
        new ClvFit.Report(model, List.of("r"), new double[] {1}, -1, 10, 3, 5, 0.1, "lbfgs", 0);
    return new ClvModelFit(model, List.of("r"), r, 0, null, 10, 3);
  }

  private static ClvModelFit failed(String model) {
    return ClvModelFit.attempt(
        new ClvModelFit.Offered(model, new String[] {"r"}, 10, 3),
        0,
        OnFitFailure.SKIP,
        l2 -> {
          throw dev.clientele.Errors.model("cannot");
        });
  }

  @Test
  void lowerHoldoutErrorWinsAmongFittedModels() {
    List<ClvModelFit> fits = List.of(fitted("bgnbd"), fitted("pareto_nbd"));
    assertEquals(
        "pareto_nbd",
        ClvModelChoice.chosen(fits, Map.of("bgnbd", 0.61, "pareto_nbd", 0.59)).model());
    assertEquals(
        "bgnbd",
        ClvModelChoice.chosen(fits, Map.of("bgnbd", 0.5, "pareto_nbd", 0.5)).model(),
        "a tie goes to BG/NBD, listed first");
    assertEquals(
        "bgnbd",
        ClvModelChoice.chosen(fits, Map.of("bgnbd", 0.7)).model(),
        "a model without a holdout error (it failed on the calibration data) is not preferred");
  }

  @Test
  void aFailedModelIsNeverChosen() {
    List<ClvModelFit> fits = List.of(fitted("bgnbd"), failed("pareto_nbd"));
    assertEquals(
        "bgnbd", ClvModelChoice.chosen(fits, Map.of("bgnbd", 0.9, "pareto_nbd", 0.1)).model());
    assertNull(ClvModelChoice.chosen(List.of(failed("bgnbd")), Map.of()), "nothing to choose");
    assertEquals("failed", failed("x").status());
    assertEquals("model: cannot; with l2-penalty 0.001: model: cannot", failed("x").reason());
  }
}
