package dev.clientele.spark;

import dev.clientele.config.Settings;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

/** The only place a SparkSession is built: Delta extension and catalog, time zone, app name. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(Settings settings) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(settings.config().getString("clientele.spark.app-name"))
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", settings.timeZone().getId())
            // Gold tables carry statistics on customer_id for data skipping.
            .config("spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "8");
    String master = settings.sparkMaster();
    // Under spark-submit the master comes from the command line; only set it when configured.
    if (master != null && !master.isBlank() && System.getProperty("spark.master") == null) {
      builder.master(master);
    }
    for (Map.Entry<String, String> e : settings.sparkConf().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    // No checkpoint directory here: building a session writes nothing under the warehouse (a run
    // checks the warehouse's key first; see useCheckpointsUnderWarehouse).
    return builder.getOrCreate();
  }

  /**
   * Removes this run's checkpoint folder (the identity graph of its rounds: node ids, which are
   * source keys) when the run ends, success or failure. A killed JVM leaves its folder behind.
   */
  public static void removeRunCheckpoints(SparkSession spark) {
    scala.Option<String> dir = spark.sparkContext().getCheckpointDir();
    if (dir.isEmpty()) {
      return;
    }
    Path p = new Path(dir.get());
    try {
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      LoggerFactory.getLogger(SparkSessions.class)
          .warn("could not remove the run's checkpoint folder: {}", e.getClass().getSimpleName());
    }
  }

  /** Reliable checkpoints (identity graph iterations) go under the warehouse's _checkpoints/. */
  public static void useCheckpointsUnderWarehouse(SparkSession spark, Settings settings) {
    spark.sparkContext().setCheckpointDir(settings.warehouse() + "/_checkpoints");
  }
}
