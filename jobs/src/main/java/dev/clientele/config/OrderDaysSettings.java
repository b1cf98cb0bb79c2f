package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;

/**
 * {@code clientele.order-days}: the compact per-day order aggregate score, clv and segment read
 * (docs/metrics.md "Order days").
 *
 * @param fullRefresh rebuild order_days from every bronze line instead of adding the new ones
 *     ({@code score --full-refresh})
 */
public record OrderDaysSettings(boolean fullRefresh) {
  public static OrderDaysSettings from(Config c) {
    try {
      return new OrderDaysSettings(c.getBoolean("clientele.order-days.full-refresh"));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }
}
