package dev.clientele.reliability;

import dev.clientele.pipeline.SamplePipeline;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the job in its own JVM (so it can be killed, or run twice at once) or in this one, for
 * integration tests, and holds the one uninterrupted reference run of the samples that the
 * integration tests of this JVM share (each sample pipeline costs minutes on 2 cores).
 */
public final class ForkedRuns {
  /**
   * The HMAC key of every forked and in-process run, so that their hashed columns compare (Failsafe
   * gives this JVM the same key in CLIENTELE_HMAC_SECRET: jobs/pom.xml).
   */
  public static final String HMAC_SECRET = "reliability-it-secret";

  public static final String AS_OF = "2024-12-31";

  static final Path ROOT =
      Path.of(System.getProperty("clientele.project.dir", "..")).toAbsolutePath().normalize();

  private ForkedRuns() {}

  /** Starts {@code clientele <args>} in a new JVM from the thin jar + the test classpath. */
  static Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opens =
        Files.readAllLines(ROOT.resolve("conf/jvm-opens.properties")).stream()
            .filter(l -> l.startsWith("jvm.opens="))
            .findFirst()
            .orElseThrow()
            .substring("jvm.opens=".length());
    command.addAll(List.of(opens.split(" ")));
    command.add("-Xmx1536m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.clientele.cli.ClienteleMain");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("CLIENTELE_HMAC_SECRET", HMAC_SECRET);
    return pb.start();
  }

  static int run(Path log, String... args) throws Exception {
    Process p = start(log, args);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: see " + log);
    }
    return p.exitValue();
  }

  /**
   * Runs {@code clientele <args>} in this JVM, in its shared SparkSession, its output written to
   * {@code log}. Where a test needs no separate process (nothing killed, nothing concurrent) this
   * saves a JVM start and the JIT's warm-up: a minute of CPU per sample pipeline.
   */
  public static int inProcess(Path log, String... args) throws java.io.IOException {
    if (!HMAC_SECRET.equals(System.getenv("CLIENTELE_HMAC_SECRET"))) {
      throw new AssertionError(
          "CLIENTELE_HMAC_SECRET is not the forked runs' key (set by Failsafe in jobs/pom.xml)");
    }
    spark(); // the run then uses this session and leaves it open for the other tests
    dev.clientele.testkit.OutputCapture.Captured<Integer> run =
        dev.clientele.testkit.OutputCapture.during(
            () -> dev.clientele.cli.ClienteleMain.execute(args));
    Files.writeString(log, run.text());
    return run.result();
  }

  static String[] pipelineArgs(Path warehouse, String... extra) {
    return pipelineArgsAsOf(warehouse, AS_OF, extra);
  }

  /**
   * The warehouse of one uninterrupted pipeline on the samples as of {@link #AS_OF}, with the
   * settings of {@link #commandArgs}: the build's shared sample run ({@link SamplePipeline}, kept
   * from Surefire's JVM when its code is current), this JVM's copy. Read it or copy it.
   */
  public static synchronized Path reference() throws Exception {
    if (!HMAC_SECRET.equals(System.getenv("CLIENTELE_HMAC_SECRET"))) {
      throw new AssertionError(
          "CLIENTELE_HMAC_SECRET is not the forked runs' key (set by Failsafe in jobs/pom.xml)");
    }
    return SamplePipeline.warehouse();
  }

  static String[] pipelineArgsAsOf(Path warehouse, String asOf, String... extra) {
    return commandArgs("pipeline", warehouse, asOf, extra);
  }

  /** {@code clientele <command>} on the samples with the reference run's settings. */
  static String[] commandArgs(String command, Path warehouse, String asOf, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                command,
                "--as-of",
                asOf,
                "--config",
                ROOT.resolve("conf/samples.conf").toString(),
                "--set",
                "clientele.warehouse=" + warehouse,
                "--set",
                "clientele.clustering.k=3",
                "--set",
                "clientele.spark.master=local[2]",
                "--set",
                "clientele.spark.conf.\"spark.sql.shuffle.partitions\"=4"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  public static SparkSession spark() {
    return SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }

  public static String[] tables(Path warehouse) {
    String[] t =
        warehouse
            .toFile()
            .list(
                (dir, name) ->
                    !name.startsWith("_") && new File(dir, name + "/_delta_log").isDirectory());
    return t == null ? new String[0] : t;
  }

  /** Columns that say when and how long, not what: they differ between identical runs. */
  public static Dataset<Row> comparable(SparkSession spark, Path table) {
    return dev.clientele.testkit.ComparableTables.comparable(
        spark.read().format("delta").load(table.toString()));
  }

  /**
   * The tables where a warehouse's snapshot {@code asOf} differs from the reference run's, as
   * "table (n missing, m extra)". The warehouse may hold an earlier published snapshot {@code
   * previous}: snapshot tables are compared on {@code asOf} only, and transition tables must hold
   * exactly the {@code previous -> asOf} transitions (the reference, a first run, has none). With
   * {@code previous} null (a re-run of the reference's own snapshot) every table is compared whole.
   */
  public static java.util.List<String> differingTables(
      SparkSession spark, Path reference, Path warehouse, String asOf, String previous) {
    java.util.List<String> differing = new java.util.ArrayList<>();
    String snapshot = "snapshot_date = DATE'" + asOf + "'";
    for (String table : tables(reference)) {
      if (table.equals("runs")) {
        continue;
      }
      Dataset<Row> a = comparable(spark, reference.resolve(table));
      Dataset<Row> b = comparable(spark, warehouse.resolve(table));
      java.util.List<String> columns = java.util.Arrays.asList(a.columns());
      if (columns.contains("snapshot_date")) {
        a = a.where(snapshot);
        b = b.where(snapshot);
      }
      if (previous != null && columns.contains("previous_snapshot_date")) {
        if (a.count() != 0
            || b.count() == 0
            || b.where("previous_snapshot_date <> DATE'" + previous + "'").count() != 0) {
          differing.add(table + " (not exactly the transitions since " + previous + ")");
        }
        continue;
      }
      long missing = a.exceptAll(b).count();
      long extra = b.exceptAll(a).count();
      if (missing + extra > 0) {
        differing.add(table + " (" + missing + " missing, " + extra + " extra)");
      }
    }
    return differing;
  }
}
