package dev.clientele.metrics.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Each customer's own margin rate where the transactions carry margins: the sum of the known
 * margins over the revenue of the same lines (returns included, so a returned sale gives its margin
 * back). Customers without known margins, or without positive revenue on those lines, get null and
 * the configured {@code clientele.clv.margin-rate} applies.
 */
public final class ClvMargins {
  public static final String MARGIN_RATE = "margin_rate";

  private ClvMargins() {}

  public static Dataset<Row> rates(Dataset<Row> transactions, Timestamp endExclusive) {
    Dataset<Row> known =
        transactions.where(
            col(Cols.CUSTOMER_ID)
                .isNotNull()
                .and(col(Cols.MARGIN).isNotNull())
                .and(col(Cols.EVENT_TS).lt(lit(endExclusive))));
    return known
        .groupBy(Cols.CUSTOMER_ID)
        .agg(
            sum(col(Cols.MARGIN)).cast(DataTypes.DoubleType).as("margin_sum"),
            sum(col(Cols.AMOUNT_BASE)).cast(DataTypes.DoubleType).as("revenue_sum"))
        .select(
            col(Cols.CUSTOMER_ID),
            when(col("revenue_sum").gt(0), col("margin_sum").divide(col("revenue_sum")))
                .as(MARGIN_RATE));
  }
}
