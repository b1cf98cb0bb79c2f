package dev.clientele.metrics;

import static dev.clientele.schema.Cols.AMOUNT_BASE;
import static dev.clientele.schema.Cols.COST_TOTAL;
import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.MARGIN;
import static dev.clientele.schema.Cols.MARGIN_NET;
import static dev.clientele.schema.Cols.VALUE_NET;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a customer brings net of what they cost (docs/metrics.md "Net value"): margin_net from the
 * line margins, cost_total from {@link CostAllocation}, value_net = margin_net - cost_total.
 */
public final class NetValue {
  private NetValue() {}

  /**
   * Each line's margin: its own where the source gives one, else rate x its net amount (rounded
   * half-up to cents); with no rate the line's margin stays unknown. Summed per customer by {@link
   * CustomerFacts#summarise} into margin_net, which is null when no line of the customer has one.
   */
  public static Dataset<Row> lineMargins(Dataset<Row> transactions, Double rate) {
    if (rate == null) {
      return transactions;
    }
    return transactions.withColumn(MARGIN, lineMargin(col(MARGIN), col(AMOUNT_BASE), rate));
  }

  /** One line's margin as {@link #lineMargins} counts it (the order_days aggregate shares it). */
  static Column lineMargin(Column margin, Column amount, Double rate) {
    if (rate == null) {
      return margin;
    }
    return coalesce(margin, round(amount.multiply(lit(BigDecimal.valueOf(rate))), 2))
        .cast(CustomerFacts.MONEY);
  }

  /**
   * Adds cost_total (0.00 for a customer without costs) and value_net (null where margin_net is).
   *
   * @param costs customer_id, cost_total: one row per customer with costs
   */
  public static Dataset<Row> withCosts(Dataset<Row> customers, Dataset<Row> costs) {
    return customers
        .join(costs, new String[] {CUSTOMER_ID}, "left")
        .withColumn(
            COST_TOTAL, coalesce(col(COST_TOTAL), lit(BigDecimal.ZERO).cast(CustomerFacts.MONEY)))
        .withColumn(VALUE_NET, col(MARGIN_NET).minus(col(COST_TOTAL)).cast(CustomerFacts.MONEY));
  }
}
