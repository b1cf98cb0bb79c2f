package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;

import dev.clientele.io.TableIO;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The tiny input tables of {@link SegmentStageTest}, as resolve, score and clv would write them.
 */
final class SegmentStageFixtures {
  private SegmentStageFixtures() {}

  static final StructType PROFILES =
      StructType.fromDDL(
          "customer_id string, first_name string, last_name string, email string, phone string,"
              + " email_hash string, phone_hash string, loyalty_id string, birth_date date,"
              + " age_band string, gender string, address_line string, postcode string, city"
              + " string, region string, country string, urban_rural string, customer_type string,"
              + " relationship string, income_band string, satisfaction_score double,"
              + " payment_incidents int, consent_email boolean, consent_sms boolean, is_marketable"
              + " boolean, channels string, first_seen_date date, last_seen_date date,"
              + " source_record_count bigint, run_id string, computed_at_ts timestamp");
  static final StructType METRICS =
      StructType.fromDDL(
          "snapshot_date date, customer_id string, recency_days int, order_count bigint,"
              + " purchase_days bigint, monetary_net decimal(18,2), avg_order_value decimal(18,2),"
              + " first_purchase_date date, last_purchase_date date, r_score int, f_score int,"
              + " m_score int, rfm_segment string, cum_revenue_share double, abc_class string,"
              + " abc_class_margin string, lifecycle_status string, value_level string,"
              + " volume_level string, loyalty_level string, risk_level string,"
              + " is_marketable boolean, days_since_engagement int, is_vip boolean, run_id string,"
              + " computed_at_ts timestamp");
  static final StructType CLV =
      StructType.fromDDL(
          "snapshot_date date, customer_id string, btyd_x double, btyd_t_x double, btyd_t double,"
              + " btyd_mean_repeat_value double, clv_historical decimal(18,2), p_alive double,"
              + " expected_purchases double, expected_avg_order_value double, clv_predicted double,"
              + " clv_horizon_months int, run_id string, computed_at_ts timestamp");
  static final StructType TRANSACTIONS =
      StructType.fromDDL(
          "source string, channel string, order_id string, line_id string, customer_id string,"
              + " event_ts timestamp, amount_base decimal(18,2), product_category string,"
              + " is_return boolean, is_anonymous boolean");
  static final StructType HISTORY =
      StructType.fromDDL(
          "old_customer_id string, new_customer_id string, reason string, change_date date");

  private static final Date SEEN = Date.valueOf("2023-01-01");
  private static final Timestamp NOW = Timestamp.valueOf("2024-03-01 00:00:00");

  /** Writes the inputs of snapshot {@code d} (D1: c3 exists; D2: c3 merged into c5). */
  static void write(TableIO io, LocalDate d) {
    boolean second = d.equals(SegmentStageTest.D2);
    String merged = second ? "c5" : "c3";
    List<Object[]> p = new ArrayList<>();
    p.add(profile("c1", second ? 2.0 : 9.5, true, "Paris"));
    p.add(profile("c2", 7.0, false, "Lyon"));
    p.add(profile(merged, 8.0, true, "Paris"));
    p.add(profile("c4", 3.0, true, "Rennes"));
    p.add(profile("c6", null, true, null));
    io.overwrite("unified_profiles", df(PROFILES, p.toArray(Object[][]::new)));
    Date snap = Date.valueOf(d);
    int age = second ? 29 : 0;
    io.replaceSnapshot(
        "customer_metrics",
        df(
            METRICS,
            metrics(snap, "c1", 5 + age, 10, "1000.00", "100.00", "Champions", "A"),
            metrics(snap, "c2", 10 + age, 2, "200.00", "100.00", "Potential Loyalists", "B"),
            metrics(snap, merged, 40 + age, 1, "100.00", "100.00", "Promising", "C"),
            metrics(snap, "c4", 200 + age, 1, "50.00", "50.00", "Hibernating", "C"),
            metrics(snap, "c6", null, 0, "0.00", null, "Others", null)),
        d);
    io.replaceSnapshot(
        "customer_clv",
        df(
            CLV,
            clv(snap, "c1", 2000.0),
            clv(snap, "c2", 300.0),
            clv(snap, merged, 100.0),
            clv(snap, "c4", 10.0),
            clv(snap, "c6", 0.0)),
        d);
    io.overwrite(
        "transactions",
        df(
            TRANSACTIONS,
            tx("online", "o1", "c1", "outdoor", "600.00"),
            tx("online", "o2", "c1", "books", "400.00"),
            tx("offline", "o3", "c2", "books", "200.00"),
            tx("offline", "o4", merged, "outdoor", "100.00"),
            tx("online", "o5", "c4", "books", "50.00")));
    if (second) {
      io.overwrite("customer_id_history", df(HISTORY, row("c3", "c5", "merge", snap)));
    }
  }

  /** The runs row that publishes a snapshot. */
  static void publish(TableIO io, LocalDate d) {
    // Through Runs, with the table's full schema: segment export appends its own runs row.
    new dev.clientele.io.Runs(io)
        .record(
            new dev.clientele.io.Runs.Entry(
                "run-" + d,
                "pipeline",
                d,
                "success",
                null,
                java.time.Instant.now(),
                "h",
                "v",
                "g",
                "{}"));
  }

  private static Object[] profile(String id, Double satisfaction, boolean marketable, String city) {
    String n = id.substring(1);
    return row(
        id,
        "First" + n,
        "Last" + n,
        id + "@example.com",
        "+3361234567" + n,
        "eh" + n,
        "ph" + n,
        null,
        Date.valueOf("1980-05-0" + n),
        "35-44",
        "F",
        n + " rue X",
        "75001",
        city,
        "Île-de-France",
        "FR",
        "urban",
        "person",
        "consumer",
        null,
        satisfaction,
        0,
        true,
        true,
        marketable,
        "omnichannel",
        SEEN,
        SEEN,
        1L,
        "r",
        NOW);
  }

  private static Object[] metrics(
      Date snap,
      String id,
      Integer recency,
      long orders,
      String money,
      String aov,
      String rfm,
      String abc) {
    return row(
        snap,
        id,
        recency,
        orders,
        orders,
        new BigDecimal(money),
        aov == null ? null : new BigDecimal(aov),
        orders > 0 ? SEEN : null,
        orders > 0 ? SEEN : null,
        3,
        3,
        3,
        rfm,
        0.5,
        abc,
        abc,
        orders > 0 ? "active" : "prospect_cold",
        "medium",
        "medium",
        "medium",
        "low",
        true,
        null,
        false,
        "r",
        NOW);
  }

  private static Object[] clv(Date snap, String id, double predicted) {
    return row(
        snap,
        id,
        1.0,
        1.0,
        10.0,
        50.0,
        new BigDecimal("10.00"),
        0.8,
        1.0,
        50.0,
        predicted,
        12,
        "r",
        NOW);
  }

  private static Object[] tx(String channel, String order, String id, String cat, String amount) {
    return row(
        "shop",
        channel,
        order,
        "1",
        id,
        Timestamp.valueOf("2024-01-15 10:00:00"),
        new BigDecimal(amount),
        cat,
        false,
        false);
  }
}
