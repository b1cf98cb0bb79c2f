package dev.clientele.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clientele.testkit.SparkTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `pipeline` on data-samples/: every table written, the run published, the summary complete. */
@ExtendWith(SparkTest.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  private static final List<String> TABLES =
      List.of(
          "bronze_transactions",
          "bronze_customers",
          "bronze_events",
          "bronze_costs",
          "bronze_payments",
          "bronze_surveys",
          "quarantine",
          "customer_identity_map",
          "unified_profiles",
          "transactions",
          "customer_metrics",
          "pareto_curve",
          "customer_clv",
          "clv_model",
          "customer_segments",
          "segment_summary",
          "cluster_personas",
          "runs");

  private static Dataset<Row> table(String name) {
    return SparkTest.spark()
        .read()
        .format("delta")
        .load(SamplePipeline.warehouse().resolve(name).toString());
  }

  @Test
  void everyTableIsADeltaTableAndTheRunIsPublished() {
    Path wh = SamplePipeline.warehouse();
    for (String t : TABLES) {
      assertTrue(new File(wh.toFile(), t + "/_delta_log").isDirectory(), t + " is a Delta table");
    }
    Dataset<Row> runs = table("runs");
    assertEquals(
        1,
        runs.where("status = 'success' AND snapshot_date = DATE'2024-12-31'").count(),
        "one successful runs row publishes the snapshot");
  }

  @Test
  void theRunRemovesItsCheckpointsTheIdentityGraphWhenItEnds() throws Exception {
    Path checkpoints = SamplePipeline.warehouse().resolve("_checkpoints");
    // Resolve checkpoints its graph rounds there (reliable checkpoints); none may be left.
    if (Files.exists(checkpoints)) {
      try (Stream<Path> files = Files.walk(checkpoints)) {
        assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
      }
    }
  }

  @Test
  void runSummaryHasTheDocumentedFields() throws Exception {
    Path dir = SamplePipeline.warehouse().resolve("_runs/" + SamplePipeline.AS_OF);
    Path json;
    try (Stream<Path> files = Files.list(dir)) {
      json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    for (String field :
        List.of(
            "schema_version",
            "run_id",
            "as_of",
            "status",
            "started_at",
            "ended_at",
            "jar_version",
            "git_commit",
            "config_hash",
            "stages",
            "tables_written",
            "models",
            "data_quality")) {
      assertTrue(s.has(field), "run summary has " + field);
    }
    assertEquals("success", s.get("status").asText());
    assertEquals(
        6, s.get("stages").size(), "six stages: ingest, resolve, score, clv, segment, report");
    // data-samples/README.md "Costs": the newsletter's 40.00 (a campaign without a channel) is the
    // only cost nobody carries; it is reported, not dropped.
    JsonNode score = s.get("stages").get(2).get("details");
    assertEquals(1, score.get("costs_unallocated_groups").asLong(), "unallocated groups");
    assertEquals(
        0,
        new java.math.BigDecimal("40.00")
            .compareTo(score.get("costs_unallocated_amount").decimalValue()),
        "unallocated amount");
    assertEquals("2024-12", score.get("costs_unallocated").get(0).get("month").asText());
    JsonNode sources = s.get("stages").get(0).get("details").get("sources");
    sources
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode c = e.getValue();
              assertEquals(
                  c.get("read").asLong(),
                  c.get("accepted").asLong() + c.get("quarantined").asLong(),
                  "reconciliation for source " + e.getKey());
            });
  }

  /** The five customers worked out by hand in data-samples/README.md (not from the program). */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
    // name,          source:key records that must resolve together,   orders, days, net,    last
    // purchase, cost_total (data-samples/README.md "Costs"), lifecycle status (README: recency
    // within 180 days, tenure over 90, under 4 orders, recency below twice the mean gap: active)
    "Camille Martin, accounts:A0001,                        2, 2, 263.90, 2024-11-28, 10.50, active",
    "Lucas Bernard,  loyalty-cards:L0000001,                3, 3, 97.50,  2024-12-21, 10.00, active",
    "Chloe Dubois,   accounts:A0002 loyalty-cards:L0000002, 3, 2, 119.00, 2024-10-15, 0.00, active",
    "Hugo Lefevre,   accounts:A0003 loyalty-cards:L0000003, 3, 3, 384.00, 2024-12-30, 22.00, active",
    "Manon Girard,   accounts:A0004 loyalty-cards:L0000004, 3, 3, 181.50, 2024-08-24, 23.00, active"
  })
  void knownCustomersMatchTheHandWorkedFigures(
      String name,
      String records,
      long orders,
      long days,
      String net,
      String last,
      String costs,
      String status) {
    Dataset<Row> map = table("customer_identity_map");
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String record : records.trim().split(" +")) {
      String[] sk = record.split(":");
      List<Row> hit =
          map.where(
                  org.apache
                      .spark
                      .sql
                      .functions
                      .col("source")
                      .equalTo(sk[0])
                      .and(org.apache.spark.sql.functions.col("customer_key").equalTo(sk[1])))
              .select("customer_id")
              .collectAsList();
      assertEquals(1, hit.size(), name + ": " + record + " is in the identity map");
      ids.add(hit.get(0).getString(0));
    }
    assertEquals(1, ids.size(), name + ": " + records + " resolve to one customer");
    String id = ids.iterator().next();
    Row m =
        table("customer_metrics")
            .where(org.apache.spark.sql.functions.col("customer_id").equalTo(id))
            .select(
                "order_count",
                "purchase_days",
                "monetary_net",
                "last_purchase_date",
                "cost_total",
                "lifecycle_status")
            .first();
    assertEquals(orders, m.getLong(0), name + ": order_count");
    assertEquals(days, m.getLong(1), name + ": purchase_days");
    assertEquals(
        0,
        new java.math.BigDecimal(net).compareTo(m.getDecimal(2)),
        name + ": monetary_net " + m.getDecimal(2));
    assertEquals(java.sql.Date.valueOf(last), m.getDate(3), name + ": last purchase date");
    assertEquals(
        0,
        new java.math.BigDecimal(costs).compareTo(m.getDecimal(4)),
        name + ": cost_total " + m.getDecimal(4));
    assertEquals(status, m.getString(5), name + ": lifecycle status");
  }

  /**
   * Payments and surveys of the five customers, worked out by hand in data-samples/README.md
   * ("Payments and surveys"): settled payments, on-time share, mean days late, amount overdue, risk
   * level; survey answers, latest satisfaction, NPS band. Lucas has no web account, so neither.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      nullValues = "-",
      value = {
        // name,      record,                 settled, on time, late, overdue, risk, answers,
        // latest satisfaction, NPS band
        "Camille Martin, accounts:A0001,       2, 0.5, 7.0,  0.00,   medium, 2, 3.0, detractor",
        "Lucas Bernard,  loyalty-cards:L0000001, 0, -,  -,    -,      -,      0, -,   -",
        "Chloe Dubois,   accounts:A0002,       1, 1.0, 0.0,  0.00,   low,    0, -,   -",
        "Hugo Lefevre,   accounts:A0003,       3, 0.0, 66.0, 264.00, high,   3, 4.5, passive",
        "Manon Girard,   accounts:A0004,       2, 0.5, 2.0,  0.00,   medium, 1, -,   promoter"
      })
  void knownCustomersPaymentsAndSurveysMatchTheHandWorkedFigures(
      String name,
      String record,
      long settled,
      Double onTime,
      Double late,
      String overdue,
      String risk,
      long answers,
      Double satisfaction,
      String band) {
    String[] sk = record.split(":");
    String id =
        table("customer_identity_map")
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("source")
                    .equalTo(sk[0])
                    .and(org.apache.spark.sql.functions.col("customer_key").equalTo(sk[1])))
            .select("customer_id")
            .first()
            .getString(0);
    Row m =
        table("customer_metrics")
            .where(org.apache.spark.sql.functions.col("customer_id").equalTo(id))
            .select(
                "payments_settled",
                "on_time_share",
                "days_late_mean",
                "amount_overdue",
                "payment_risk",
                "survey_responses",
                "satisfaction_latest",
                "nps_band")
            .first();
    assertEquals(settled, m.getLong(0), name + ": payments_settled");
    assertEquals(onTime, m.isNullAt(1) ? null : m.getDouble(1), name + ": on_time_share");
    assertEquals(late, m.isNullAt(2) ? null : m.getDouble(2), name + ": days_late_mean");
    if (overdue == null) {
      assertTrue(m.isNullAt(3), name + ": no amount_overdue without payments");
    } else {
      assertEquals(
          0, new java.math.BigDecimal(overdue).compareTo(m.getDecimal(3)), name + ": overdue");
    }
    assertEquals(risk, m.getString(4), name + ": payment_risk");
    assertEquals(answers, m.getLong(5), name + ": survey_responses");
    assertEquals(
        satisfaction, m.isNullAt(6) ? null : m.getDouble(6), name + ": satisfaction_latest");
    assertEquals(band, m.getString(7), name + ": nps_band");
  }

  @Test
  void quarantineHoldsTheSampleBadRows() {
    // data-samples/README.md plants 14 bad rows: 5 web-orders, 4 pos-receipts, 2 accounts,
    // 1 loyalty-cards, 1 page-views, 1 marketing-costs. The loyalty card's is an impossible birth
    // date: a customer record is kept with the attribute null (data_quality_issues), so 13 rows
    // are quarantined.
    Dataset<Row> q = table("quarantine");
    assertEquals(13, q.count(), "the samples' 13 bad rows (other than the birth date)");
    assertEquals(
        1,
        q.where("source = 'marketing-costs' AND reason = 'missing_required'").count(),
        "the cost nobody carries (no account, channel or campaign)");
    assertEquals(
        1,
        table("data_quality_issues")
            .where("customer_key = 'L0999999' AND column_name = 'birth_date'")
            .count(),
        "the loyalty card's impossible birth date is an attribute issue");
    assertEquals(5, q.where("source = 'web-orders'").count());
    assertEquals(4, q.where("source = 'pos-receipts'").count());
  }

  @Test
  void everyCustomerWithAPurchaseHasExactlyOneSegmentAndStatus() {
    Dataset<Row> m = table("customer_metrics");
    assertEquals(0, m.where("order_count > 0 AND rfm_segment IS NULL").count());
    assertEquals(m.count(), m.select("customer_id").distinct().count(), "one row per customer");
    assertEquals(0, m.where("lifecycle_status IS NULL").count(), "exactly one status each");
  }

  @Test
  void prospectsAreHotExactlyWhenTheSampleFileShowsAPageViewInTheLast30Days() {
    // The reference reads the raw page views, not bronze_events: accounts with a view dated
    // 2024-12-01 .. 2024-12-31 (UTC; 30 days or fewer before the as-of date), mapped to
    // customers through the accounts' keys (page-views has customer-source = accounts).
    Dataset<Row> recentViewers =
        SparkTest.spark()
            .read()
            .json(SparkTest.projectDir().resolve("data-samples/online/page_views.jsonl").toString())
            .where(
                "account_id IS NOT NULL AND substring(ts, 1, 10) BETWEEN '2024-12-01'"
                    + " AND '2024-12-31'")
            .join(
                table("customer_identity_map").where("source = 'accounts'"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("account_id")
                    .equalTo(org.apache.spark.sql.functions.col("customer_key")))
            .select("customer_id")
            .distinct();
    Dataset<Row> m = table("customer_metrics");
    Dataset<Row> prospects = m.where("order_count = 0").select("customer_id");
    assertEquals(
        prospects.count(),
        m.where("lifecycle_status IN ('prospect_hot', 'prospect_cold')").count(),
        "every customer without a purchase is a prospect, hot or cold, and no one else");
    assertEquals(
        java.util.Set.copyOf(prospects.intersect(recentViewers).collectAsList()),
        java.util.Set.copyOf(
            m.where("lifecycle_status = 'prospect_hot'").select("customer_id").collectAsList()),
        "hot prospects are the prospects with a recent page view");
    // Inactive by the rule's own figures: a purchase, the last one 181..365 days old.
    assertEquals(
        m.where("order_count > 0 AND recency_days > 180 AND recency_days <= 365").count(),
        m.where("lifecycle_status = 'inactive'").count(),
        "inactive: after lost (365) and before new, at_risk, loyal");
    assertEquals(
        m.where("abc_class = 'A' AND lifecycle_status = 'loyal'").count(),
        m.where("is_vip").count(),
        "VIP: class A and loyal");
  }

  // Re-running the same as-of (identical tables, nothing grows, a second published run) is
  // BiTrinoIT's sixth test: there the re-run follows a killed refresh and every table is compared
  // with the uninterrupted run, a stronger check than a second run here would add.
}
