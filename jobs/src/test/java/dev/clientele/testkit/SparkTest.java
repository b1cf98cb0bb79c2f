package dev.clientele.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one local SparkSession for the whole test JVM ({@code local[2]}, 2 shuffle
 * partitions, UI off, Delta on, bound to 127.0.0.1) and a temporary warehouse per test class. Use
 * {@code @ExtendWith(SparkTest.class)} and {@link #spark()} / {@link #warehouse()}.
 */
public final class SparkTest implements BeforeAllCallback, AfterAllCallback {
  private static SparkSession session;
  private static Path warehouse;

  public static synchronized SparkSession spark() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("clientele-tests")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
              .getOrCreate();
      // The same session is reused by SparkSessions.create (getOrCreate) in stage tests.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  /** The temporary warehouse of the running test class (a fresh directory per class). */
  public static Path warehouse() {
    return warehouse;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    spark();
    warehouse = Files.createTempDirectory("clientele-wh-");
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (warehouse != null && Files.exists(warehouse)) {
      try (Stream<Path> files = Files.walk(warehouse)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The repository root (Surefire runs in jobs/). */
  public static Path projectDir() {
    return Path.of(System.getProperty("clientele.project.dir", "..")).toAbsolutePath().normalize();
  }

  /** ../shared beside the repository, where the reference data sets live. */
  public static Path sharedDir() {
    return Path.of(System.getProperty("clientele.shared.dir", "../../shared"))
        .toAbsolutePath()
        .normalize();
  }
}
