package dev.clientele.metrics;

import dev.clientele.config.CostSettings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The order days with their customer: what score, clv and the segment feature view read instead of
 * the order lines. From order_days (refreshed first) joined to the current identity map; in a
 * warehouse without bronze lines or identity map (one built by hand, as stage tests do) from the
 * silver transactions, aggregated per customer on the fly by the same transform.
 */
public final class CustomerOrderDays {
  private CustomerOrderDays() {}

  /** The rows (customer_id, order-day columns) and what the refresh did (null: silver lines). */
  public record Read(Dataset<Row> rows, OrderDaysRefresh.Outcome refresh) {
    /** Adds the refresh to a stage's run summary details. */
    public StageResult describe(StageResult r) {
      if (refresh == null) {
        return r.detail("order_days_refresh", "silver transactions (no bronze lines)");
      }
      return r.detail("order_days_refresh", refresh.action())
          .detail("order_days_source_version", refresh.sourceVersion())
          .detail("order_days_lines_read", refresh.linesRead() < 0 ? null : refresh.linesRead());
    }
  }

  public static Read read(RunContext ctx, OrderDaysRefresh.Mode mode) {
    TableIO io = ctx.io();
    if (io.exists(Tables.BRONZE_TRANSACTIONS) && io.exists(Tables.CUSTOMER_IDENTITY_MAP)) {
      OrderDaysRefresh.Outcome o = OrderDaysRefresh.refresh(ctx, mode);
      return new Read(
          OrderDays.resolve(io.read(Tables.ORDER_DAYS), io.read(Tables.CUSTOMER_IDENTITY_MAP)), o);
    }
    Double rate = CostSettings.from(ctx.settings().config()).marginRate();
    return new Read(OrderDays.of(io.read(Tables.TRANSACTIONS), Cols.CUSTOMER_ID, rate), null);
  }
}
