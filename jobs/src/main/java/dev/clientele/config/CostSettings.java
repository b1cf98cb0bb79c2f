package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;

/**
 * {@code clientele.costs}: how channel costs are spread over the month's buyers, and the margin
 * rate of lines without a known margin (for margin_net and value_net).
 *
 * @param allocation share of a month-channel's cost each of its buyers carries
 * @param marginRate share of a line's net amount that is margin when the line has none; null: such
 *     lines add nothing to margin_net (null when no line of the customer has a margin)
 */
public record CostSettings(Allocation allocation, Double marginRate) {

  /** {@code clientele.costs.allocation}. */
  public enum Allocation {
    /** Each buyer's share of the month-channel's orders. */
    ORDERS,
    /** Each buyer's share of the month-channel's net revenue of its orders. */
    REVENUE,
    /** One equal share per buyer. */
    EQUAL
  }

  public static CostSettings from(Config c) {
    try {
      return new CostSettings(
          allocation(c.getString("clientele.costs.allocation")),
          marginRate(c.getString("clientele.costs.margin-rate")));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  private static Allocation allocation(String value) {
    return switch (value) {
      case "orders" -> Allocation.ORDERS;
      case "revenue" -> Allocation.REVENUE;
      case "equal" -> Allocation.EQUAL;
      default ->
          throw Errors.config(
              "clientele.costs.allocation is '" + value + "'; use orders, revenue or equal");
    };
  }

  private static Double marginRate(String value) {
    if (value.isBlank()) {
      return null;
    }
    double rate;
    try {
      rate = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw Errors.config(
          "clientele.costs.margin-rate is '" + value + "'; use a number in [0, 1] or \"\" (none)");
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw Errors.config("clientele.costs.margin-rate must be in [0, 1], got " + value);
    }
    return rate;
  }
}
