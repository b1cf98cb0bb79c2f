package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.testkit.SparkTest;
import java.sql.Timestamp;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events reach their customers through the identity map, under their customer-source's keys. */
@ExtendWith(SparkTest.class)
class CustomerEventsTest {
  private static final Timestamp T = Timestamp.valueOf("2024-06-01 10:00:00");

  @Test
  void eventsJoinTheMapUnderTheirKeySource() {
    Dataset<Row> events =
        df(
            StructType.fromDDL(
                "source string, customer_key string, device_id string, event_ts timestamp,"
                    + " page_category string"),
            // page-views carry the accounts source's keys (customer-source = accounts).
            row("page-views", "A1", "ck-1", T, "books"),
            // app-events have keys of their own, mapped under their own name.
            row("app-events", "U7", "ck-2", T, "home"),
            // A1 under app-events' own keys is no one; a cookie without a key is no one.
            row("app-events", "A1", "ck-3", T, "home"),
            row("page-views", null, "ck-4", T, "books"));
    Dataset<Row> map =
        df(
            StructType.fromDDL("source string, customer_key string, customer_id string"),
            row("accounts", "A1", "c1"),
            row("app-events", "U7", "c2"),
            row("page-views", "A1", "c9"));
    Dataset<Row> expected =
        df(
            StructType.fromDDL("customer_id string, event_ts timestamp, page_category string"),
            row("c1", T, "books"),
            row("c2", T, "home"));
    assertDataFrameEquals(
        expected, CustomerEvents.of(events, map, Map.of("page-views", "accounts")));
  }
}
