package dev.clientele.report;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the report stage on small tables whose aggregates are worked out by hand below, and reads
 * the figures and charts back out of the HTML.
 */
@ExtendWith(SparkTest.class)
class ReportStageTest {
  static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
  static final Date D = Date.valueOf(AS_OF);
  static final Date PREV = Date.valueOf("2024-05-31");
  static final String RUN = "run-1";
  static final double TOL = 1e-12;

  static Path full;
  static HtmlProbe report;
  static StageResult result;

  @BeforeAll
  static void runOnSmallTables() throws Exception {
    full = SparkTest.warehouse().resolve("full");
    ReportFixtures.write(new TableIO(SparkTest.spark(), "file:" + full));
    result = new ReportStage().run(context(full, summaryWithIngestAndScore()));
    Path html = full.resolve("_runs/2024-06-30/run-1.html");
    report = new HtmlProbe(Files.readString(html));
    // -Dclientele.report.keep=FILE keeps a copy to look at (e.g. scripts/screenshot-report.sh).
    String keep = System.getProperty("clientele.report.keep");
    if (keep != null) {
      Files.copy(html, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void headlineFiguresEqualTheHandWorkedAggregates() {
    // Snapshot 2024-06-30 has c1..c8 (the 2024-05-31 row of c1 must be ignored).
    assertEquals(8, report.figureLong("customers"), "every customer of the snapshot");
    // active-statuses new/loyal/active: c1 loyal, c2 active, c3 new (c4 is inactive).
    assertEquals(3, report.figureLong("active_customers"), "active = new + active + loyal");
    // 500 + 300 + 100 + 50 + 50 - 20 + 0 (c7 is a prospect with no revenue).
    assertEquals(new BigDecimal("980.00"), new BigDecimal(report.figure("revenue")), "revenue");
    // Pareto curve at 20 % of customers: the top 1 of 5 = 500 / 1000.
    assertEquals(0.5, report.figureDouble("top20_revenue_share"), TOL, "top 20 % share");
    // Ascending 50, 50, 100, 300, 500: sum (2i - n - 1) x_i / (n sum x)
    // = (-4*50 - 2*50 + 0 + 2*300 + 4*500) / (5 * 1000) = 2300 / 5000.
    assertEquals(0.46, report.figureDouble("gini"), TOL, "Gini of positive net revenue");
    assertFalse(report.contains("class=\"warn\""), "score's reported figures agree");
    // Every configured status has its row, in rule order then the default: nobody is a hot
    // prospect (0); c7 cold, c8 lost, c4 inactive, c3 new, c5 and c6 at risk, c1 loyal, c2 active.
    Map<String, Long> lifecycle = new LinkedHashMap<>();
    lifecycle.put("prospect_hot", 0L);
    lifecycle.put("prospect_cold", 1L);
    lifecycle.put("lost", 1L);
    lifecycle.put("inactive", 1L);
    lifecycle.put("new", 1L);
    lifecycle.put("at_risk", 2L);
    lifecycle.put("loyal", 1L);
    lifecycle.put("active", 1L);
    lifecycle.forEach(
        (status, n) ->
            assertEquals(n, report.figureLong("lifecycle_" + status), "customers " + status));
    Matcher rows =
        Pattern.compile("data-figure=\"lifecycle_([a-z0-9_]+)\"")
            .matcher(report.section("headline"));
    List<String> order = new ArrayList<>();
    while (rows.find()) {
      order.add(rows.group(1));
    }
    assertEquals(List.copyOf(lifecycle.keySet()), order, "the lifecycle table in rule order");
    assertEquals(-9582.43, report.figureDouble("log_likelihood_bgnbd"), TOL, "BG/NBD fit");
    assertEquals(-4053.1, report.figureDouble("log_likelihood_gamma_gamma"), TOL, "GG fit");
    assertEquals(0.125, report.figureDouble("holdout_mae"), TOL, "holdout MAE");
  }

  @Test
  void lifecycleCountsFollowTheConfiguredNames() {
    // Configured: vip (nobody), loyal (c1); the snapshot's other statuses follow in name order:
    // active c2, at_risk c5 c6, inactive c4, lost c8, new c3, prospect_cold c7. Active: loyal only.
    MetricsAggregates.Counts c =
        MetricsAggregates.counts(
            ReportFixtures.metrics().where("snapshot_date = DATE'2024-06-30'"),
            List.of("vip", "loyal"),
            List.of("loyal"));
    assertEquals(1, c.active(), "c1");
    assertEquals(8, c.customers());
    assertEquals(
        List.of(
            Map.entry("vip", 0L),
            Map.entry("loyal", 1L),
            Map.entry("active", 1L),
            Map.entry("at_risk", 2L),
            Map.entry("inactive", 1L),
            Map.entry("lost", 1L),
            Map.entry("new", 1L),
            Map.entry("prospect_cold", 1L)),
        List.copyOf(c.lifecycle().entrySet()));
  }

  @Test
  void aLevelNamingAnUnconfiguredStatusStopsTheReportAtStartUp() {
    Settings s =
        new Settings(
            ConfigLoader.load(
                null,
                null,
                List.of(
                    "clientele.lifecycle.levels.risk-high = \"lifecycle_status IN ('at_risk',"
                        + " 'churned')\""),
                Map.of()));
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> new ReportStage().validate(s));
    assertTrue(
        e.getMessage()
            .contains(
                "clientele.lifecycle.levels.risk-high compares lifecycle_status"
                    + " with 'churned'"),
        e.getMessage());
  }

  @Test
  void everyChartIsEmbeddedAsADecodablePng() {
    for (String id :
        List.of(
            "chart-pareto",
            "chart-rfm",
            "chart-segments-rfm",
            "chart-segment-revenue-rfm",
            "chart-segments-value-tier",
            "chart-segment-revenue-value-tier",
            "chart-clv-histogram",
            "chart-clv-holdout",
            "chart-transitions-rfm",
            "chart-personas")) {
      report.chart(id);
    }
    assertFalse(report.contains("Not available"), "every table exists, so no section is missing");
    assertFalse(
        report.contains("http://")
            || report.contains("https://")
            || report.contains("<script")
            || report.contains("<link"),
        "self-contained: nothing is loaded from elsewhere");
  }

  @Test
  void rfmGridAndParetoBoundariesAreTheHandCounts() {
    // (R, F) -> customers, average net revenue.
    String[][] cells = {
      {"r5-f5", "1", "500.0"},
      {"r4-f4", "1", "300.0"},
      {"r5-f1", "1", "100.0"},
      {"r2-f2", "2", "50.0"},
      {"r1-f1", "2", "-10.0"}
    };
    for (String[] c : cells) {
      assertEquals(c[1], report.attrOf("data-cell", c[0], "data-customers"), "count " + c[0]);
      assertEquals(
          Double.parseDouble(c[2]),
          Double.parseDouble(report.attrOf("data-cell", c[0], "data-avg-monetary")),
          TOL,
          "average monetary " + c[0]);
    }
    // 5 customers with positive revenue: A = c1, c2 (40 %); A + B = c1..c4 (80 %).
    String pareto = report.section("pareto");
    assertTrue(pareto.contains("class A ends (40.0 % of customers)"), "A boundary");
    assertTrue(pareto.contains("class B ends (80.0 %)"), "B boundary");
  }

  @Test
  void clvHistogramBucketsAreComputedInSpark() {
    // 1.5 -> [1,2); 3.0 and 4.99 -> [2,5); 120 -> [100,200); 200 -> [200,500); 0 and null hidden.
    Map<String, String> buckets = Map.of("1.0", "1", "2.0", "2", "100.0", "1", "200.0", "1");
    buckets.forEach(
        (lower, n) ->
            assertEquals(
                n, report.attrOf("data-bucket", lower, "data-customers"), "bucket " + lower));
    assertEquals(2, report.figureLong("clv_not_shown"), "zero and missing CLV");
    assertFalse(report.contains("data-bucket=\"5.0\""), "the old snapshot's 7.0 is not counted");
  }

  @Test
  void segmentsTransitionsPersonasAndQualityShowTheTables() {
    assertEquals("4", report.attrOf("data-segment", "rfm/Others", "data-customers"), "segment");
    assertEquals(
        "2",
        report.attrOf("data-transition", "rfm/Others/Champions", "data-customers"),
        "transition count");
    assertEquals(
        "3",
        report.attrOf("data-transition", "rfm/(none)/Others", "data-customers"),
        "customers new to the family");
    assertEquals("3", report.attrOf("data-cluster", "1", "data-customers"), "persona size");
    assertTrue(report.section("personas").contains("Big spenders"), "persona label");
    assertEquals(12, report.figureLong("read_pos"), "rows read from pos (run summary)");
    assertEquals(9, report.figureLong("accepted_pos"), "rows accepted from pos");
    assertEquals(1, report.figureLong("quarantined_web"), "rows quarantined from web");
    // Quarantine rows: pos/bad_amount twice (once this run), pos/missing_event_ts once (this
    // run), web/bad_amount once (an earlier run).
    assertEquals("2", report.attrOf("data-quarantine", "pos/bad_amount", "data-rows"), "pos");
    assertEquals(
        "1",
        report.attrOf("data-quarantine", "pos/bad_amount", "data-rows-this-run"),
        "pos this run");
    assertEquals(
        "0",
        report.attrOf("data-quarantine", "web/bad_amount", "data-rows-this-run"),
        "web this run");
  }

  @Test
  void writesTheRunReportAndTheLatestNextToTheSummary() throws Exception {
    Path dir = full.resolve("_runs/2024-06-30");
    assertEquals("file:" + dir.resolve("run-1.html"), result.details().get("report_path"));
    assertEquals(
        Files.readString(dir.resolve("run-1.html")),
        Files.readString(dir.resolve("report.html")),
        "report.html is the latest run's report");
    assertEquals(8, result.rowsIn(), "rows in: customers of the snapshot");
  }

  @Test
  void missingTablesGiveNotAvailableSectionsAndTheReportStillRenders() throws Exception {
    Path empty = SparkTest.warehouse().resolve("empty");
    new ReportStage()
        .run(context(empty, new RunSummary("run-2", "report", "2024-06-30", Instant.now(), "h")));
    HtmlProbe probe =
        new HtmlProbe(Files.readString(empty.resolve("_runs/2024-06-30/report.html")));
    for (String section :
        List.of(
            "headline",
            "pareto",
            "rfm",
            "segments",
            "clv",
            "transitions",
            "personas",
            "data-quality")) {
      assertTrue(probe.section(section).contains("Not available"), section + " says so");
    }
    assertFalse(probe.contains("<figure"), "no chart without data");
  }

  @Test
  void giniIsTheSameWhetherTiesCarryRunningOrEndShares() {
    StructType s =
        new StructType()
            .add("monetary_net", DataTypes.createDecimalType(18, 2))
            .add("cum_revenue_share", DataTypes.DoubleType);
    // The fixture's c4/c5 tie with running shares 0.95, 1.0 instead of 1.0, 1.0; same 0.46.
    var running =
        df(
            s,
            row(dec("500"), 0.5),
            row(dec("300"), 0.8),
            row(dec("100"), 0.9),
            row(dec("50"), 0.95),
            row(dec("50"), 1.0),
            row(dec("-5"), null));
    assertEquals(0.46, MetricsAggregates.gini(running), TOL, "running shares within a tie");
  }

  @Test
  void reportAloneTakesStageFactsFromTheLatestSuccessfulRunOfTheDate() {
    TableIO io =
        new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse().resolve("runs-only"));
    StructType runs =
        new StructType()
            .add("snapshot_date", DataTypes.DateType)
            .add("status", DataTypes.StringType)
            .add("ended_at_ts", DataTypes.TimestampType)
            .add("summary_json", DataTypes.StringType)
            .add("command", DataTypes.StringType);
    String older = summaryWithIngestAndScore().toJson();
    String newer = older.replace("\"gini\" : 0.46", "\"gini\" : 0.4");
    String failed = older.replace("\"gini\" : 0.46", "\"gini\" : 0.9");
    io.append(
        Tables.RUNS,
        df(
            runs,
            row(D, "success", java.sql.Timestamp.valueOf("2024-07-01 01:00:00"), older, "pipeline"),
            row(D, "success", java.sql.Timestamp.valueOf("2024-07-01 02:00:00"), newer, "pipeline"),
            row(D, "failed", java.sql.Timestamp.valueOf("2024-07-01 03:00:00"), failed, "pipeline"),
            row(
                PREV,
                "success",
                java.sql.Timestamp.valueOf("2024-07-01 04:00:00"),
                failed,
                "pipeline")));
    RunSummary alone = new RunSummary("run-4", "report", AS_OF.toString(), Instant.now(), "h");
    RunFacts facts = RunFacts.of(alone, io, AS_OF);
    assertEquals(0.4, facts.number("score", "gini"), TOL, "the latest successful run of the date");
    long posRead =
        facts.sources().stream()
            .filter(q -> q.source().equals("pos"))
            .findFirst()
            .orElseThrow()
            .read();
    assertEquals(12, posRead, "ingest counts of that run");
  }

  @Test
  void giniEqualsTheMeanAbsoluteDifferenceDefinitionOnIrregularData() {
    // Reference: G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), on 40 positive values with ties,
    // plus non-positive rows that must be left out; cumulative shares computed here, largest first.
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1 + (i * 37 % 11) * (i % 3 == 0 ? 10 : 1);
    }
    double[] desc =
        java.util.Arrays.stream(x)
            .boxed()
            .sorted(java.util.Comparator.reverseOrder())
            .mapToDouble(Double::doubleValue)
            .toArray();
    double total = java.util.Arrays.stream(x).sum();
    double diff = 0;
    for (double a : x) {
      for (double b : x) {
        diff += Math.abs(a - b);
      }
    }
    double expected = diff / (2.0 * x.length * x.length * (total / x.length));
    StructType s =
        new StructType()
            .add("monetary_net", DataTypes.createDecimalType(18, 2))
            .add("cum_revenue_share", DataTypes.DoubleType);
    List<Object[]> rows = new java.util.ArrayList<>();
    double cum = 0;
    for (double v : desc) {
      cum += v;
      rows.add(row(dec(String.valueOf(v)), cum / total));
    }
    rows.add(row(dec("0"), null));
    rows.add(row(dec("-3"), null));
    double gini = MetricsAggregates.gini(df(s, rows.toArray(new Object[0][])));
    assertEquals(expected, gini, 1e-9, "Gini by the mean absolute difference definition");
  }

  static BigDecimal dec(String v) {
    return new BigDecimal(v).setScale(2);
  }

  static RunContext context(Path warehouse, RunSummary summary) {
    Settings settings =
        new Settings(
            ConfigLoader.load(null, null, List.of("clientele.warehouse=" + warehouse), Map.of()));
    TableIO io = new TableIO(SparkTest.spark(), settings.warehouse());
    return new RunContext(
        settings,
        SparkTest.spark(),
        io,
        summary.get("run_id").toString(),
        AS_OF,
        Instant.now(),
        summary);
  }

  static RunSummary summaryWithIngestAndScore() {
    RunSummary s = new RunSummary(RUN, "pipeline", AS_OF.toString(), Instant.now(), "h");
    Map<String, Object> sources =
        Map.of(
            "pos",
                Map.of(
                    "read",
                    12,
                    "accepted",
                    9,
                    "quarantined",
                    3,
                    "reasons",
                    Map.of("bad_amount", 2, "missing_event_ts", 1)),
            "web",
                Map.of(
                    "read",
                    5,
                    "accepted",
                    4,
                    "quarantined",
                    1,
                    "reasons",
                    Map.of("bad_amount", 1)));
    s.stage("ingest", new StageResult(17, 13).detail("sources", sources), 1.0);
    s.stage(
        "score",
        new StageResult(13, 8).detail("top20_revenue_share", 0.5).detail("gini", 0.46),
        1.0);
    return s;
  }
}
