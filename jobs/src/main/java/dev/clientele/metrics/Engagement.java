package dev.clientele.metrics;

import static dev.clientele.schema.Cols.CUSTOMER_ID;
import static dev.clientele.schema.Cols.DAYS_SINCE_ENGAGEMENT;
import static dev.clientele.schema.Cols.EVENT_TS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * days_since_engagement: whole days from a customer's last engagement event (page view, app
 * session) to the as-of date, the same day arithmetic as recency_days (an event on the as-of day:
 * 0); null without an event. It lets lifecycle rules tell a prospect who is looking from one who is
 * not.
 */
public final class Engagement {
  private Engagement() {}

  /**
   * Adds days_since_engagement to every customer row.
   *
   * @param customerEvents events mapped to customers (customer_id, event_ts), already bounded by
   *     the snapshot's window like the transactions; null when the warehouse has no events
   */
  public static Dataset<Row> attach(
      Dataset<Row> customers, Dataset<Row> customerEvents, LocalDate asOf) {
    if (customerEvents == null) {
      return customers.withColumn(DAYS_SINCE_ENGAGEMENT, lit(null).cast("int"));
    }
    Dataset<Row> last =
        customerEvents
            .groupBy(CUSTOMER_ID)
            .agg(
                datediff(lit(Date.valueOf(asOf)), to_date(max(col(EVENT_TS))))
                    .as(DAYS_SINCE_ENGAGEMENT));
    return customers.join(last, new String[] {CUSTOMER_ID}, "left");
  }
}
