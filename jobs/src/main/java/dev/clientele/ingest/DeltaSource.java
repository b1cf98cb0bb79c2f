package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.clientele.Errors;
import dev.clientele.config.SourceSettings;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads an upstream Delta table by version: the snapshot at its current version (first read, full
 * refresh, or a table without Change Data Feed), or, with Change Data Feed, only the changes of the
 * versions after the last one read. Rows carry the file columns of {@link SourceReader}: the path
 * is {@code <table>@v<commit version>}, the size the commit version, the time its timestamp.
 */
public final class DeltaSource {
  static final String CHANGE_TYPE = "_change_type";
  private static final String COMMIT_VERSION = "_commit_version";
  private static final String COMMIT_TS = "_commit_timestamp";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeltaSource.class);

  private DeltaSource() {}

  /**
   * What one run reads of the table.
   *
   * @param upserts rows to insert or replace by key (a snapshot: every row)
   * @param deletes rows deleted upstream (pre-images; null for a snapshot)
   * @param snapshot true: the rows replace every bronze row of the source
   */
  public record Read(long version, Dataset<Row> upserts, Dataset<Row> deletes, boolean snapshot) {}

  /** The table's current version (one row of its history). */
  public static long currentVersion(SparkSession spark, SourceSettings s) {
    try {
      return DeltaTable.forPath(spark, s.path()).history(1).select("version").first().getLong(0);
    } catch (RuntimeException e) {
      throw Errors.input(
          "source '"
              + s.name()
              + "': "
              + s.path()
              + " is not a readable Delta table: "
              + SourceReader.firstLine(e.getMessage()));
    }
  }

  /**
   * The changes after {@code last} up to {@code current} when the table has Change Data Feed and
   * its feed covers them; otherwise the snapshot at {@code current} ({@code last} null: first read
   * or full refresh).
   */
  public static Read read(SparkSession spark, SourceSettings s, Long last, long current) {
    if (last != null && changeDataFeed(spark, s)) {
      try {
        Dataset<Row> changes =
            spark
                .read()
                .format("delta")
                .option("readChangeFeed", "true")
                .option("startingVersion", last + 1)
                .option("endingVersion", current)
                .load(s.path());
        // Planning the read checks that the feed covers the range (enabled, not vacuumed).
        changes.queryExecution().executedPlan();
        Column type = col(CHANGE_TYPE);
        return new Read(
            current,
            withFileColumns(changes.where(type.isin("insert", "update_postimage")), s),
            withFileColumns(changes.where(type.equalTo("delete")), s),
            false);
      } catch (Exception e) { // AnalysisException, which Scala throws undeclared
        // The feed does not cover the range (enabled later, or its log is gone): re-read all.
        LOG.warn(
            "source '{}': no change data for versions {} to {}, reading the snapshot: {}",
            s.name(),
            last + 1,
            current,
            SourceReader.firstLine(e.getMessage()));
      }
    }
    Dataset<Row> snapshot =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", current)
            .load(s.path())
            .withColumn(COMMIT_VERSION, lit(current))
            .withColumn(COMMIT_TS, lit(null).cast("timestamp"));
    return new Read(current, withFileColumns(snapshot, s), null, true);
  }

  private static boolean changeDataFeed(SparkSession spark, SourceSettings s) {
    Row detail = DeltaTable.forPath(spark, s.path()).detail().select("properties").first();
    Map<String, String> props = detail.getJavaMap(0);
    return "true".equalsIgnoreCase(props.getOrDefault("delta.enableChangeDataFeed", "false"));
  }

  /** The lineage value of the rows of one upstream version ({@code ingest_file} in bronze). */
  public static String versionToken(SourceSettings s, long version) {
    return s.path() + "@v" + version;
  }

  private static Dataset<Row> withFileColumns(Dataset<Row> df, SourceSettings s) {
    List<String> meta = List.of(CHANGE_TYPE, COMMIT_VERSION, COMMIT_TS);
    Column[] data =
        Arrays.stream(df.columns())
            .filter(c -> !meta.contains(c))
            .map(c -> col(SourceReader.q(c)))
            .toArray(Column[]::new);
    return df.withColumn(SourceReader.RAW, to_json(struct(data)))
        .withColumn(SourceReader.MALFORMED, lit(false))
        .withColumn(
            SourceReader.FILE_PATH,
            concat(lit(s.path() + "@v"), col(COMMIT_VERSION).cast("string")))
        .withColumn(SourceReader.FILE_SIZE, col(COMMIT_VERSION).cast("long"))
        .withColumn(SourceReader.FILE_MTIME, col(COMMIT_TS))
        .drop(meta.toArray(String[]::new));
  }
}
