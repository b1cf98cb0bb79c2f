package dev.clientele.bi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableIO;
import dev.clientele.io.TableSpec;
import dev.clientele.reliability.ForkedRuns;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BI through a real SQL engine: a copy of the shared sample run ({@link ForkedRuns#reference}), a
 * local Trino 476 ({@code clientele bi}), the tables registered, and BI queries through trino-jdbc
 * compared with Spark's answers on the same tables. Fails, not skips, when Java 24+ or the server
 * cannot be had. The tests run in order: the later ones kill a run of a second snapshot among the
 * gold tables (nothing published, the pinned views stay on the first), then re-run it (published,
 * the views move, and what the killed run wrote is replaced, not added to); last, an erasure moves
 * the pinned views past its deletes. Starting from the shared run saves a pipeline of its own.
 */
@ExtendWith(SparkTest.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BiTrinoIT {
  /** The shared reference run's snapshot, published in the copied warehouse. */
  static final String FIRST = ForkedRuns.AS_OF;

  /** A month later: the run killed, then re-run. */
  static final String SECOND = "2025-01-31";

  static final String SCHEMA = "clientele";

  private static Path wh;
  private static String referenceRunId;
  private static int runs;
  private static TrinoServer server;
  private static Connection trino;
  private static Thread stopOnExit;

  @BeforeAll
  static void pipelineThenTrino() throws Exception {
    Path reference = ForkedRuns.reference();
    wh = Files.createTempDirectory("clientele-bi-it-").resolve("wh");
    // Delta logs name data files relative to the table: a copied warehouse is a valid one.
    org.apache.commons.io.FileUtils.copyDirectory(reference.toFile(), wh.toFile());
    referenceRunId = onlyValue(io().read("runs").where(col("status").equalTo("success")), "run_id");
    server = new TrinoServer(TrinoServer.stateOf("file:" + wh));
    stopOnExit = new Thread(server::stop, "stop-trino");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    long t0 = System.nanoTime();
    OutputCapture.Captured<Integer> start = OutputCapture.during(() -> bi("start"));
    assertEquals(0, start.result(), "bi start: " + start.text());
    System.out.printf("[BiTrinoIT] bi start %.1f s%n", (System.nanoTime() - t0) / 1e9);
    register();
    trino = DriverManager.getConnection(server.jdbcUrl(SCHEMA), "it", null);
  }

  @AfterAll
  static void stopTrino() throws SQLException {
    try {
      if (trino != null) {
        trino.close();
      }
    } finally {
      if (server != null) {
        server.stop();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      }
    }
  }

  @Test
  @Order(1)
  void everyTableButThePiiOnesIsRegisteredWithSparksRowCounts() throws SQLException {
    TableIO io = io();
    Set<String> expected = new TreeSet<>();
    for (TableSpec spec : TableCatalogue.all()) {
      if (io.exists(spec.name()) && !spec.holdsPersonalData()) {
        expected.add(spec.name());
        if (spec.isSnapshot()) {
          expected.add(spec.name() + "_current");
        }
      }
    }
    assertEquals(expected, TrinoCatalogue.tables(trino, SCHEMA), "tables and views in Trino");
    Map<String, Long> spark = new TreeMap<>();
    Map<String, Long> viaTrino = new TreeMap<>();
    for (String t : expected) {
      if (!t.endsWith("_current")) {
        spark.put(t, io.read(t).count());
        viaTrino.put(t, longOf("SELECT count(*) FROM " + TrinoCatalogue.quote(t)));
      }
    }
    assertEquals(spark, viaTrino, "row counts of every registered table, Spark vs Trino");
  }

  @Test
  @Order(2)
  void segmentSizesPerFamilyMatchSpark() throws SQLException {
    assertEquals(sparkSegmentSizes(), trinoSegmentSizes(), "segment sizes per family");
  }

  @Test
  @Order(3)
  void topTwentyPercentRevenueShareMatchesSpark() throws SQLException {
    Dataset<Row> metrics = current("customer_metrics");
    long n = metrics.count();
    long top = (long) Math.ceil(0.2 * n);
    // Two one-row aggregates; ties at the cut have the same revenue, so any of them gives the sum.
    BigDecimal topRevenue =
        metrics
            .orderBy(desc("monetary_net"))
            .limit((int) top)
            .agg(sum("monetary_net"))
            .first()
            .getDecimal(0);
    BigDecimal total = metrics.agg(sum("monetary_net")).first().getDecimal(0);
    BigDecimal spark = topRevenue.divide(total, 6, RoundingMode.HALF_UP);
    try (Statement st = trino.createStatement();
        ResultSet rs =
            st.executeQuery(
                "WITH ranked AS (SELECT monetary_net, row_number() OVER (ORDER BY monetary_net DESC)"
                    + " AS rn, count(*) OVER () AS n FROM customer_metrics_current)"
                    + " SELECT sum(CASE WHEN rn <= ceil(0.2 * n) THEN monetary_net END),"
                    + " sum(monetary_net) FROM ranked")) {
      assertTrue(rs.next());
      BigDecimal viaTrino =
          rs.getBigDecimal(1).divide(rs.getBigDecimal(2), 6, RoundingMode.HALF_UP);
      assertEquals(spark, viaTrino, "top-20 % revenue share");
    }
  }

  @Test
  @Order(4)
  void oneCustomerByIdMatchesSpark() throws SQLException {
    // One row: any customer of the current snapshot.
    Row expected =
        current("customer_metrics")
            .select("customer_id", "order_count", "monetary_net", "rfm_segment", "abc_class")
            .orderBy("customer_id")
            .first();
    try (PreparedStatement ps =
        trino.prepareStatement(
            "SELECT customer_id, order_count, monetary_net, rfm_segment, abc_class"
                + " FROM customer_metrics_current WHERE customer_id = ?")) {
      ps.setString(1, expected.getString(0));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "Trino finds the customer");
        assertEquals(expected.getLong(1), rs.getLong(2), "order_count");
        assertEquals(0, expected.getDecimal(2).compareTo(rs.getBigDecimal(3)), "monetary_net");
        assertEquals(expected.getString(3), rs.getString(4), "rfm_segment");
        assertEquals(expected.getString(4), rs.getString(5), "abc_class");
        assertTrue(!rs.next(), "one row per customer");
      }
    }
  }

  @Test
  @Order(5)
  void aRunOfASecondSnapshotKilledAmongTheGoldTablesPublishesNothing() throws Exception {
    Map<String, Long> before = currentCounts();
    // Halt (like kill -9: no shutdown hooks) with customer_clv committed, segments not yet.
    assertEquals(137, killedRun(SECOND, "customer_clv"), "the second run was killed mid-way");
    TableIO io = io();
    for (String table : ForkedRuns.tables(wh)) {
      assertTrue(io.read(table).count() >= 0, table + " is readable");
    }
    assertTrue(
        io.read("customer_clv").where(col("snapshot_date").equalTo(Date.valueOf(SECOND))).count()
            > 0,
        "control: the killed run got as far as customer_clv");
    Dataset<Row> runs = io.read("runs").where(col("status").equalTo("success"));
    assertEquals(
        0,
        runs.where(col("snapshot_date").equalTo(Date.valueOf(SECOND))).count(),
        "the interrupted snapshot is not published");
    assertEquals(1, runs.count(), "the first snapshot stays the published one");
    assertEquals(before, currentCounts(), "the pinned views did not move");
    register();
    assertCurrentEqualsSpark(FIRST);
    assertEquals(
        List.of(referenceRunId),
        trinoValues("SELECT DISTINCT run_id FROM customer_clv_current"),
        "Trino's current customer_clv is the published run's, not the killed one's");
    // What the killed run committed, to compare with the re-run (audit columns aside).
    for (String t : KILLED_RUN_WROTE) {
      Dataset<Row> rows = ForkedRuns.comparable(SparkTest.spark(), wh.resolve(t));
      if (List.of(rows.columns()).contains("snapshot_date")) {
        rows = rows.where(col("snapshot_date").equalTo(Date.valueOf(SECOND)));
      }
      afterKill.put(t, rows.localCheckpoint());
    }
  }

  @Test
  @Order(6)
  void theReRunIsPublishedAndReplacesWhatTheKilledRunWrote() throws Exception {
    assertEquals(0, pipeline(SECOND), "re-run of the second snapshot");
    assertEquals(
        2,
        io().read("runs").where(col("status").equalTo("success")).count(),
        "two published snapshots");
    register();
    assertCurrentEqualsSpark(SECOND);
    assertEquals(
        List.of("bi-it-" + SECOND + "-" + runs),
        trinoValues("SELECT DISTINCT run_id FROM customer_clv_current"),
        "the views moved to the re-run");
    long transitions =
        io().read("segment_transitions")
            .where(col("previous_snapshot_date").equalTo(Date.valueOf(FIRST)))
            .count();
    assertTrue(transitions > 0, "control: transitions from the first snapshot to the second");
    assertEquals(
        transitions,
        longOf(
            "SELECT count(*) FROM segment_transitions_current WHERE previous_snapshot_date = DATE '"
                + FIRST
                + "'"),
        "Trino's current transitions are Spark's");
    // Re-running an as-of replaces, never adds: the tables the killed run wrote are identical.
    for (String t : KILLED_RUN_WROTE) {
      Dataset<Row> now = ForkedRuns.comparable(SparkTest.spark(), wh.resolve(t));
      if (List.of(now.columns()).contains("snapshot_date")) {
        now = now.where(col("snapshot_date").equalTo(Date.valueOf(SECOND)));
      }
      Dataset<Row> then = afterKill.get(t);
      assertEquals(then.count(), now.count(), t + " did not grow");
      assertEquals(
          0, then.exceptAll(now).count() + now.exceptAll(then).count(), t + " is identical");
    }
  }

  /** The tables a run killed after customer_clv has written for its snapshot. */
  private static final List<String> KILLED_RUN_WROTE =
      List.of(
          "customer_identity_map",
          "unified_profiles",
          "transactions",
          "customer_metrics",
          "pareto_curve",
          "customer_clv");

  private static final Map<String, Dataset<Row>> afterKill = new TreeMap<>();

  @Test
  @Order(7)
  void anErasureMovesTheViewsPastItsDeletes() throws Exception {
    String customer =
        io().read("customer_identity_map")
            .where(col("source").equalTo("accounts").and(col("customer_key").equalTo("A0004")))
            .select("customer_id")
            .first()
            .getString(0);
    String lookup = "SELECT count(*) FROM customer_metrics_current WHERE customer_id = ?";
    assertEquals(1, countFor(lookup, customer), "control: Trino shows the customer before");
    // The erase finds this warehouse's Trino running and registers again itself.
    OutputCapture.Captured<Integer> erase =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    "erase",
                    "--customer-key",
                    "accounts:A0004",
                    "--as-of",
                    SECOND,
                    "--config",
                    SparkTest.projectDir().resolve("conf/samples.conf").toString(),
                    "--set",
                    "clientele.warehouse=" + wh));
    assertEquals(0, erase.result(), "erase: " + erase.text());
    assertTrue(erase.text().contains("[clientele] registered in"), "re-registered by the erase");
    assertEquals(0, countFor(lookup, customer), "the customer is gone from the pinned view");
    assertEquals(
        0,
        countFor("SELECT count(*) FROM customer_segments_current WHERE customer_id = ?", customer),
        "and from the segments");
    assertCurrentEqualsSpark(SECOND);
  }

  /** The one distinct value of a column (a run id: every row of a snapshot has the same). */
  private static String onlyValue(Dataset<Row> rows, String column) {
    List<Row> values = rows.select(column).distinct().limit(2).collectAsList();
    assertEquals(1, values.size(), "one distinct " + column);
    return values.get(0).getString(0);
  }

  private static List<String> trinoValues(String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = trino.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long countFor(String query, String value) throws SQLException {
    try (PreparedStatement ps = trino.prepareStatement(query)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), query);
        return rs.getLong(1);
      }
    }
  }

  private static void assertCurrentEqualsSpark(String published) throws SQLException {
    Map<String, Long> spark = new TreeMap<>();
    for (TableSpec spec : TableCatalogue.all()) {
      if (spec.isSnapshot() && io().exists(spec.name())) {
        spark.put(spec.name(), current(spec.name()).count());
      }
    }
    assertEquals(spark, currentCounts(), "_current row counts, Spark's currentQuery vs Trino");
    assertEquals(
        published,
        String.valueOf(longOrDate("SELECT max(snapshot_date) FROM customer_segments_current")),
        "the published snapshot");
    assertEquals(sparkSegmentSizes(), trinoSegmentSizes(), "segment sizes per family");
  }

  private static Map<String, Long> currentCounts() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    for (String t : TrinoCatalogue.tables(trino, SCHEMA)) {
      if (t.endsWith("_current")) {
        out.put(
            t.substring(0, t.length() - "_current".length()),
            longOf("SELECT count(*) FROM " + TrinoCatalogue.quote(t)));
      }
    }
    return out;
  }

  private static List<String> sparkSegmentSizes() {
    List<String> out = new ArrayList<>();
    // One row per family and segment: a few dozen.
    for (Row r :
        current("customer_segments").groupBy("family", "segment").count().collectAsList()) {
      out.add(r.getString(0) + "/" + r.getString(1) + "=" + r.getLong(2));
    }
    out.sort(null);
    return out;
  }

  private static List<String> trinoSegmentSizes() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = trino.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT family, segment, count(*) FROM customer_segments_current"
                    + " GROUP BY family, segment")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "/" + rs.getString(2) + "=" + rs.getLong(3));
      }
    }
    out.sort(null);
    return out;
  }

  /** Spark's current snapshot of a table: the project's own rule, TableCatalogue.currentQuery. */
  private static Dataset<Row> current(String table) {
    return SparkTest.spark().sql(TableCatalogue.currentQuery(io(), table));
  }

  private static TableIO io() {
    return new TableIO(SparkTest.spark(), "file:" + wh);
  }

  private static long longOf(String query) throws SQLException {
    try (Statement st = trino.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      assertTrue(rs.next(), query);
      return rs.getLong(1);
    }
  }

  private static Object longOrDate(String query) throws SQLException {
    try (Statement st = trino.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      assertTrue(rs.next(), query);
      return rs.getObject(1);
    }
  }

  private static void register() {
    OutputCapture.Captured<Integer> r = OutputCapture.during(() -> bi("register"));
    assertEquals(0, r.result(), "bi register: " + r.text());
  }

  private static int bi(String sub) {
    return ClienteleMain.execute("bi", sub, "--set", "clientele.warehouse=" + wh);
  }

  private static String[] pipelineArgs(String asOf, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "pipeline",
                "--as-of",
                asOf,
                "--config",
                SparkTest.projectDir().resolve("conf/samples.conf").toString(),
                "--set",
                "clientele.warehouse=" + wh,
                "--set",
                "clientele.clustering.k=3",
                "--run-id",
                "bi-it-" + asOf + "-" + (++runs)));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  /** A pipeline run in this JVM (nothing to kill): the JIT is warm, no JVM to start. */
  private static int pipeline(String asOf) throws Exception {
    Path log = wh.resolveSibling(wh.getFileName() + "-" + asOf + "-" + (runs + 1) + ".log");
    int code = ForkedRuns.inProcess(log, pipelineArgs(asOf, RUN_SETTINGS));
    if (code != 0) {
      System.err.println("[BiTrinoIT] run as of " + asOf + " exited " + code + "; log " + log);
    }
    return code;
  }

  /** The reference run's settings (ForkedRuns.pipelineArgs), so that the re-run compares. */
  private static final String[] RUN_SETTINGS = {
    "--set",
    "clientele.spark.master=local[2]",
    "--set",
    "clientele.spark.conf.\"spark.sql.shuffle.partitions\"=4"
  };

  /** A run in its own JVM, halted (like kill -9) right after it commits {@code table}. */
  private static int killedRun(String asOf, String table) throws Exception {
    return forked(asOf, "--set", "clientele.testing.halt-after-table=" + table);
  }

  private static int forked(String asOf, String... extra) throws Exception {
    Path root = SparkTest.projectDir();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opens =
        Files.readAllLines(root.resolve("conf/jvm-opens.properties")).stream()
            .filter(l -> l.startsWith("jvm.opens="))
            .findFirst()
            .orElseThrow()
            .substring("jvm.opens=".length());
    cmd.addAll(List.of(opens.split(" ")));
    cmd.addAll(List.of("-Xmx1536m", "-cp", System.getProperty("java.class.path")));
    cmd.add("dev.clientele.cli.ClienteleMain");
    List<String> args = new ArrayList<>(List.of(extra));
    args.addAll(List.of(RUN_SETTINGS));
    cmd.addAll(List.of(pipelineArgs(asOf, args.toArray(String[]::new))));
    Path log = wh.resolveSibling(wh.getFileName() + "-" + asOf + "-" + runs + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    // The key of the shared reference run: the re-run is compared with it.
    pb.environment().put("CLIENTELE_HMAC_SECRET", ForkedRuns.HMAC_SECRET);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the run timed out; see " + log);
    }
    if (p.exitValue() != 0) {
      System.err.println(
          "[BiTrinoIT] run as of " + asOf + " exited " + p.exitValue() + "; log " + log);
    }
    return p.exitValue();
  }
}
