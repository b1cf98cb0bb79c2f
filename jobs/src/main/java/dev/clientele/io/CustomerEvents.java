package dev.clientele.io;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import dev.clientele.config.CustomerSources;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Engagement events (bronze_events: page views, app sessions) with the unified customer each
 * belongs to, the one mapping the score stage (days_since_engagement) and the segment stage
 * (page-view interests) share. An event is a customer's when its customer key is in the identity
 * map under its source, or under its {@code customer-source} (page views keyed by the accounts
 * source's account ids); events without a known key (cookies only) are nobody's.
 */
public final class CustomerEvents {
  private CustomerEvents() {}

  /** customer_id, event_ts, page_category of every event whose key the identity map knows. */
  public static Dataset<Row> of(
      Dataset<Row> events, Dataset<Row> identityMap, Map<String, String> customerSources) {
    Dataset<Row> keys =
        identityMap.select(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY), col(Cols.CUSTOMER_ID));
    Column keySource = CustomerSources.keySource(col(Cols.SOURCE), customerSources);
    return events
        .where(col(Cols.CUSTOMER_KEY).isNotNull())
        .withColumn(Cols.SOURCE, keySource)
        .join(keys, new String[] {Cols.SOURCE, Cols.CUSTOMER_KEY})
        .select(col(Cols.CUSTOMER_ID), col(Cols.EVENT_TS), col(Cols.PAGE_CATEGORY));
  }

  /** The warehouse's customer events; null when there are no events or no identity map yet. */
  public static Dataset<Row> read(TableIO io, Config config) {
    Dataset<Row> events = io.readIfExists(Tables.BRONZE_EVENTS);
    Dataset<Row> identityMap = io.readIfExists(Tables.CUSTOMER_IDENTITY_MAP);
    if (events == null || identityMap == null) {
      return null;
    }
    return of(events, identityMap, CustomerSources.of(config));
  }
}
