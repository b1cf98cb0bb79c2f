package dev.clientele.spark;

import dev.clientele.Errors;
import dev.clientele.config.Settings;
import org.apache.spark.sql.SparkSession;

/**
 * {@code clientele.database} is for sessions with a persistent catalog (a Hive metastore, Unity
 * Catalog, Glue): in Spark's in-memory catalog the tables and views it registers vanish when the
 * job ends, so a run with that combination fails at start-up instead of registering in vain.
 */
public final class SessionCatalog {
  private SessionCatalog() {}

  /** Throws a configuration error when a database is set and the session's catalog is in-memory. */
  public static void requirePersistentFor(Settings settings, SparkSession spark) {
    String database = settings.database().trim();
    if (database.isEmpty() || !inMemory(spark)) {
      return;
    }
    throw Errors.config(
        "clientele.database = '"
            + database
            + "' registers tables in the Spark catalog, but this session's catalog is Spark's"
            + " in-memory one (spark.sql.catalogImplementation=in-memory), where they vanish when"
            + " the job ends; use a persistent catalog (a Hive metastore with"
            + " spark.sql.catalogImplementation=hive, or Unity Catalog / Glue as the default"
            + " catalog), or leave clientele.database empty and use the path tables or"
            + " 'clientele bi' (docs/bi.md)");
  }

  /** The default catalog is the session catalog and that one lives in memory. */
  static boolean inMemory(SparkSession spark) {
    var conf = spark.conf();
    String implementation = conf.get("spark.sql.catalogImplementation", "in-memory");
    String defaultCatalog = conf.get("spark.sql.defaultCatalog", "spark_catalog");
    String sessionCatalog =
        conf.get(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    boolean deltaOverSessionCatalog =
        sessionCatalog.equals("org.apache.spark.sql.delta.catalog.DeltaCatalog");
    return "in-memory".equals(implementation)
        && "spark_catalog".equals(defaultCatalog)
        && deltaOverSessionCatalog;
  }
}
