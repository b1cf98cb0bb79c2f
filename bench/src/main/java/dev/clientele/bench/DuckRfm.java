package dev.clientele.bench;

import java.time.LocalDate;
import java.util.Locale;

/** The DuckDB side of the peer benchmark: the same definitions as {@link SparkRfm}, in SQL. */
final class DuckRfm {
  private DuckRfm() {}

  static String copyRfm(String inputGlob, String output, LocalDate asOf, double a, double b) {
    return String.format(
        Locale.ROOT,
        """
        COPY (
          WITH tx AS (
            SELECT * FROM read_parquet('%s')
            WHERE event_ts < TIMESTAMPTZ '%s 00:00:00+00' AND customer_id IS NOT NULL),
          orders AS (
            SELECT customer_id, order_id, sum(amount_base) AS net,
                   max(CASE WHEN NOT is_return THEN CAST(event_ts AS DATE) END) AS day
            FROM tx GROUP BY customer_id, order_id),
          customers AS (
            SELECT customer_id, CAST(sum(net) AS DECIMAL(18,2)) AS monetary_net,
                   count(DISTINCT order_id) FILTER (WHERE net > 0) AS order_count,
                   DATE '%s' - max(day) FILTER (WHERE net > 0) AS recency_days
            FROM orders GROUP BY customer_id),
          ranked AS (
            SELECT customer_id,
                   sum(CAST(monetary_net AS DOUBLE)) OVER (ORDER BY monetary_net DESC, customer_id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                   / sum(CAST(monetary_net AS DOUBLE)) OVER () AS cum_revenue_share,
                   CAST(monetary_net AS DOUBLE) / sum(CAST(monetary_net AS DOUBLE)) OVER () AS own
            FROM customers WHERE monetary_net > 0)
          SELECT c.customer_id, c.recency_days, c.order_count, c.monetary_net, r.cum_revenue_share,
                 CASE WHEN r.cum_revenue_share - r.own < %s THEN 'A'
                      WHEN r.cum_revenue_share - r.own < %s THEN 'B' ELSE 'C' END AS abc_class
          FROM customers c LEFT JOIN ranked r USING (customer_id)
        ) TO '%s' (FORMAT PARQUET)
        """,
        inputGlob,
        asOf.plusDays(1),
        asOf,
        a,
        b,
        output);
  }

  /** Customers missing on one side or differing in recency, order count or net value. */
  static String mismatches(String sparkGlob, String duckFile) {
    return String.format(
        Locale.ROOT,
        """
        SELECT count(*) FILTER (WHERE s.customer_id IS NULL OR d.customer_id IS NULL
                 OR s.recency_days IS DISTINCT FROM d.recency_days
                 OR s.order_count IS DISTINCT FROM d.order_count
                 OR s.monetary_net IS DISTINCT FROM d.monetary_net) AS mismatches,
               count(*) AS customers,
               count(*) FILTER (WHERE s.abc_class IS DISTINCT FROM d.abc_class) AS abc_mismatches
        FROM read_parquet('%s') s FULL OUTER JOIN read_parquet('%s') d ON s.customer_id = d.customer_id
        """,
        sparkGlob,
        duckFile);
  }
}
