package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code clientele.payments.risk-levels}: the ordered payment-risk levels, first match wins, each a
 * Spark SQL condition over the payment columns of customer_metrics (payments_settled,
 * on_time_share, days_late_mean, amount_overdue, days_overdue_max). The level names are yours, like
 * the lifecycle statuses; a customer without payment history has no level (null).
 */
public record PaymentSettings(List<Level> riskLevels) {

  /** One level: its name and the condition that puts a customer in it. */
  public record Level(String name, String condition) {}

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final String KEY = "clientele.payments.risk-levels";

  public static PaymentSettings from(Config c) {
    try {
      List<Level> levels = new ArrayList<>();
      List<? extends Config> list = c.getConfigList(KEY);
      for (int i = 0; i < list.size(); i++) {
        String where = KEY + "[" + i + "]";
        String name = list.get(i).getString("level");
        if (!NAME.matcher(name).matches()) {
          throw Errors.config(
              where
                  + ".level = '"
                  + name
                  + "' is not a level name: use lower-case letters, digits and underscores,"
                  + " starting with a letter");
        }
        String condition = list.get(i).getString("condition");
        SourceSettings.parse(where + ".condition", condition);
        levels.add(new Level(name, condition));
      }
      return new PaymentSettings(List.copyOf(levels));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }
}
