package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stage on two tiny snapshots with the shipped families and k = 2 clusters. Customers c1..c6;
 * between the snapshots c3 is merged into c5 (customer_id_history) and c1's satisfaction drops from
 * 9.5 to 2. Expected memberships are worked out by hand in the comments.
 */
@ExtendWith(SparkTest.class)
class SegmentStageTest {
  static final LocalDate D1 = LocalDate.of(2024, 1, 31);
  static final LocalDate D2 = LocalDate.of(2024, 2, 29);
  private static Settings settings;
  private static Path confFile;

  @BeforeAll
  static void runTwoSnapshots() throws IOException {
    confFile = Files.createTempFile("segments", ".conf");
    Files.writeString(
        confFile,
        "clientele.warehouse = \""
            + SparkTest.warehouse()
            + "\"\n"
            + "clientele.clustering { k = 2, top-categories = 2 }\n");
    settings = new Settings(ConfigLoader.load(null, confFile, List.of(), Map.of()));
    TableIO io = new TableIO(SparkTest.spark(), settings.warehouse());
    SegmentStageFixtures.write(io, D1);
    run(io, D1);
    SegmentStageFixtures.publish(io, D1);
    SegmentStageFixtures.write(io, D2);
    run(io, D2);
    SegmentStageFixtures.publish(io, D2);
  }

  private static void run(TableIO io, LocalDate asOf) {
    RunSummary summary =
        new RunSummary("run-" + asOf, "segment", asOf.toString(), Instant.now(), "x");
    RunContext ctx =
        new RunContext(
            settings, SparkTest.spark(), io, "run-" + asOf, asOf, Instant.now(), summary);
    new SegmentStage().run(ctx);
  }

  private static TableIO io() {
    return new TableIO(SparkTest.spark(), settings.warehouse());
  }

  private static final StructType MEMBER =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("rule", DataTypes.StringType);

  @Test
  void satisfactionFamilyFollowsTheNpsBands() {
    // D1: c1 9.5 Promoter, c2 7 and c3 8 Passives, c4 3 Detractor, c6 no score.
    Dataset<Row> got =
        io().readSnapshot("customer_segments", D1)
            .where("family = 'satisfaction'")
            .select("customer_id", "segment", "rule");
    assertDataFrameEquals(
        df(
            MEMBER,
            row("c1", "Promoters", "satisfaction_score >= 9"),
            row("c2", "Passives", "satisfaction_score >= 7 and satisfaction_score < 9"),
            row("c3", "Passives", "satisfaction_score >= 7 and satisfaction_score < 9"),
            row("c4", "Detractors", "satisfaction_score <= 6"),
            row("c6", "Not surveyed", "default")),
        got);
  }

  @Test
  void segmentTablesHoldNoPersonalDataAndEveryBuyerHasOneCluster() {
    Dataset<Row> seg = io().read("customer_segments");
    assertEquals(
        List.of(
            "snapshot_date",
            "family",
            "segment",
            "customer_id",
            "rule",
            "run_id",
            "computed_at_ts"),
        List.of(seg.columns()));
    // Buyers at D1: c1..c4 (c6 is a prospect): each in exactly one cluster, by "kmeans k=2".
    Dataset<Row> clusters =
        io().readSnapshot("customer_segments", D1).where("family = 'behavioural_cluster'");
    assertEquals(4, clusters.count(), "one cluster row per buyer");
    assertEquals(4, clusters.select("customer_id").distinct().count(), "no buyer in two clusters");
    assertEquals(1, clusters.where("rule = 'kmeans k=2'").select("rule").distinct().count());
    Dataset<Row> personas = io().readSnapshot("cluster_personas", D1);
    assertEquals(
        4L, personas.agg(org.apache.spark.sql.functions.sum("customers")).first().getLong(0));
    assertTrue(
        List.of(personas.columns()).contains("median_category_share_outdoor"),
        "top category shares are features: " + List.of(personas.columns()));
  }

  @Test
  void summaryCountsRevenueClvAndRecencyPerSegment() {
    // D1 Passives: c2 (monetary 200.00, clv 300, recency 10) and c3 (100.00, 100, 40);
    // 5 customers in the snapshot -> share 0.4; revenue 300.00; avg clv 200; avg recency 25.
    StructType s =
        new StructType()
            .add("customers", DataTypes.LongType)
            .add("customer_share", DataTypes.DoubleType)
            .add("revenue", DataTypes.createDecimalType(18, 2))
            .add("avg_clv", DataTypes.DoubleType)
            .add("avg_recency_days", DataTypes.DoubleType);
    Dataset<Row> got =
        io().readSnapshot("segment_summary", D1)
            .where("family = 'satisfaction' and segment = 'Passives'")
            .select("customers", "customer_share", "revenue", "avg_clv", "avg_recency_days");
    assertDataFrameEquals(df(s, row(2L, 0.4, new BigDecimal("300.00"), 200.0, 25.0)), got, 1e-12);
  }

  @Test
  void transitionsAndChangesAgainstThePublishedSnapshotFollowTheMerge() {
    // c1 9.5 -> 2: Promoters -> Detractors. c3 merged into c5 (score 8): Passives stays Passives,
    // not "Passives -> (none)" plus "(none) -> Passives". c2, c4, c6 unchanged.
    StructType t =
        new StructType()
            .add("previous_snapshot_date", DataTypes.DateType)
            .add("from_segment", DataTypes.StringType)
            .add("to_segment", DataTypes.StringType)
            .add("customers", DataTypes.LongType);
    Date d1 = Date.valueOf(D1);
    assertDataFrameEquals(
        df(
            t,
            row(d1, "Promoters", "Detractors", 1L),
            row(d1, "Passives", "Passives", 2L),
            row(d1, "Detractors", "Detractors", 1L),
            row(d1, "Not surveyed", "Not surveyed", 1L)),
        io().readSnapshot("segment_transitions", D2)
            .where("family = 'satisfaction'")
            .select("previous_snapshot_date", "from_segment", "to_segment", "customers"));
    StructType c =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("from_segment", DataTypes.StringType)
            .add("to_segment", DataTypes.StringType);
    assertDataFrameEquals(
        df(c, row("c1", "Promoters", "Detractors")),
        io().readSnapshot("segment_changes", D2)
            .where("family = 'satisfaction'")
            .select("customer_id", "from_segment", "to_segment"));
    assertEquals(0, io().readSnapshot("segment_changes", D1).count(), "D1 has no predecessor");
  }

  @Test
  void membershipIsTheLatestSnapshotWithWhenEachStayBegan() {
    // satisfaction at D2: c1 Promoters -> Detractors (changed, since D2); c3 merged into c5, whose
    // own Passives row enters at D2 (c3's row is deleted); c2, c4, c6 stay from D1.
    StructType m =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType)
            .add("since", DataTypes.DateType);
    Date d1 = Date.valueOf(D1);
    Date d2 = Date.valueOf(D2);
    Dataset<Row> membership = io().read("segment_membership");
    assertDataFrameEquals(
        df(
            m,
            row("c1", "Detractors", d2),
            row("c2", "Passives", d1),
            row("c4", "Detractors", d1),
            row("c5", "Passives", d2),
            row("c6", "Not surveyed", d1)),
        membership.where("family = 'satisfaction'").select("customer_id", "segment", "since"));
    assertDataFrameEquals(
        io().readSnapshot("customer_segments", D2).select("family", "segment", "customer_id"),
        membership.select("family", "segment", "customer_id"));
  }

  @Test
  void exportWritesMarketableMembersWithHashesOnly() throws IOException {
    // D2 Passives: c2 (not marketable) and c5 (marketable) -> only c5.
    Path out = Files.createTempDirectory("audience");
    int code =
        ClienteleMain.execute(
            "segment",
            "export",
            "--config",
            confFile.toString(),
            "--family",
            "satisfaction",
            "--segment",
            "Passives",
            "--out",
            out.toString());
    assertEquals(0, code, "exit code");
    Dataset<Row> got = SparkTest.spark().read().option("header", "true").csv(out.toString());
    StructType s =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("email_hash", DataTypes.StringType)
            .add("phone_hash", DataTypes.StringType);
    assertDataFrameEquals(df(s, row("c5", "eh5", "ph5")), got);
    assertEquals(
        3,
        ClienteleMain.execute(
            "segment",
            "export",
            "--config",
            confFile.toString(),
            "--family",
            "satisfaction",
            "--segment",
            "Nope",
            "--out",
            out.resolveSibling(out.getFileName() + "-2").toString()),
        "an unknown segment is an input error");
  }

  static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }
}
