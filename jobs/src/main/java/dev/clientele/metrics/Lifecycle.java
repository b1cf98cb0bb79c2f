package dev.clientele.metrics;

import static dev.clientele.schema.Cols.ABC_CLASS;
import static dev.clientele.schema.Cols.IS_VIP;
import static dev.clientele.schema.Cols.LIFECYCLE_STATUS;
import static dev.clientele.schema.Cols.LOYALTY_LEVEL;
import static dev.clientele.schema.Cols.RISK_LEVEL;
import static dev.clientele.schema.Cols.VALUE_LEVEL;
import static dev.clientele.schema.Cols.VOLUME_LEVEL;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.LifecycleSettings.StatusRule;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lifecycle status (ordered rules, first match wins, a default for the rest: exactly one status per
 * customer), the value / volume / loyalty / risk levels and the VIP flag. A condition that is null
 * for a customer (say recency of a prospect) counts as not matching.
 */
public final class Lifecycle {
  private Lifecycle() {}

  public static Dataset<Row> assign(Dataset<Row> customers, LifecycleSettings s) {
    Column status = null;
    for (StatusRule rule : s.rules()) {
      Column match = holds(rule.condition());
      status = status == null ? when(match, rule.status()) : status.when(match, rule.status());
    }
    status = status == null ? lit(s.defaultStatus()) : status.otherwise(s.defaultStatus());
    // Levels may read lifecycle_status, so it is added first.
    return customers
        .withColumn(LIFECYCLE_STATUS, status)
        .withColumn(
            VALUE_LEVEL,
            when(col(ABC_CLASS).equalTo("A"), "high")
                .when(col(ABC_CLASS).equalTo("B"), "medium")
                .otherwise("low"))
        .withColumn(VOLUME_LEVEL, when(holds(s.volumeHigh()), "high").otherwise("low"))
        .withColumn(LOYALTY_LEVEL, when(holds(s.loyaltyHigh()), "high").otherwise("low"))
        .withColumn(
            RISK_LEVEL,
            when(holds(s.riskHigh()), "high")
                .when(holds(s.riskMedium()), "medium")
                .otherwise("low"))
        // Last, so the VIP condition may read the status and the levels.
        .withColumn(IS_VIP, holds(s.vip()));
  }

  private static Column holds(String condition) {
    return coalesce(expr(condition), lit(false));
  }
}
