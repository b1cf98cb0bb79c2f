package dev.clientele.metrics;

import static dev.clientele.metrics.CustomerFactsTest.ts;
import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.LifecycleSettings;
import dev.clientele.testkit.SparkTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped lifecycle rules, the engagement they read and the VIP flag on customers built so each
 * rule fires once, worked by hand as of 2024-06-30 (the end of that day, exclusive: 07-01 00:00).
 */
@ExtendWith(SparkTest.class)
class LifecycleTest {
  static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
  static final CustomerFacts.Window WINDOW =
      new CustomerFacts.Window(null, ts("2024-07-01 00:00:00"));

  /** The metric columns the rules and levels read (the score stage's helpers included). */
  static final StructType CUSTOMERS =
      StructType.fromDDL(
          "customer_id string, order_count bigint, recency_days int, purchase_days bigint,"
              + " tenure_days int, mean_gap_days double, f_score int, abc_class string,"
              + " payment_incidents int");

  static final StructType EVENTS = StructType.fromDDL("customer_id string, event_ts timestamp");

  static final StructType OUT =
      StructType.fromDDL(
          "customer_id string, days_since_engagement int, lifecycle_status string,"
              + " risk_level string, is_vip boolean");

  static Dataset<Row> customers() {
    return df(
        CUSTOMERS,
        // Prospects (no purchase): what their events say decides hot or cold.
        row("h1", 0L, null, 0L, null, null, null, "C", 0),
        row("h2", 0L, null, 0L, null, null, null, "C", 0),
        row("h3", 0L, null, 0L, null, null, null, "C", 0),
        // Buyers, one per rule after the prospects', plus two boundaries.
        row("b1", 3L, 400, 3L, 700, 150.0, 3, "B", 0),
        row("b2", 2L, 200, 2L, 210, 10.0, 2, "C", 1),
        row("b3", 1L, 30, 1L, 30, null, 1, "C", 0),
        row("b4", 3L, 100, 3L, 140, 20.0, 3, "B", 0),
        row("b5", 5L, 10, 5L, 130, 30.0, 5, "A", 0),
        row("b6", 4L, 150, 4L, 450, 100.0, 4, "B", 0),
        row("b7", 2L, 50, 2L, 130, 40.0, 2, "A", 0),
        row("b8", 1L, 180, 1L, 180, null, 1, "C", 0));
  }

  static Dataset<Row> events() {
    return df(
        EVENTS,
        // h1: last event 05-31 08:00, 30 days before 06-30: exactly hot-prospect-days, still hot.
        row("h1", ts("2024-05-02 10:00:00")),
        row("h1", ts("2024-05-31 08:00:00")),
        // h2: 05-30 is 31 days before (cold); its 07-01 00:00 view is after the as-of day and
        // must not count (it would make the last event -1 days old, hot).
        row("h2", ts("2024-05-30 23:59:00")),
        row("h2", ts("2024-07-01 00:00:00")),
        // b1 views pages every day, but buys nothing for 400 days: lost, not a prospect.
        row("b1", ts("2024-06-30 23:59:59")));
    // h3 and every other buyer: no event.
  }

  private static LifecycleSettings defaults(String... sets) {
    return LifecycleSettings.from(ConfigLoader.load(null, null, List.of(sets), Map.of()));
  }

  private static Dataset<Row> assign(LifecycleSettings s) {
    Dataset<Row> withEngagement =
        Engagement.attach(customers(), CustomerFacts.inWindow(events(), WINDOW), AS_OF);
    return Lifecycle.assign(withEngagement, s)
        .select("customer_id", "days_since_engagement", "lifecycle_status", "risk_level", "is_vip");
  }

  @Test
  void eachShippedRuleFiresInOrderWithEngagementBoundedByTheAsOfDay() {
    // First match wins, in the order prospect_hot, prospect_cold, lost (recency > 365), inactive
    // (> 180), new (tenure <= 90), at_risk (2+ purchase days and recency > 2 x mean gap), loyal
    // (4+ orders, recency <= 180), else active. Risk: high for at_risk / inactive / lost, medium
    // with a payment incident, else low. VIP: abc_class A and loyal.
    // h1 30 days -> hot; h2 31 days (the 07-01 view left out) -> cold; h3 no event -> cold.
    // b1 recency 400 > 365 -> lost (its engagement 0 days old is no purchase).
    // b2 recency 200 > 180 -> inactive, although at_risk (200 > 2 x 10) matches too: order wins.
    // b3 tenure 30 <= 90 -> new. b4 100 > 2 x 20 -> at_risk (tenure 140, 3 orders).
    // b5 5 orders, recency 10, 10 < 60: loyal, and class A -> VIP.
    // b6 150 <= 2 x 100, 4 orders, 150 <= 180 -> loyal; class B -> not VIP.
    // b7 50 <= 80, 2 orders -> active; class A but not loyal -> not VIP.
    // b8 recency exactly 180 is not > 180; one purchase day (no gap), 1 order -> active.
    Dataset<Row> expected =
        df(
            OUT,
            row("h1", 30, "prospect_hot", "low", false),
            row("h2", 31, "prospect_cold", "low", false),
            row("h3", null, "prospect_cold", "low", false),
            row("b1", 0, "lost", "high", false),
            row("b2", null, "inactive", "high", false),
            row("b3", null, "new", "low", false),
            row("b4", null, "at_risk", "high", false),
            row("b5", null, "loyal", "low", true),
            row("b6", null, "loyal", "low", false),
            row("b7", null, "active", "low", false),
            row("b8", null, "active", "low", false));
    assertDataFrameEquals(expected, assign(defaults()));
  }

  @Test
  void theParametersMoveTheBoundaries() {
    // hot-prospect-days 31: h2's 31 days is hot now; inactive-after-days 179: b8 (180) inactive.
    Dataset<Row> got =
        assign(
                defaults(
                    "clientele.lifecycle.hot-prospect-days=31",
                    "clientele.lifecycle.inactive-after-days=179"))
            .where("customer_id IN ('h2', 'b8')")
            .select("customer_id", "lifecycle_status");
    Dataset<Row> expected =
        df(
            StructType.fromDDL("customer_id string, lifecycle_status string"),
            row("h2", "prospect_hot"),
            row("b8", "inactive"));
    assertDataFrameEquals(expected, got);
  }

  @Test
  void customStatusNamesOutsideTheOldSetFlowThrough() {
    // 'dormant' and 'regular' were not in the old closed set; 'dormant' comes from two rules.
    // dormant: recency > 300 (b1) or no purchase (h1..h3); vip_candidate: class A (b5, b7);
    // regular: the rest. The levels and VIP name the new statuses.
    LifecycleSettings s =
        defaults(
            "clientele.lifecycle.rules = [{ status = dormant, condition = \"recency_days > 300\" },"
                + " { status = dormant, condition = \"order_count = 0\" },"
                + " { status = vip_candidate, condition = \"abc_class = 'A'\" }]",
            "clientele.lifecycle.default-status = regular",
            "clientele.lifecycle.active-statuses = [regular, vip_candidate]",
            "clientele.lifecycle.levels.loyalty-high = \"lifecycle_status = 'vip_candidate'\"",
            "clientele.lifecycle.levels.risk-high = \"lifecycle_status IN ('dormant')\"",
            "clientele.lifecycle.vip = \"lifecycle_status = 'vip_candidate' AND f_score >= 5\"");
    Dataset<Row> expected =
        df(
            OUT,
            row("h1", 30, "dormant", "high", false),
            row("h2", 31, "dormant", "high", false),
            row("h3", null, "dormant", "high", false),
            row("b1", 0, "dormant", "high", false),
            // b2 has a payment incident: medium.
            row("b2", null, "regular", "medium", false),
            row("b3", null, "regular", "low", false),
            row("b4", null, "regular", "low", false),
            // b5 f_score 5 -> VIP; b7 f_score 2 -> not.
            row("b5", null, "vip_candidate", "low", true),
            row("b6", null, "regular", "low", false),
            row("b7", null, "vip_candidate", "low", false),
            row("b8", null, "regular", "low", false));
    assertDataFrameEquals(expected, assign(s));
  }

  @Test
  void withoutEventsEngagementIsNullAndEveryProspectIsCold() {
    Dataset<Row> got =
        Lifecycle.assign(Engagement.attach(customers(), null, AS_OF), defaults())
            .where("order_count = 0")
            .select("customer_id", "days_since_engagement", "lifecycle_status");
    Dataset<Row> expected =
        df(
            StructType.fromDDL(
                "customer_id string, days_since_engagement int, lifecycle_status string"),
            row("h1", null, "prospect_cold"),
            row("h2", null, "prospect_cold"),
            row("h3", null, "prospect_cold"));
    assertDataFrameEquals(expected, got);
    assertEquals(
        DataTypes.IntegerType,
        Engagement.attach(customers(), null, AS_OF)
            .schema()
            .apply("days_since_engagement")
            .dataType(),
        "the same type with and without events");
  }
}
