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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `pipeline` on data-samples/: every table written, the run published, the summary complete. */
@ExtendWith(SparkTest.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  private static final List<String> TABLES =
      List.of(
          "bronze_transactions", "bronze_customers", "bronze_events", "quarantine",
          "customer_identity_map", "unified_profiles", "transactions",
          "customer_metrics", "pareto_curve", "customer_clv", "clv_model",
          "customer_segments", "segment_summary", "cluster_personas", "runs");

  private static Dataset<Row> table(String name) {
    return SparkTest.spark().read().format("delta").load(SamplePipeline.warehouse().resolve(name).toString());
  }

  @Test
  void everyTableIsADeltaTableAndTheRunIsPublished() {
    Path wh = SamplePipeline.warehouse();
    for (String t : TABLES) {
      assertTrue(new File(wh.toFile(), t + "/_delta_log").isDirectory(), t + " is a Delta table");
    }
    Dataset<Row> runs = table("runs");
    assertEquals(1, runs.where("status = 'success' AND snapshot_date = DATE'2024-12-31'").count(),
        "one successful runs row publishes the snapshot");
  }

  @Test
  void runSummaryHasTheDocumentedFields() throws Exception {
    Path dir = SamplePipeline.warehouse().resolve("_runs/" + SamplePipeline.AS_OF);
    Path json;
    try (Stream<Path> files = Files.list(dir)) {
      json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    for (String field : List.of("schema_version", "run_id", "as_of", "status", "started_at", "ended_at",
        "jar_version", "git_commit", "config_hash", "stages", "tables_written", "models", "data_quality")) {
      assertTrue(s.has(field), "run summary has " + field);
    }
    assertEquals("success", s.get("status").asText());
    assertEquals(6, s.get("stages").size(), "six stages: ingest, resolve, score, clv, segment, report");
    JsonNode sources = s.get("stages").get(0).get("details").get("sources");
    sources.fields().forEachRemaining(e -> {
      JsonNode c = e.getValue();
      assertEquals(c.get("read").asLong(), c.get("accepted").asLong() + c.get("quarantined").asLong(),
          "reconciliation for source " + e.getKey());
    });
  }

  @Test
  void quarantineHoldsTheSampleBadRows() {
    assertTrue(table("quarantine").count() > 0, "the samples' bad rows are quarantined");
  }

  @Test
  void everyCustomerWithAPurchaseHasExactlyOneSegmentAndStatus() {
    Dataset<Row> m = table("customer_metrics");
    assertEquals(0, m.where("order_count > 0 AND rfm_segment IS NULL").count());
    assertEquals(m.count(), m.select("customer_id").distinct().count(), "one row per customer");
    assertEquals(0, m.where("lifecycle_status IS NULL").count(), "exactly one status each");
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it adds a second runs row
  void reRunningTheSameAsOfGivesIdenticalTablesThatDoNotGrow() {
    Path wh = SamplePipeline.warehouse();
    SparkSession spark = SparkTest.spark();
    List<String> snapshotTables = List.of("customer_metrics", "customer_clv", "customer_segments", "unified_profiles", "transactions");
    java.util.Map<String, Dataset<Row>> before = new java.util.HashMap<>();
    for (String t : snapshotTables) {
      before.put(t, table(t).drop("run_id", "computed_at_ts").localCheckpoint());
    }
    assertEquals(0, SamplePipeline.run(wh), "second run exits 0");
    for (String t : snapshotTables) {
      Dataset<Row> after = table(t).drop("run_id", "computed_at_ts");
      Dataset<Row> b = before.get(t);
      assertEquals(b.count(), after.count(), t + " does not grow");
      assertEquals(0, b.exceptAll(after).count() + after.exceptAll(b).count(), t + " is identical");
    }
    assertEquals(2, spark.read().format("delta").load(wh.resolve("runs").toString())
        .where("status = 'success'").count(), "two published runs of the same snapshot");
  }
}
