package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.io.TableIO;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * segment_membership: a MERGE on content of each snapshot's memberships, with Change Data Feed.
 * Families: tier (exclusive), tags (overlapping), legacy (not assigned by the second run).
 */
@ExtendWith(SparkTest.class)
class StageMembershipTest {
  static final LocalDate D1 = LocalDate.of(2024, 6, 1);
  static final LocalDate D2 = LocalDate.of(2024, 6, 2);
  static final StructType SEG =
      new StructType()
          .add("family", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType);
  static final StructType MEMBERSHIP =
      new StructType()
          .add("family", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("since", DataTypes.DateType)
          .add("snapshot_date", DataTypes.DateType)
          .add("run_id", DataTypes.StringType);

  private static TableIO io(String name) {
    return new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse() + "/" + name);
  }

  static StageMembership.Params params(LocalDate asOf, String runId, String... families) {
    return new StageMembership.Params(asOf, runId, Set.of(families), Set.of("tier"));
  }

  /** D1: c1 Gold, c2 Silver, c3 Bronze; c1 tagged x and y; c9 in the legacy family. */
  static Dataset<Row> first() {
    return df(
        SEG,
        row("tier", "Gold", "c1"),
        row("tier", "Silver", "c2"),
        row("tier", "Bronze", "c3"),
        row("tags", "x", "c1"),
        row("tags", "y", "c1"),
        row("legacy", "old", "c9"));
  }

  /**
   * D2: c1 stays Gold, c2 moves to Gold, c3 was merged into the new id c5 (Bronze), c1 loses x and
   * gains z; the run no longer assigns the legacy family.
   */
  static Dataset<Row> second() {
    return df(
        SEG,
        row("tier", "Gold", "c1"),
        row("tier", "Gold", "c2"),
        row("tier", "Bronze", "c5"),
        row("tags", "y", "c1"),
        row("tags", "z", "c1"));
  }

  /** D1 then D2 into a fresh warehouse; returns the version D1 created. */
  static long d1ThenD2(TableIO io) {
    StageMembership.write(io, first(), params(D1, "r1", "tier", "tags", "legacy"));
    long v1 = io.version(Tables.SEGMENT_MEMBERSHIP);
    StageMembership.Outcome o =
        StageMembership.write(io, second(), params(D2, "r2", "tier", "tags"));
    assertEquals(
        new StageMembership.Outcome(Optional.empty(), 2, 1, 2),
        o,
        "entered c5 and (c1, z); c2 changed; c3 (retired id) and (c1, x) left");
    return v1;
  }

  /** One warehouse through D1, D2 and D2 again: MERGEs are the slow part, so they are shared. */
  @Test
  void aRefreshWritesChangesOnlyAndTheFeedShowsThem() {
    TableIO io = io("refresh");
    long v1 = d1ThenD2(io);
    Date d1 = Date.valueOf(D1);
    Date d2 = Date.valueOf(D2);
    assertDataFrameEquals(
        df(
            MEMBERSHIP,
            row("tier", "c1", "Gold", d1, d1, "r1"),
            row("tier", "c2", "Gold", d2, d2, "r2"),
            row("tier", "c5", "Bronze", d2, d2, "r2"),
            row("tags", "c1", "y", d1, d1, "r1"),
            row("tags", "c1", "z", d2, d2, "r2"),
            // Not a family of the second run: outside the delete's scope.
            row("legacy", "c9", "old", d1, d1, "r1")),
        io.read(Tables.SEGMENT_MEMBERSHIP).drop("computed_at_ts"));
    assertEquals(
        "true",
        io.deltaDetail(Tables.SEGMENT_MEMBERSHIP)
            .getJavaMap(io.deltaDetail(Tables.SEGMENT_MEMBERSHIP).fieldIndex("properties"))
            .get("delta.enableChangeDataFeed"),
        "Change Data Feed is on from the first commit");
    Row detail = io.deltaDetail(Tables.SEGMENT_MEMBERSHIP);
    assertEquals(
        1,
        detail.<Integer>getAs("minReaderVersion"),
        "readers need nothing new: the feed is a writer feature (writer version "
            + detail.getAs("minWriterVersion")
            + ")");
    assertFeedAfter(io, v1);
    StageMembership.Outcome o =
        StageMembership.write(io, second(), params(D2, "r3", "tier", "tags"));
    assertEquals(new StageMembership.Outcome(Optional.empty(), 0, 0, 0), o, "nothing changed");
    assertTrue(
        io.read(Tables.SEGMENT_MEMBERSHIP).where(col("run_id").equalTo("r3")).isEmpty(),
        "no row rewritten by the re-run of the same snapshot");
  }

  /** Entered (insert), left (delete) and changed (update pre/post image); c1's stay is absent. */
  private static void assertFeedAfter(TableIO io, long v1) {
    Dataset<Row> feed =
        SparkTest.spark()
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", v1 + 1)
            .load(io.path(Tables.SEGMENT_MEMBERSHIP))
            .select("_change_type", "family", "customer_id", "segment");
    StructType changes =
        new StructType()
            .add("_change_type", DataTypes.StringType)
            .add("family", DataTypes.StringType)
            .add("customer_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType);
    assertDataFrameEquals(
        df(
            changes,
            row("insert", "tier", "c5", "Bronze"),
            row("insert", "tags", "c1", "z"),
            row("update_preimage", "tier", "c2", "Silver"),
            row("update_postimage", "tier", "c2", "Gold"),
            row("delete", "tier", "c3", "Bronze"),
            row("delete", "tags", "c1", "x")),
        feed);
  }

  @Test
  void aBackfillOfAnOlderDateLeavesTheCurrentStateAlone() {
    TableIO io = io("backfill");
    // Without a runs table every snapshot of customer_segments counts as published.
    StructType snap = new StructType().add("snapshot_date", DataTypes.DateType).add("x", "int");
    io.replaceSnapshot(Tables.CUSTOMER_SEGMENTS, df(snap, row(Date.valueOf(D2), 1)), D2);
    StageMembership.write(io, second(), params(D2, "r2", "tier", "tags"));
    long before = io.version(Tables.SEGMENT_MEMBERSHIP);
    StageMembership.Outcome o = StageMembership.write(io, first(), params(D1, "r0", "tier"));
    assertEquals(Optional.of(D2), o.skippedFor(), "skipped: D2 is published");
    assertEquals(before, io.version(Tables.SEGMENT_MEMBERSHIP), "no commit");
  }
}
