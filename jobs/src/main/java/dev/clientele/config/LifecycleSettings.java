package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * {@code clientele.lifecycle}: the ordered status rules (first match wins, {@code default-status}
 * for the rest) and the level conditions. Conditions are Spark SQL over the metric columns; they
 * are parsed at start-up so a typo fails before any data is read.
 */
public record LifecycleSettings(
    List<StatusRule> rules,
    String defaultStatus,
    String volumeHigh,
    String loyaltyHigh,
    String riskHigh,
    String riskMedium) {

  /** The statuses the customer_metrics contract allows. */
  public static final Set<String> STATUSES =
      Set.of("prospect", "new", "active", "loyal", "at_risk", "lost");

  private static final String P = "clientele.lifecycle.";

  public record StatusRule(String status, String condition) {}

  public static LifecycleSettings from(Config c) {
    try {
      List<StatusRule> rules = new ArrayList<>();
      List<? extends Config> list = c.getConfigList(P + "rules");
      for (int i = 0; i < list.size(); i++) {
        String where = P + "rules[" + i + "]";
        String status = status(list.get(i).getString("status"), where + ".status");
        rules.add(new StatusRule(status, sql(list.get(i).getString("condition"), where)));
      }
      return new LifecycleSettings(
          List.copyOf(rules),
          status(c.getString(P + "default-status"), P + "default-status"),
          sql(c.getString(P + "levels.volume-high"), P + "levels.volume-high"),
          sql(c.getString(P + "levels.loyalty-high"), P + "levels.loyalty-high"),
          sql(c.getString(P + "levels.risk-high"), P + "levels.risk-high"),
          sql(c.getString(P + "levels.risk-medium"), P + "levels.risk-medium"));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  private static String status(String s, String where) {
    if (!STATUSES.contains(s)) {
      throw Errors.config(
          where + " = '" + s + "' is not one of " + STATUSES.stream().sorted().toList());
    }
    return s;
  }

  private static String sql(String condition, String where) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(condition);
    } catch (Exception e) { // ParseException is checked from Java's point of view
      String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      throw Errors.config(where + ": cannot parse SQL condition '" + condition + "': " + msg);
    }
    return condition;
  }
}
