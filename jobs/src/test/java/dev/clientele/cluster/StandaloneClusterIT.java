package dev.clientele.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.reliability.ForkedRuns;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a real Spark standalone cluster (a master and two workers in their own JVMs, from
 * scripts/local-cluster.sh), submitted through spark-submit's own entry point, writes the same
 * tables (audit columns aside) as a local[2] run of the same code on the same input: the forked
 * reference run that the integration tests of this JVM share ({@link ForkedRuns#reference}), with
 * the same arguments and HMAC key.
 */
class StandaloneClusterIT {
  private static final Path ROOT =
      Path.of(System.getProperty("clientele.project.dir", "..")).toAbsolutePath().normalize();
  private static final String AS_OF = ForkedRuns.AS_OF;
  private static Path work;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() throws IOException {
    work = Files.createTempDirectory("clientele-cluster-it-");
    Runtime.getRuntime().addShutdownHook(new Thread(StandaloneClusterIT::stopCluster));
  }

  @AfterAll
  static void tearDown() {
    // The SparkSession is the JVM's shared one (other ITs read with it): not stopped here.
    stopCluster();
  }

  @Test
  void clusterRunEqualsLocalRun() throws Exception {
    Path local = ForkedRuns.reference();
    Path cluster = work.resolve("wh-cluster");
    String master;
    try {
      String started =
          run(List.of("bash", "scripts/local-cluster.sh", "start"), work.resolve("start.log"));
      // The URL is the script's last line; a build before it may leave escape codes on the line.
      java.util.regex.Matcher url =
          java.util.regex.Pattern.compile("spark://127\\.0\\.0\\.1:[0-9]+").matcher(started);
      master = null;
      while (url.find()) {
        master = url.group();
      }
      assertTrue(
          master != null, "a master URL in the output of local-cluster.sh start: " + started);
      assertTrue(master.startsWith("spark://127.0.0.1:"), "master URL: " + master);
      long t1 = System.nanoTime();
      submit(master, cluster);
      double clusterSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf("[cluster-it] standalone cluster run %.1f s%n", clusterSeconds);
    } finally {
      stopCluster();
    }
    compareWarehouses(local, cluster);
  }

  private static void submit(String master, Path warehouse) throws Exception {
    run(
        List.of(
            "bash",
            "scripts/submit.sh",
            "--master",
            master,
            // As in the reference run.
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.executor.memory=1g",
            "pipeline",
            "--as-of",
            AS_OF,
            "--set",
            "clientele.warehouse=" + warehouse,
            "--set",
            "clientele.clustering.k=3",
            // VACUUM lists every table with Spark's default 10,000-way parallelism: minutes on two
            // 1-core workers, and it is maintenance, not what this test compares.
            "--set",
            "clientele.outputs.vacuum=false",
            "--config",
            ROOT.resolve("conf/samples.conf").toString()),
        work.resolve("submit-" + warehouse.getFileName() + ".log"));
  }

  private static void compareWarehouses(Path a, Path b) {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .getOrCreate();
    String[] tables = a.toFile().list((dir, name) -> !name.startsWith("_") && !name.equals("runs"));
    assertTrue(
        tables != null && tables.length >= 8,
        "the local run wrote the tables: " + Arrays.toString(tables));
    List<String> differing = new ArrayList<>();
    for (String table : tables) {
      assertTrue(
          new File(b.toFile(), table + "/_delta_log").isDirectory(),
          "the cluster run wrote " + table);
      Dataset<Row> x =
          dev.clientele.testkit.ComparableTables.comparable(
              spark.read().format("delta").load(a.resolve(table).toString()));
      Dataset<Row> y =
          dev.clientele.testkit.ComparableTables.comparable(
              spark.read().format("delta").load(b.resolve(table).toString()));
      long missing = x.exceptAll(y).count();
      long extra = y.exceptAll(x).count();
      if (missing + extra > 0) {
        differing.add(table + " (" + missing + " local rows missing, " + extra + " extra)");
      }
    }
    assertEquals(List.of(), differing, "tables where the cluster run differs from the local one");
  }

  private static void stopCluster() {
    try {
      run(List.of("bash", "scripts/local-cluster.sh", "stop"), work.resolve("stop.log"));
    } catch (Exception e) {
      System.err.println("[cluster-it] stopping the cluster: " + e.getMessage());
    }
  }

  private static String run(List<String> command, Path log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("CLIENTELE_HMAC_SECRET", ForkedRuns.HMAC_SECRET);
    pb.environment().put("CLIENTELE_CLUSTER_DIR", work.resolve("cluster").toString());
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " timed out; log " + log);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), command + " failed; last output:\n" + tail(out));
    return out;
  }

  private static String tail(String s) {
    String[] lines = s.split("\n");
    return String.join(
        "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
