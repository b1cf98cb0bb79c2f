package dev.clientele.io;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class TableIOTest {
  private static final StructType SNAP =
      new StructType()
          .add("snapshot_date", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("value", DataTypes.IntegerType);

  private TableIO io() {
    return new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
  }

  @Test
  void replaceSnapshotRewritesExactlyThatDate() {
    TableIO io = io();
    Date d1 = Date.valueOf("2024-01-01");
    Date d2 = Date.valueOf("2024-01-02");
    io.replaceSnapshot(
        "snap", df(SNAP, row(d1, "a", 1), row(d1, "b", 2)), LocalDate.of(2024, 1, 1));
    io.replaceSnapshot("snap", df(SNAP, row(d2, "a", 3)), LocalDate.of(2024, 1, 2));
    long before = io.version("snap");
    io.replaceSnapshot("snap", df(SNAP, row(d1, "a", 10)), LocalDate.of(2024, 1, 1));
    assertEquals(before + 1, io.version("snap"), "one commit per replace");
    assertDataFrameEquals(df(SNAP, row(d1, "a", 10), row(d2, "a", 3)), io.read("snap"));
    assertTrue(io.versionsWritten().containsKey("snap"), "versions are recorded for the summary");
  }

  @Test
  void aSnapshotWithNewColumnsExtendsTheTable() {
    // A release adds columns to a snapshot table (customer_metrics' timing features): the next
    // run's snapshot goes into the existing table; earlier snapshots read null in the new column.
    TableIO io = io();
    Date d1 = Date.valueOf("2024-01-01");
    Date d2 = Date.valueOf("2024-01-02");
    io.replaceSnapshot("wider", df(SNAP, row(d1, "a", 1)), LocalDate.of(2024, 1, 1));
    StructType wider = SNAP.add("band", DataTypes.StringType);
    io.replaceSnapshot("wider", df(wider, row(d2, "a", 2, "night")), LocalDate.of(2024, 1, 2));
    assertDataFrameEquals(
        df(wider, row(d1, "a", 1, null), row(d2, "a", 2, "night")), io.read("wider"));
  }

  @Test
  void mergeUpsertsAndCanDeleteMissing() {
    StructType s = new StructType().add("k", DataTypes.StringType).add("v", DataTypes.IntegerType);
    TableIO io = io();
    io.merge("cur", df(s, row("a", 1), row("b", 2)), TableIO.MergeMode.UPSERT, "k");
    io.merge("cur", df(s, row("b", 20), row("c", 3)), TableIO.MergeMode.UPSERT, "k");
    assertDataFrameEquals(df(s, row("a", 1), row("b", 20), row("c", 3)), io.read("cur"));
    io.merge("cur", df(s, row("c", 30)), TableIO.MergeMode.DELETE_MISSING, "k");
    Dataset<Row> after = io.read("cur");
    assertDataFrameEquals(df(s, row("c", 30)), after);
  }

  /** A column the input adds (a newly declared attribute) joins the table; older rows read null. */
  @Test
  void mergeAddsTheInputsNewColumns() {
    StructType s = new StructType().add("k", DataTypes.StringType).add("v", DataTypes.IntegerType);
    StructType wider = s.add("attr_sector", DataTypes.StringType);
    TableIO io = io();
    io.merge("evolving", df(s, row("a", 1), row("b", 2)), TableIO.MergeMode.UPSERT, "k");
    io.merge(
        "evolving",
        df(wider, row("a", 1, "retail"), row("c", 3, null)),
        TableIO.MergeMode.UPSERT,
        "k");
    assertDataFrameEquals(
        df(wider, row("a", 1, "retail"), row("b", 2, null), row("c", 3, null)),
        io.read("evolving"));
  }

  /**
   * A MERGE on content: the same rows again (new run_id, computed_at_ts, snapshot_date) update
   * nothing and keep the old run_id; one changed row (a null value set, compared null-safe) is the
   * only update. A map column, which has no SQL equality, is compared too.
   */
  @Test
  void mergeUpdatesOnlyRowsWhoseContentChanged() {
    StructType s =
        new StructType()
            .add("k", DataTypes.StringType)
            .add("v", DataTypes.IntegerType)
            .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
            .add("snapshot_date", DataTypes.DateType);
    TableIO io = io();
    Date d1 = Date.valueOf("2024-01-01");
    Date d2 = Date.valueOf("2024-01-02");
    Map<String, Integer> tags = Map.of("x", 1);
    Dataset<Row> first = df(s, row("a", 1, tags, d1), row("b", null, tags, d1));
    io.merge("content", TableIO.withAudit(first, "r1"), TableIO.MergeMode.DELETE_MISSING, "k");
    long v1 = io.version("content");
    Set<String> files = Set.of(io.read("content").inputFiles());
    Dataset<Row> again = df(s, row("a", 1, tags, d2), row("b", null, tags, d2));
    long v2 =
        io.merge("content", TableIO.withAudit(again, "r2"), TableIO.MergeMode.DELETE_MISSING, "k");
    // Nothing to update, insert or delete: Delta makes no commit at all.
    assertEquals(v1, v2, "no commit for unchanged rows");
    assertEquals(files, Set.of(io.read("content").inputFiles()), "the same files");
    StructType audit = new StructType().add("k", DataTypes.StringType).add("run_id", "string");
    assertDataFrameEquals(
        df(audit, row("a", "r1"), row("b", "r1")), io.read("content").select("k", "run_id"));

    Dataset<Row> changed = df(s, row("a", 1, tags, d2), row("b", 5, tags, d2));
    long v3 =
        io.merge(
            "content", TableIO.withAudit(changed, "r3"), TableIO.MergeMode.DELETE_MISSING, "k");
    Map<String, String> m3 = io.operationMetrics("content", v3);
    assertEquals("1", m3.get("numTargetRowsUpdated"), "b only, null -> 5: " + m3);
    assertEquals("0", m3.get("numTargetRowsInserted"), "nothing new: " + m3);
    assertEquals("0", m3.get("numTargetRowsDeleted"), "nothing missing: " + m3);
    assertDataFrameEquals(
        df(audit, row("a", "r1"), row("b", "r3")), io.read("content").select("k", "run_id"));
  }
}
