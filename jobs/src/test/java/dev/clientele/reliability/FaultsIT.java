package dev.clientele.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills the job (Runtime.halt, like kill -9: no shutdown hooks) right after a Delta commit in the
 * middle of the gold tables, and runs two refreshes of the same as-of at once. Forked JVMs, so this
 * is a Failsafe integration test.
 */
class FaultsIT {
  private static Path work;
  private static Path reference;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("clientele-faults-it-");
    spark = ForkedRuns.spark();
    // One uninterrupted run, shared: the kill test compares with it, the concurrency test starts
    // from a copy of it, StandaloneClusterIT compares the cluster run with it.
    reference = ForkedRuns.reference();
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void killedRunPublishesNothingAndReRunEqualsUninterruptedRun() throws Exception {
    Path killed = work.resolve("wh-killed");
    // A first complete run gives every table a previous version to fall back on.
    assertEquals(
        0,
        ForkedRuns.run(work.resolve("k0.log"), ForkedRuns.pipelineArgsAsOf(killed, "2024-06-30")));
    // Halt among the gold tables: customer_clv written, the segment tables not yet.
    int code =
        ForkedRuns.run(
            work.resolve("k1.log"),
            ForkedRuns.pipelineArgs(
                killed, "--set", "clientele.testing.halt-after-table=customer_clv"));
    assertEquals(137, code, "the run was halted (exit 137); log " + work.resolve("k1.log"));
    for (String table : ForkedRuns.tables(killed)) {
      assertTrue(
          spark.read().format("delta").load(killed.resolve(table).toString()).count() >= 0,
          table + " is readable");
    }
    assertTrue(
        spark
                .read()
                .format("delta")
                .load(killed.resolve("customer_clv").toString())
                .where("snapshot_date = DATE'2024-12-31'")
                .count()
            > 0,
        "the halted run got as far as customer_clv");
    Dataset<Row> runs = spark.read().format("delta").load(killed.resolve("runs").toString());
    assertEquals(
        0,
        runs.where("snapshot_date = DATE'2024-12-31' AND status = 'success'").count(),
        "the interrupted snapshot is not published");
    assertEquals(
        1,
        runs.where("snapshot_date = DATE'2024-06-30' AND status = 'success'").count(),
        "the earlier snapshot stays published");

    assertEquals(
        0, ForkedRuns.run(work.resolve("k2.log"), ForkedRuns.pipelineArgs(killed)), "re-run");
    java.util.List<String> differing = new java.util.ArrayList<>();
    for (String table : ForkedRuns.tables(reference)) {
      if (table.equals("runs")) {
        continue;
      }
      Dataset<Row> a = ForkedRuns.comparable(spark, reference.resolve(table));
      Dataset<Row> b = ForkedRuns.comparable(spark, killed.resolve(table));
      if (java.util.Arrays.asList(a.columns()).contains("snapshot_date")) {
        // The killed warehouse also holds the earlier snapshot; compare the re-run one.
        a = a.where("snapshot_date = DATE'2024-12-31'");
        b = b.where("snapshot_date = DATE'2024-12-31'");
      }
      if (a.columns().length > 0
          && java.util.Arrays.asList(a.columns()).contains("previous_snapshot_date")) {
        // Transitions are against the previous published snapshot: the killed warehouse has one
        // (2024-06-30), the reference none. They must be exactly the 2024-06-30 -> 2024-12-31 ones.
        assertEquals(0, a.count(), table + ": the reference has no previous snapshot");
        assertTrue(b.count() > 0, table + ": transitions since the earlier snapshot");
        assertEquals(
            0,
            b.where("previous_snapshot_date <> DATE'2024-06-30'").count(),
            table + ": against the earlier published snapshot only");
        continue;
      }
      long missing = a.exceptAll(b).count();
      long extra = b.exceptAll(a).count();
      if (missing + extra > 0) {
        differing.add(table + " (" + missing + " missing, " + extra + " extra)");
      }
    }
    assertEquals(
        java.util.List.of(),
        differing,
        "tables where the re-run differs from the uninterrupted run");
  }

  @Test
  void twoRefreshesOfTheSameAsOfAtOnceLeaveOneCopy() throws Exception {
    Path wh = work.resolve("wh-concurrent");
    // Delta logs name data files relative to the table: a copied warehouse is a valid one.
    org.apache.commons.io.FileUtils.copyDirectory(reference.toFile(), wh.toFile());
    long metricsRows =
        spark.read().format("delta").load(wh.resolve("customer_metrics").toString()).count();
    Process a = ForkedRuns.start(work.resolve("ca.log"), ForkedRuns.pipelineArgs(wh));
    Process b = ForkedRuns.start(work.resolve("cb.log"), ForkedRuns.pipelineArgs(wh));
    a.waitFor();
    int ca = a.exitValue();
    b.waitFor();
    int cb = b.exitValue();
    assertTrue(
        ca == 0 || ca == 5, "run A ends with success or a concurrent-modification exit: " + ca);
    assertTrue(
        cb == 0 || cb == 5, "run B ends with success or a concurrent-modification exit: " + cb);
    for (int i = 0; i < 2; i++) {
      int c = i == 0 ? ca : cb;
      if (c == 5) {
        String log =
            Files.readString(work.resolve(i == 0 ? "ca.log" : "cb.log"), StandardCharsets.UTF_8);
        assertTrue(
            log.contains("concurrent modification"),
            "a clear message: " + log.substring(Math.max(0, log.length() - 500)));
      }
    }
    assertEquals(
        metricsRows,
        spark.read().format("delta").load(wh.resolve("customer_metrics").toString()).count(),
        "exactly one copy of the snapshot");
  }
}
