package dev.clientele.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.clientele.run.AsOf;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code runs} table and the one definition of "published": a snapshot date is published when a
 * {@code runs} row for it says {@code status = 'success'}; that row is written last, so a crashed
 * or failed run never publishes. Every reader of that rule (back-fill, previous segments, the
 * report's earlier runs, the BI {@code _current} views) asks this class.
 */
public final class Runs {
  static final String STATUS = "status";
  static final String COMMAND = "command";
  static final String SUCCESS = "success";

  /** Back-fill skips a date only when a whole pipeline published it, not a single stage. */
  private static final List<String> PIPELINE_COMMANDS = List.of("pipeline", "backfill");

  private static final StructType SCHEMA =
      new StructType()
          .add(Cols.RUN_ID, DataTypes.StringType, false)
          .add(COMMAND, DataTypes.StringType, false)
          .add(Cols.SNAPSHOT_DATE, DataTypes.DateType, false)
          .add(STATUS, DataTypes.StringType, false)
          .add("error", DataTypes.StringType, true)
          .add("started_at_ts", DataTypes.TimestampType, false)
          .add("ended_at_ts", DataTypes.TimestampType, true)
          .add("config_hash", DataTypes.StringType, true)
          .add("jar_version", DataTypes.StringType, true)
          .add("git_commit", DataTypes.StringType, true)
          .add("summary_json", DataTypes.StringType, true)
          .add(Cols.COMPUTED_AT_TS, DataTypes.TimestampType, false);

  private final TableIO io;

  public Runs(TableIO io) {
    this.io = io;
  }

  /** What one run row records (the summary's figures; the JSON summary itself). */
  public record Entry(
      String runId,
      String command,
      LocalDate snapshotDate,
      String status,
      String error,
      Instant startedAt,
      String configHash,
      String jarVersion,
      String gitCommit,
      String summaryJson) {}

  /** Appends a run row; with status success this publishes the snapshot, so it comes last. */
  public void record(Entry e) {
    Timestamp now = Timestamp.from(Instant.now());
    Row row =
        RowFactory.create(
            e.runId(),
            e.command(),
            Date.valueOf(e.snapshotDate()),
            e.status(),
            e.error(),
            Timestamp.from(e.startedAt()),
            now,
            e.configHash(),
            e.jarVersion(),
            e.gitCommit(),
            e.summaryJson(),
            now);
    io.append(Tables.RUNS, io.spark().createDataFrame(List.of(row), SCHEMA));
  }

  /**
   * The publication rule on a {@code runs} row: a successful whole pipeline (or back-fill). A lone
   * stage (ingest, score, report, erase, an export) that succeeds publishes nothing, so a pipeline
   * killed half-way is never made visible by a later subcommand of the same date.
   */
  public static Column isPublishing() {
    return col(STATUS).equalTo(lit(SUCCESS)).and(col(COMMAND).isin(PIPELINE_COMMANDS.toArray()));
  }

  /**
   * The published version of each table: the latest version a publishing run recorded in its
   * summary's {@code tables_written}, or the last erasure delete committed after it ({@link
   * TableIO#deleteErased}), so that no pinned view still reads an erased person. Erasure deletes
   * republish whatever their run's status (a failed or killed erase is completed later, but its
   * deletes are in the table). Readers still take only published dates from that version: rows a
   * failed run wrote for a new date before the erasure stay hidden; a failed refresh of the
   * published date itself before an erasure shows through (re-run it). Empty without a runs table.
   */
  public Map<String, Long> publishedVersions() {
    Dataset<Row> runs = io.readIfExists(Tables.RUNS);
    Map<String, Long> out = new TreeMap<>();
    if (runs == null) {
      return out;
    }
    Column written =
        explode(
            from_json(
                get_json_object(col("summary_json"), "$.tables_written"),
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType)));
    // One row per table written by a publishing run: about twenty.
    for (Row r :
        runs.where(isPublishing())
            .select(written.as(new String[] {"table", "version"}))
            .groupBy("table")
            .agg(max("version"))
            .collectAsList()) {
      String table = r.getString(0);
      out.put(table, io.exists(table) ? afterErasures(table, r.getLong(1)) : r.getLong(1));
    }
    return out;
  }

  /** {@code pin}, or the last erasure delete after it: a version without the erased person. */
  private long afterErasures(String table, long pin) {
    // One row: the latest erasure commit since the pin.
    Row last =
        io.history(table)
            .where(col("version").gt(pin).and(col("userMetadata").equalTo(TableIO.ERASURE_COMMIT)))
            .agg(max("version"))
            .first();
    return last.isNullAt(0) ? pin : last.getLong(0);
  }

  /** Whether a whole pipeline (or back-fill) published this date: back-fill's skip rule. */
  public boolean publishedByPipeline(LocalDate date) {
    if (!io.exists(Tables.RUNS)) {
      return false;
    }
    return !io.read(Tables.RUNS)
        .where(AsOf.snapshotPredicate(date))
        .where(isPublishing())
        .isEmpty();
  }

  /**
   * The latest date of {@code table} matching {@code when} that is published. Without a runs table
   * every snapshot present counts (a warehouse written before runs existed).
   */
  public Optional<LocalDate> latestPublished(String table, Column when) {
    Dataset<Row> rows = io.readIfExists(table);
    if (rows == null) {
      return Optional.empty();
    }
    Dataset<Row> dates = rows.select(Cols.SNAPSHOT_DATE).where(when).distinct();
    Dataset<Row> runs = io.readIfExists(Tables.RUNS);
    if (runs != null) {
      Dataset<Row> published = runs.where(isPublishing()).select(Cols.SNAPSHOT_DATE).distinct();
      dates = dates.join(published, Cols.SNAPSHOT_DATE);
    }
    // One row: the maximum date.
    Row row = dates.agg(max(Cols.SNAPSHOT_DATE)).first();
    return row.isNullAt(0) ? Optional.empty() : Optional.of(row.getDate(0).toLocalDate());
  }

  /** The publishing rows of one date, newest first (the caller limits and selects). */
  public Dataset<Row> publishing(LocalDate date) {
    return io.read(Tables.RUNS)
        .where(AsOf.snapshotPredicate(date).and(isPublishing()))
        .orderBy(col("ended_at_ts").desc());
  }

  /**
   * The rows of the latest published snapshot of a table, as SQL (BI views need text): the latest
   * snapshot_date that has a successful run in {@code runsRef} and rows in the table.
   */
  public static String currentSnapshotSql(String tableRef, String runsRef) {
    return "SELECT * FROM "
        + tableRef
        + " WHERE snapshot_date = (SELECT max(r.snapshot_date) FROM "
        + runsRef
        + " r WHERE r."
        + STATUS
        + " = '"
        + SUCCESS
        + "'"
        + " AND r.snapshot_date IN (SELECT snapshot_date FROM "
        + tableRef
        + "))";
  }
}
