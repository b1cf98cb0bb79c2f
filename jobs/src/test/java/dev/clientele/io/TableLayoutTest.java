package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Partition pruning, time travel and idempotent re-runs of a snapshot table. */
@ExtendWith(SparkTest.class)
class TableLayoutTest {
  private static final StructType SEG =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType);

  private static TableIO io() {
    return new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
  }

  private static Dataset<Row> day(String date, String... customers) {
    Object[][] rows = new Object[customers.length][];
    for (int i = 0; i < customers.length; i++) {
      rows[i] = row(Date.valueOf(date), customers[i], "S" + i);
    }
    return df(SEG, rows);
  }

  @Test
  void aQueryOnOneSnapshotReadsOnlyThatPartitionsFiles() {
    TableIO io = io();
    // One row per file: two files per snapshot, so pruning has files to skip.
    SparkTest.spark().conf().set("spark.sql.files.maxRecordsPerFile", "1");
    try {
      writeThreeSnapshots(io);
    } finally {
      SparkTest.spark().conf().unset("spark.sql.files.maxRecordsPerFile");
    }
    String[] all = io.read("segs").inputFiles();
    long inPartition =
        Arrays.stream(all).filter(f -> f.contains("snapshot_date=2024-12-30")).count();
    assertEquals(6, all.length, "3 snapshots x 2 files (the table's file listing)");
    assertEquals(2, inPartition, "2 files in the 2024-12-30 partition");

    Dataset<Row> bi =
        SparkTest.spark()
            .sql(
                "SELECT customer_id, segment FROM "
                    + io.sqlName("segs")
                    + " WHERE snapshot_date = DATE'2024-12-30'");
    assertEquals(2, bi.collectAsList().size(), "2 rows on 2024-12-30"); // 2 rows: small
    FileSourceScanExec scan = scanOf(bi.queryExecution().executedPlan());
    assertTrue(
        scan.toString().contains("PartitionFilters: [isnotnull(snapshot_date")
            && scan.toString().contains("(snapshot_date")
            && scan.toString().contains("= 2024-12-30)"),
        "the date filter is a partition filter: " + scan);
    assertEquals(
        2L,
        scan.metrics().apply("numFiles").value(),
        "the scan read the 2 files of that partition, not the 6 of the table");
  }

  private static void writeThreeSnapshots(TableIO io) {
    io.replaceSnapshot("segs", day("2024-12-29", "a", "b"), LocalDate.of(2024, 12, 29));
    io.replaceSnapshot("segs", day("2024-12-30", "a", "c"), LocalDate.of(2024, 12, 30));
    io.replaceSnapshot("segs", day("2024-12-31", "b", "c"), LocalDate.of(2024, 12, 31));
  }

  private static FileSourceScanExec scanOf(SparkPlan plan) {
    List<SparkPlan> todo = new ArrayList<>(List.of(plan));
    while (!todo.isEmpty()) {
      SparkPlan p = todo.remove(0);
      if (p instanceof FileSourceScanExec s) {
        return s;
      }
      todo.addAll(scala.jdk.javaapi.CollectionConverters.asJava(p.children()));
    }
    throw new AssertionError("no file scan in " + plan);
  }

  @Test
  void versionAsOfReadsThePreviousContentAndReRunsAreIdempotent() {
    TableIO io = io();
    SparkSession spark = SparkTest.spark();
    long v0 = io.replaceSnapshot("tt", day("2024-12-30", "a", "b"), LocalDate.of(2024, 12, 30));
    io.replaceSnapshot("tt", day("2024-12-30", "x"), LocalDate.of(2024, 12, 30));
    Date d = Date.valueOf("2024-12-30");
    assertDataFrameEquals(
        df(SEG, row(d, "a", "S0"), row(d, "b", "S1")),
        spark.sql("SELECT * FROM " + io.sqlName("tt") + " VERSION AS OF " + v0));
    assertDataFrameEquals(df(SEG, row(d, "x", "S0")), io.read("tt"));

    // The same input twice: same rows, same number of live files, one commit each.
    io.replaceSnapshot("tt", day("2024-12-31", "p", "q"), LocalDate.of(2024, 12, 31));
    long filesBefore = io.read("tt").inputFiles().length;
    long v = io.replaceSnapshot("tt", day("2024-12-31", "p", "q"), LocalDate.of(2024, 12, 31));
    Date e = Date.valueOf("2024-12-31");
    assertDataFrameEquals(
        df(SEG, row(d, "x", "S0"), row(e, "p", "S0"), row(e, "q", "S1")), io.read("tt"));
    assertEquals(filesBefore, io.read("tt").inputFiles().length, "the table does not grow");
    assertDataFrameEquals(
        io.read("tt"),
        spark.sql("SELECT * FROM " + io.sqlName("tt") + " VERSION AS OF " + (v - 1)));
  }
}
