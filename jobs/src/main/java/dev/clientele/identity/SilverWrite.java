package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How resolve writes silver {@code transactions}: one MERGE of what changed (bronze lines ingested
 * since silver's newest line, the lines of identity records whose customer_id moved, re-keyed, and
 * the deletes of lines gone from bronze), or today's full rewrite when the MERGE could differ from
 * it (full refresh, no silver or no previous map, a schema change, a duplicate line key, a run
 * stopped between silver and the identity map). Written before the identity map: the previous map
 * is what tells which records moved.
 */
final class SilverWrite {
  private SilverWrite() {}

  /**
   * The userMetadata prefix of every silver write by resolve; it carries the identity map's version
   * the write was made against and how many records it re-keyed (no personal value).
   */
  static final String MARKER = "clientele resolve transactions";

  private static final Pattern MARKER_FIELDS =
      Pattern.compile("map_version=(-?\\d+); rekeyed=(-?\\d+)");

  /** Map operations that write resolve's map (not an erasure's DELETE, nor maintenance). */
  private static final List<String> MAP_WRITES =
      List.of(
          "MERGE",
          "WRITE",
          "CREATE TABLE AS SELECT",
          "CREATE OR REPLACE TABLE AS SELECT",
          "REPLACE TABLE AS SELECT");

  /** The identity map before this run replaces it: rows (null when absent) and Delta version. */
  record PreviousMap(Dataset<Row> rows, long version) {}

  /**
   * Writes silver transactions and returns the run summary's {@code silver_transactions} entry:
   * mode, reason of a full rewrite, rows inserted / updated / deleted (Delta's merge metrics) or
   * rows written (a full rewrite).
   */
  static Map<String, Object> write(
      TableIO io,
      Dataset<Row> keyedTx,
      Dataset<Row> map,
      PreviousMap previous,
      boolean fullRefresh,
      String runId) {
    Dataset<Row> changed =
        previous.rows() == null
            ? null
            : SilverTransactions.changedNodes(previous.rows(), map)
                .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One row per record whose id moved: what a day's merges and new customers touch.
      long rekeyed = changed == null ? -1 : changed.count();
      String marker = MARKER + "; map_version=" + previous.version() + "; rekeyed=" + rekeyed;
      Dataset<Row> all = audited(SilverTransactions.of(keyedTx, map), runId);
      String reason = fullReason(io, fullRefresh, previous, all.schema());
      if (reason == null) {
        Dataset<Row> lines =
            SilverTransactions.linesToWrite(keyedTx, changed, newestIngest(io))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
          if (!duplicateKeys(keyedTx, lines)) {
            return merge(io, audited(SilverTransactions.of(lines, map), runId), keyedTx, marker)
                .with("records_rekeyed", rekeyed);
          }
          reason = "duplicate_keys";
        } finally {
          lines.unpersist();
        }
      }
      long v =
          io.withCommitMessage(marker, () -> io.overwrite(Tables.TRANSACTIONS, all, Cols.SOURCE));
      Map<String, String> m = io.operationMetrics(Tables.TRANSACTIONS, v);
      return new Entry("full")
          .with("reason", reason)
          .with("rows_written", Long.parseLong(m.getOrDefault("numOutputRows", "0")))
          .with("records_rekeyed", rekeyed);
    } finally {
      if (changed != null) {
        changed.unpersist();
      }
    }
  }

  /** The summary entry, in a stable key order. */
  static final class Entry extends LinkedHashMap<String, Object> {
    Entry(String mode) {
      put("mode", mode);
    }

    Entry with(String key, Object value) {
      put(key, value);
      return this;
    }
  }

  private static Entry merge(TableIO io, Dataset<Row> rows, Dataset<Row> keyedTx, String marker) {
    List<String> keys = lineKey();
    long before = io.version(Tables.TRANSACTIONS);
    // Deletes: silver lines whose key bronze no longer holds (erasure, a Delta source's delete),
    // by an anti-join on the key columns alone. Bronze's removed files would name only files, and
    // a file Delta rewrote for a delete still holds the other lines, so they would need this same
    // join on their rows; key columns are the cheapest complete answer.
    Dataset<Row> live = keyedTx.select(keys.stream().map(c -> col(c)).toArray(Column[]::new));
    long v =
        io.withCommitMessage(marker, () -> io.mergeKeyed(Tables.TRANSACTIONS, rows, live, keys));
    // Delta makes no commit when nothing changed: the version stays and nothing was written.
    Map<String, String> m = v == before ? Map.of() : io.operationMetrics(Tables.TRANSACTIONS, v);
    return new Entry("merge")
        .with("rows_inserted", metric(m, "numTargetRowsInserted"))
        .with("rows_updated", metric(m, "numTargetRowsUpdated"))
        .with("rows_deleted", metric(m, "numTargetRowsDeleted"));
  }

  private static long metric(Map<String, String> m, String name) {
    return Long.parseLong(m.getOrDefault(name, "0"));
  }

  /** The line key of bronze transactions as the catalogue declares it: source, order, line. */
  static List<String> lineKey() {
    return TableCatalogue.spec(Tables.BRONZE_TRANSACTIONS).orElseThrow().keys();
  }

  /** Silver rows: raw run_id of bronze replaced by this run's audit columns. */
  private static Dataset<Row> audited(Dataset<Row> tx, String runId) {
    return TableIO.withAudit(tx.drop(Cols.RUN_ID), runId);
  }

  /** Why the MERGE cannot stand for the full rewrite, or null when it can. */
  private static String fullReason(
      TableIO io, boolean fullRefresh, PreviousMap previous, StructType silver) {
    if (fullRefresh) {
      return "full_refresh";
    }
    if (!io.exists(Tables.TRANSACTIONS)) {
      return "no_silver";
    }
    if (previous.rows() == null) {
      return "no_previous_map";
    }
    if (!sameColumns(io.read(Tables.TRANSACTIONS).schema(), silver)) {
      return "schema_change";
    }
    return interrupted(io);
  }

  /** Same column names and types (nullability and comments aside) in any order. */
  private static boolean sameColumns(StructType table, StructType rows) {
    return columns(table).equals(columns(rows));
  }

  private static Map<String, String> columns(StructType t) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (StructField f : t.fields()) {
      out.put(f.name(), f.dataType().catalogString());
    }
    return out;
  }

  /**
   * "interrupted_run" when the last silver write re-keyed records and no identity map write
   * followed it (a run stopped between the two: silver holds ids of a map that never landed, so
   * comparing with the stored map would miss them), "no_marker" when silver was not written by this
   * code; else null.
   */
  private static String interrupted(TableIO io) {
    Matcher m =
        io.latestUserMetadata(Tables.TRANSACTIONS, MARKER).map(MARKER_FIELDS::matcher).orElse(null);
    if (m == null || !m.find()) {
      return "no_marker";
    }
    long mapVersion = Long.parseLong(m.group(1));
    if (Long.parseLong(m.group(2)) == 0) {
      // Nothing moved: silver holds the ids of the map before that run, which is still right.
      return null;
    }
    boolean mapFollowed =
        !io.history(Tables.CUSTOMER_IDENTITY_MAP)
            .where(col("version").gt(mapVersion).and(col("operation").isin(MAP_WRITES.toArray())))
            .isEmpty();
    return mapFollowed ? null : "interrupted_run";
  }

  /** The newest bronze ingest timestamp silver holds (null when it is empty). */
  private static Object newestIngest(TableIO io) {
    // One row: a max over one column.
    return io.read(Tables.TRANSACTIONS).agg(max(Cols.INGEST_TS)).first().get(0);
  }

  /**
   * Whether a line to write shares its key with another bronze line. A MERGE needs one source row
   * per key; checking only the keys being written (a small set) is enough: a duplicate among
   * untouched lines is already in silver as the full rewrite wrote it.
   */
  private static boolean duplicateKeys(Dataset<Row> keyedTx, Dataset<Row> lines) {
    List<String> keys = lineKey();
    Column[] k = keys.stream().map(c -> col(c)).toArray(Column[]::new);
    var seq = CollectionConverters.asScala(keys).toSeq();
    return !keyedTx
        .select(k)
        .join(lines.select(k).distinct(), seq, "left_semi")
        .groupBy(k)
        .count()
        .where(col("count").gt(1))
        .isEmpty();
  }
}
