package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the clv stage ({@code clientele.clv.*}), plus the relationships excluded from every
 * metric ({@code clientele.rfm.non-commercial-relationships}).
 *
 * @param timeUnit "days" or "weeks": the unit of btyd_x/btyd_t_x/btyd_t and of the model
 * @param horizonMonths months summed in clv_predicted
 * @param monthlyDiscountRate discount rate per month (0.01 = 1 %)
 * @param marginRate share of revenue that is margin (1.0 = revenue)
 * @param l2Penalty L2 penalty on the model parameters (0 = plain maximum likelihood)
 * @param holdoutDays when positive: the calibration/holdout check instead of the production run
 * @param model the purchase model: BG/NBD, Pareto/NBD, or the one with the lower holdout error
 * @param selectionHoldoutDays holdout length of best-by-holdout's comparison in a production run
 * @param onFitFailure what a model that cannot be fitted does: skip (null predictions) or fail
 * @param retentionCostPerPurchase cost (base currency) of each expected purchase, for clv_net
 */
public record ClvSettings(
    String timeUnit,
    int horizonMonths,
    double monthlyDiscountRate,
    double marginRate,
    double l2Penalty,
    int holdoutDays,
    List<String> nonCommercialRelationships,
    Model model,
    int selectionHoldoutDays,
    OnFitFailure onFitFailure,
    double retentionCostPerPurchase) {

  /** {@code clientele.clv.model}. */
  public enum Model {
    BG_NBD("bg-nbd"),
    PARETO_NBD("pareto-nbd"),
    BEST_BY_HOLDOUT("best-by-holdout");

    private final String key;

    Model(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** {@code clientele.clv.on-fit-failure}. */
  public enum OnFitFailure {
    SKIP,
    FAIL
  }

  public static ClvSettings from(Config c) {
    String unit = c.getString("clientele.clv.time-unit").toLowerCase(Locale.ROOT);
    ClvSettings s =
        new ClvSettings(
            unit,
            c.getInt("clientele.clv.horizon-months"),
            c.getDouble("clientele.clv.monthly-discount-rate"),
            c.getDouble("clientele.clv.margin-rate"),
            c.getDouble("clientele.clv.l2-penalty"),
            c.getInt("clientele.clv.holdout-days"),
            c.getStringList("clientele.rfm.non-commercial-relationships"),
            model(c.getString("clientele.clv.model")),
            c.getInt("clientele.clv.selection-holdout-days"),
            onFitFailure(c.getString("clientele.clv.on-fit-failure")),
            c.getDouble("clientele.clv.retention-cost-per-purchase"));
    s.check();
    return s;
  }

  private void check() {
    if (!timeUnit.equals("days") && !timeUnit.equals("weeks")) {
      throw Errors.config("clientele.clv.time-unit is '" + timeUnit + "'; use 'days' or 'weeks'");
    }
    require(horizonMonths >= 1, "clientele.clv.horizon-months", "at least 1", horizonMonths);
    require(
        monthlyDiscountRate >= 0,
        "clientele.clv.monthly-discount-rate",
        ">= 0",
        monthlyDiscountRate);
    require(marginRate >= 0, "clientele.clv.margin-rate", ">= 0", marginRate);
    require(l2Penalty >= 0, "clientele.clv.l2-penalty", ">= 0", l2Penalty);
    require(
        retentionCostPerPurchase >= 0,
        "clientele.clv.retention-cost-per-purchase",
        ">= 0",
        retentionCostPerPurchase);
    require(holdoutDays >= 0, "clientele.clv.holdout-days", ">= 0", holdoutDays);
    require(
        selectionHoldoutDays >= 1,
        "clientele.clv.selection-holdout-days",
        "at least 1",
        selectionHoldoutDays);
  }

  private static Model model(String value) {
    for (Model m : Model.values()) {
      if (m.key().equals(value)) {
        return m;
      }
    }
    throw Errors.config(
        "clientele.clv.model is '" + value + "'; use 'bg-nbd', 'pareto-nbd' or 'best-by-holdout'");
  }

  private static OnFitFailure onFitFailure(String value) {
    return switch (value) {
      case "skip" -> OnFitFailure.SKIP;
      case "fail" -> OnFitFailure.FAIL;
      default ->
          throw Errors.config(
              "clientele.clv.on-fit-failure is '" + value + "'; use 'skip' or 'fail'");
    };
  }

  private static void require(boolean ok, String key, String rule, Object value) {
    if (!ok) {
      throw Errors.config(key + " must be " + rule + ", got " + value);
    }
  }

  /** Days per model time unit. */
  public double daysPerUnit() {
    return timeUnit.equals("weeks") ? 7.0 : 1.0;
  }
}
