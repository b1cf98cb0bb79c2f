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
 */
public record ClvSettings(
    String timeUnit,
    int horizonMonths,
    double monthlyDiscountRate,
    double marginRate,
    double l2Penalty,
    int holdoutDays,
    List<String> nonCommercialRelationships) {

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
            c.getStringList("clientele.rfm.non-commercial-relationships"));
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
    require(holdoutDays >= 0, "clientele.clv.holdout-days", ">= 0", holdoutDays);
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
