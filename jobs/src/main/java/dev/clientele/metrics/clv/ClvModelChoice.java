package dev.clientele.metrics.clv;

import dev.clientele.config.ClvSettings;
import dev.clientele.config.ClvSettings.Model;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which purchase model (BG/NBD, Pareto/NBD) the stage fits, and which one predicts: the configured
 * one, or with best-by-holdout the one whose predictions of a holdout period have the lower mean
 * absolute error per customer.
 */
public final class ClvModelChoice {
  private ClvModelChoice() {}

  /** A purchase model's comparison on a holdout: its calibration fit, groups and MAE. */
  public record Evaluation(ClvModelFit fit, List<Row> groups, Double mae) {}

  /** The models a setting fits, BG/NBD first (it wins ties). */
  public static List<Model> purchaseModels(Model setting) {
    return setting == Model.BEST_BY_HOLDOUT
        ? List.of(Model.BG_NBD, Model.PARETO_NBD)
        : List.of(setting);
  }

  public static ClvModelFit fit(Model model, BgNbd.Data d, ClvSettings s) {
    boolean pareto = model == Model.PARETO_NBD;
    ClvModelFit.Offered offered =
        new ClvModelFit.Offered(
            pareto ? "pareto_nbd" : "bgnbd",
            pareto ? ParetoNbd.NAMES : BgNbd.NAMES,
            d.customers(),
            d.x().length);
    return ClvModelFit.attempt(
        offered,
        s.l2Penalty(),
        s.onFitFailure(),
        l2 -> pareto ? ClvFit.paretoNbd(d, l2) : ClvFit.bgNbd(d, l2));
  }

  /** The fitted model's parameters, null when it could not be fitted. */
  public static PurchaseModel params(ClvModelFit f) {
    if (f == null || !f.isFitted()) {
      return null;
    }
    return f.model().equals("pareto_nbd")
        ? ClvFit.paretoNbdParams(f.report())
        : ClvFit.bgNbdParams(f.report());
  }

  /**
   * Fits each model on the calibration summary and compares its predictions over {@code horizon}
   * model units with the actual purchases. A model that cannot be fitted there has no MAE and is
   * not chosen (on-fit-failure applies as for the production fit).
   */
  public static List<Evaluation> evaluate(
      List<Model> models,
      Dataset<Row> calibrationSummary,
      Dataset<Row> actual,
      double horizon,
      ClvSettings s) {
    BgNbd.Data d = ClvTuples.bgNbd(calibrationSummary, s.daysPerUnit());
    return models.stream()
        .map(
            m -> {
              ClvModelFit fit = fit(m, d, s);
              if (!fit.isFitted()) {
                return new Evaluation(fit, List.<Row>of(), null);
              }
              // At most eight rows, one per frequency group.
              List<Row> groups =
                  ClvHoldout.compare(calibrationSummary, actual, params(fit), horizon)
                      .collectAsList();
              return new Evaluation(fit, groups, ClvHoldout.mae(groups));
            })
        .toList();
  }

  /** The fitted model with the lowest MAE (a model without one counts as worst); null if none. */
  public static ClvModelFit chosen(List<ClvModelFit> fits, Map<String, Double> maes) {
    ClvModelFit best = null;
    double bestMae = Double.POSITIVE_INFINITY;
    for (ClvModelFit f : fits) {
      double mae = maes.getOrDefault(f.model(), Double.MAX_VALUE);
      if (f.isFitted() && (best == null || mae < bestMae)) {
        best = f;
        bestMae = mae;
      }
    }
    return best;
  }
}
