package dev.clientele.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs two refreshes of the same as-of at once, in forked JVMs (a Failsafe integration test). The
 * killed run (Runtime.halt right after a Delta commit among the gold tables) and its re-run are in
 * BiTrinoIT's sequence, which checks them through Trino too: one scenario, three runs fewer. The
 * two refreshes are of the score stage alone: they race on the same snapshot of customer_metrics
 * through the same Runner and TableIO as a whole pipeline would, at a fraction of two pipelines'
 * cost.
 */
class FaultsIT {
  private static Path work;
  private static Path reference;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("clientele-faults-it-");
    spark = ForkedRuns.spark();
    // The uninterrupted run shared by the ITs of this JVM: the concurrency test starts from a copy.
    reference = ForkedRuns.reference();
  }

  @Test
  void twoRefreshesOfTheSameAsOfAtOnceLeaveOneCopy() throws Exception {
    Path wh = work.resolve("wh-concurrent");
    // Delta logs name data files relative to the table: a copied warehouse is a valid one.
    org.apache.commons.io.FileUtils.copyDirectory(reference.toFile(), wh.toFile());
    long metricsRows =
        spark.read().format("delta").load(wh.resolve("customer_metrics").toString()).count();
    String[] score = ForkedRuns.commandArgs("score", wh, ForkedRuns.AS_OF);
    Process a = ForkedRuns.start(work.resolve("ca.log"), score);
    Process b = ForkedRuns.start(work.resolve("cb.log"), score);
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
