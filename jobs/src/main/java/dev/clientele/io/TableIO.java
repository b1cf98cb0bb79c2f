package dev.clientele.io;

import dev.clientele.Errors;
import dev.clientele.run.AsOf;
import dev.clientele.schema.Cols;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The only code that reads or writes Delta tables. Snapshot tables are rewritten per snapshot with
 * {@code replaceWhere}; current-state tables with MERGE. Every commit is recorded (table and
 * version) so the run summary can list what was written.
 */
public final class TableIO {
  private final SparkSession spark;
  private final String warehouse;
  private final String haltAfterTable;
  private final boolean documentOnCreate;
  private final Map<String, Long> versionsWritten = new LinkedHashMap<>();
  private final Set<String> documented = new HashSet<>();

  public TableIO(SparkSession spark, String warehouse) {
    this(spark, warehouse, "", true);
  }

  /**
   * @param haltAfterTable test-only fault injection: halt the JVM right after the first commit to
   *     this table ("" = never)
   * @param documentOnCreate a catalogue table is created with its comments and statistics columns
   *     in its first commit (clientele.outputs.comments), not documented by later ALTERs
   */
  public TableIO(
      SparkSession spark, String warehouse, String haltAfterTable, boolean documentOnCreate) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.haltAfterTable = Objects.requireNonNull(haltAfterTable);
    this.documentOnCreate = documentOnCreate;
  }

  /**
   * Appends the audit columns run_id and computed_at_ts (replaced in place when present), the one
   * definition the stages stamp their rows with before writing them.
   */
  public static Dataset<Row> withAudit(Dataset<Row> rows, String runId) {
    return rows.withColumn(Cols.RUN_ID, functions.lit(runId))
        .withColumn(Cols.COMPUTED_AT_TS, functions.current_timestamp());
  }

  public SparkSession spark() {
    return spark;
  }

  public String path(String table) {
    return warehouse + "/" + table;
  }

  public String warehouse() {
    return warehouse;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  public Dataset<Row> read(String table) {
    if (!exists(table)) {
      throw Errors.missingTable(table, producer(table));
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Reads the table or, when it does not exist yet, returns null. */
  public Dataset<Row> readIfExists(String table) {
    return exists(table) ? spark.read().format("delta").load(path(table)) : null;
  }

  /** Rows of one snapshot of a snapshot table. */
  public Dataset<Row> readSnapshot(String table, LocalDate snapshotDate) {
    return read(table).where(AsOf.snapshotPredicate(snapshotDate));
  }

  /**
   * Replaces exactly one snapshot of a table partitioned by {@code snapshot_date} (plus optional
   * further partition columns): re-running a date replaces that date and nothing else.
   */
  public long replaceSnapshot(
      String table, Dataset<Row> rows, LocalDate snapshotDate, String... extraPartitionColumns) {
    String[] partitions = new String[extraPartitionColumns.length + 1];
    partitions[0] = "snapshot_date";
    System.arraycopy(extraPartitionColumns, 0, partitions, 1, extraPartitionColumns.length);
    return commit(
        table,
        () -> {
          if (!createDocumented(table, rows, partitions)) {
            // mergeSchema: columns a release adds (e.g. customer_metrics' timing features) join
            // the existing table, older snapshots reading null; incompatible types still fail.
            rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .partitionBy(partitions)
                .option("replaceWhere", AsOf.snapshotSql(snapshotDate))
                .option("mergeSchema", "true")
                .save(path(table));
          }
        });
  }

  /** Replaces the rows matching a predicate (e.g. one ingest batch), keeping the rest. */
  public long replaceWhere(
      String table, Dataset<Row> rows, String predicate, String... partitionColumns) {
    return commit(
        table,
        () -> {
          if (!createDocumented(table, rows, partitionColumns)) {
            var writer =
                rows.write().format("delta").mode(SaveMode.Overwrite).partitionBy(partitionColumns);
            if (exists(table)) {
              // mergeSchema: a column a release adds (ingested_files.table_version,
              // bronze_customers.attributes) joins a table written before it, older rows reading
              // null.
              writer = writer.option("replaceWhere", predicate).option("mergeSchema", "true");
            }
            writer.save(path(table));
          }
        });
  }

  /** Replaces the whole table (schema included) in one commit; readers see old or new. */
  public long overwrite(String table, Dataset<Row> rows, String... partitionColumns) {
    return commit(
        table,
        () -> {
          if (!createDocumented(table, rows, partitionColumns)) {
            // The new schema replaces the old one, comments included: they travel with the rows.
            commented(table, rows)
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true")
                .partitionBy(partitionColumns)
                .save(path(table));
          }
        });
  }

  public long append(String table, Dataset<Row> rows, String... partitionColumns) {
    return commit(
        table,
        () -> {
          if (!createDocumented(table, rows, partitionColumns)) {
            rows.write()
                .format("delta")
                .mode(SaveMode.Append)
                .partitionBy(partitionColumns)
                .save(path(table));
          }
        });
  }

  /**
   * Whether this process created the table with its catalogue documentation (comments and
   * statistics columns) in the first commit: {@link TableCatalogue#document} then has nothing to
   * do.
   */
  public boolean documentedAtCreation(String table) {
    return documented.contains(table);
  }

  /**
   * Creates a catalogue table that does not exist yet in one commit with its table comment, column
   * comments and statistics columns (two ALTER commits per table saved); false, doing nothing, when
   * the table exists or is not in the catalogue.
   */
  private boolean createDocumented(String table, Dataset<Row> rows, String[] partitionColumns) {
    Optional<TableSpec> spec = TableCatalogue.spec(table);
    // A table with properties of its own (Change Data Feed) gets them in its first commit even
    // without documentation: a feed enabled later would miss the first rows.
    if (spec.isEmpty()
        || (!documentOnCreate && spec.get().properties().isEmpty())
        || exists(table)) {
      return false;
    }
    var writer =
        (documentOnCreate ? commented(table, rows) : rows).writeTo(sqlName(table)).using("delta");
    spec.get().properties().forEach(writer::tableProperty);
    if (documentOnCreate) {
      writer.tableProperty("comment", spec.get().comment());
      TableCatalogue.statsProperties(rows.schema(), spec.get(), List.of(partitionColumns))
          .forEach(writer::tableProperty);
    }
    if (partitionColumns.length > 0) {
      writer.partitionedBy(
          functions.col(partitionColumns[0]),
          Arrays.stream(partitionColumns).skip(1).map(functions::col).toArray(Column[]::new));
    }
    try {
      writer.create();
    } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
      throw Errors.concurrent(
          "another run created table '" + table + "' at the same time; re-run later");
    }
    if (documentOnCreate) {
      documented.add(table);
    }
    return true;
  }

  /** The rows with the catalogue's column comments in their schema (what DESCRIBE shows). */
  private static Dataset<Row> commented(String table, Dataset<Row> rows) {
    Optional<TableSpec> spec = TableCatalogue.spec(table);
    if (spec.isEmpty()) {
      return rows;
    }
    Column[] cols = new Column[rows.schema().fields().length];
    int i = 0;
    for (StructField f : rows.schema().fields()) {
      String comment = spec.get().columnComment(f.name());
      Metadata md =
          comment == null
              ? f.metadata()
              : new MetadataBuilder()
                  .withMetadata(f.metadata())
                  .putString("comment", comment)
                  .build();
      cols[i++] = rows.col(SqlText.ident(f.name())).as(f.name(), md);
    }
    return rows.select(cols);
  }

  /**
   * Upserts rows into a current-state table by key: new rows inserted, matched rows updated only
   * when their content changed ({@link #contentChanged}), and (with {@code deleteMissing}) rows
   * absent from the input deleted, so the table equals the input after the merge while unchanged
   * rows keep their files and their old run_id.
   */
  public long merge(String table, Dataset<Row> rows, MergeMode mode, String... keyColumns) {
    addMissingColumns(table, rows.schema());
    Column on = functions.lit(true);
    for (String k : keyColumns) {
      on = on.and(target(k).eqNullSafe(source(k)));
    }
    return merge(
        table,
        rows,
        new Merge(
            on,
            contentChanged(shared(table, rows.schema())),
            mode == MergeMode.DELETE_MISSING ? functions.lit(true) : null));
  }

  /**
   * A MERGE of {@code s} (the input) into {@code t} (the table): rows matched by {@code on} are
   * updated (every column the table has) when {@code changed} holds, unmatched input rows inserted,
   * and table rows no input row matches deleted when they satisfy {@code deleteUnmatched} (null:
   * kept). Refer to columns with {@link #target} and {@link #source}. Run by {@link ContentMerge},
   * which leaves unchanged rows out of Delta's MERGE so their files are not rewritten.
   */
  public record Merge(Column on, Column changed, Column deleteUnmatched) {}

  /** A column of the table side of a {@link Merge}. */
  public static Column target(String column) {
    return functions.col("t." + SqlText.ident(column));
  }

  /** A column of the input side of a {@link Merge}. */
  public static Column source(String column) {
    return functions.col("s." + SqlText.ident(column));
  }

  /**
   * Whether a matched row's content differs: some column of the input, other than the audit columns
   * (run_id, computed_at_ts, snapshot_date) and {@code ignored}, is not null-safe equal ({@code
   * <=>}) to the table's. The one definition of "unchanged" for every content-conditioned MERGE, so
   * an unchanged row is not rewritten and keeps its file and old run_id.
   */
  public static Column contentChanged(StructType schema, String... ignored) {
    Set<String> skip = new HashSet<>(AUDIT_COLUMNS);
    skip.addAll(Arrays.asList(ignored));
    Column same = functions.lit(true);
    for (StructField f : schema.fields()) {
      if (skip.contains(f.name())) {
        continue;
      }
      Column t = target(f.name());
      Column s = source(f.name());
      if (holdsMap(f.dataType())) {
        // Maps have no equality in Spark SQL: compare their JSON (a different key order reads as
        // a change, which only costs an update).
        t = functions.to_json(t);
        s = functions.to_json(s);
      }
      same = same.and(t.eqNullSafe(s));
    }
    return functions.not(same);
  }

  /**
   * The input's columns the table has too: only those are written ({@link ContentMerge}), so the
   * others are no change. An absent table has them all (it is created from the rows).
   */
  private StructType shared(String table, StructType input) {
    if (!exists(table)) {
      return input;
    }
    Set<String> there = Set.of(read(table).columns());
    return new StructType(
        Arrays.stream(input.fields())
            .filter(f -> there.contains(f.name()))
            .toArray(StructField[]::new));
  }

  /** The audit columns TableIO's callers stamp: never content. */
  static final Set<String> AUDIT_COLUMNS =
      Set.of(Cols.RUN_ID, Cols.COMPUTED_AT_TS, Cols.SNAPSHOT_DATE);

  private static boolean holdsMap(DataType t) {
    if (t instanceof MapType) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return holdsMap(a.elementType());
    }
    if (t instanceof StructType st) {
      return Arrays.stream(st.fields()).anyMatch(f -> holdsMap(f.dataType()));
    }
    return false;
  }

  /**
   * Columns a run adds to a current-state table (a newly declared attribute's attr_ column) join it
   * before the MERGE, by an empty append with mergeSchema (older rows read null), so the MERGE
   * writes and compares them like the others.
   */
  private void addMissingColumns(String table, StructType input) {
    if (!exists(table)) {
      return;
    }
    Set<String> there = Set.of(read(table).columns());
    if (Arrays.stream(input.fieldNames()).allMatch(there::contains)) {
      return;
    }
    commit(
        table,
        () ->
            spark
                .createDataFrame(List.<Row>of(), input)
                .write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(path(table)));
  }

  /** Runs a {@link Merge}; a table that does not exist yet is created from the rows. */
  public long merge(String table, Dataset<Row> rows, Merge m) {
    if (!exists(table)) {
      String[] partitions =
          TableCatalogue.spec(table)
              .map(s -> s.partitionColumns().toArray(String[]::new))
              .orElse(new String[0]);
      return overwrite(table, rows, partitions);
    }
    return commit(
        table, () -> ContentMerge.execute(DeltaTable.forPath(spark, path(table)), rows, m));
  }

  /**
   * An incremental MERGE into a keyed current-state table: {@code rows} (new rows and rows to
   * re-derive) are inserted, or update the row with their key when their content changed ({@link
   * #contentChanged}); table rows whose key is absent from {@code liveKeys} are deleted; every
   * other row is left as it is, file and run_id included. Keys compare null-safely; {@code rows}
   * hold at most one row per key. No commit when nothing changes.
   */
  public long mergeKeyed(
      String table, Dataset<Row> rows, Dataset<Row> liveKeys, List<String> keyColumns) {
    Column on = functions.lit(true);
    for (String k : keyColumns) {
      on = on.and(target(k).eqNullSafe(source(k)));
    }
    Column cond = on;
    return commit(
        table,
        () ->
            ContentMerge.executeKeyed(
                DeltaTable.forPath(spark, path(table)), rows, liveKeys, keyColumns, cond));
  }

  /**
   * Runs {@code write} with {@code message} as the userMetadata of the commits it makes (a marker a
   * later run reads back from the history; it must hold no personal value).
   */
  public long withCommitMessage(String message, java.util.function.LongSupplier write) {
    String key = "spark.databricks.delta.commitInfo.userMetadata";
    var conf = spark.conf();
    String before = conf.getOption(key).getOrElse(() -> null);
    conf.set(key, message);
    try {
      return write.getAsLong();
    } finally {
      if (before == null) {
        conf.unset(key);
      } else {
        conf.set(key, before);
      }
    }
  }

  /**
   * Applies keyed changes to a table in one MERGE: a row whose {@code deleteFlag} column is true
   * removes the table's row with its key, any other replaces it or is inserted. The changes hold
   * one row per key and the table's columns (plus the flag); keys compare null-safely.
   */
  public long applyChanges(
      String table, Dataset<Row> changes, String deleteFlag, List<String> keyColumns) {
    Column condition = null;
    for (String k : keyColumns) {
      Column eq =
          functions.col("t." + SqlText.ident(k)).eqNullSafe(functions.col("s." + SqlText.ident(k)));
      condition = condition == null ? eq : condition.and(eq);
    }
    Map<String, Column> set = new java.util.LinkedHashMap<>();
    for (String c : read(table).columns()) {
      set.put(c, functions.col("s." + SqlText.ident(c)));
    }
    Column delete = functions.col("s." + SqlText.ident(deleteFlag));
    Column cond = condition;
    return commit(
        table,
        () ->
            DeltaTable.forPath(spark, path(table))
                .as("t")
                .merge(changes.as("s"), cond)
                .whenMatched(delete)
                .delete()
                .whenMatched()
                .update(set)
                .whenNotMatched(functions.not(delete))
                .insert(set)
                .execute());
  }

  /** Whether rows absent from a MERGE's input are kept or deleted. */
  public enum MergeMode {
    UPSERT,
    DELETE_MISSING
  }

  /**
   * The operation metrics Delta recorded for one commit of a table (for a MERGE:
   * numTargetRowsInserted, numTargetRowsUpdated, numTargetRowsDeleted, ...), values as text.
   */
  public Map<String, String> operationMetrics(String table, long version) {
    // One row: the commit of that version.
    Row r =
        history(table)
            .where(functions.col("version").equalTo(version))
            .select("operationMetrics")
            .first();
    Map<String, String> m = r.getJavaMap(0);
    return m == null ? Map.of() : Map.copyOf(m);
  }

  /** Deletes the rows matching a SQL predicate (erasure). */
  public long delete(String table, String predicate) {
    return commit(table, () -> DeltaTable.forPath(spark, path(table)).delete(predicate));
  }

  /** Deletes the rows matching a predicate. */
  public long delete(String table, Column predicate) {
    return commit(table, () -> DeltaTable.forPath(spark, path(table)).delete(predicate));
  }

  /** The userMetadata of an erasure's delete commits: the published version moves past them. */
  public static final String ERASURE_COMMIT = "clientele erase";

  /**
   * An erasure's delete: its commit carries {@link #ERASURE_COMMIT}, so that {@link
   * Runs#publishedVersions} republishes the table past it (it only removes rows).
   */
  public long deleteErased(String table, Column predicate) {
    return withCommitMessage(ERASURE_COMMIT, () -> delete(table, predicate));
  }

  /**
   * The userMetadata of the table's latest commit that has one starting with {@code prefix}
   * (commits of other writers, an erasure or a compaction, skipped); empty when there is none.
   */
  public Optional<String> latestUserMetadata(String table, String prefix) {
    // One row at most: the commit infos of the log, filtered and ordered, the newest taken.
    List<Row> rows =
        history(table)
            .where(functions.col("userMetadata").startsWith(prefix))
            .orderBy(functions.col("version").desc())
            .select("userMetadata")
            .limit(1)
            .collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).getString(0));
  }

  /** The table as of one of its versions (time travel). */
  public Dataset<Row> readAt(String table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /** The table's commit history (version, operation, userMetadata, ...), from its log. */
  public Dataset<Row> history(String table) {
    return DeltaTable.forPath(spark, path(table)).history();
  }

  /** How SQL names the table: {@code delta.`<path>`}. */
  public String sqlName(String table) {
    return "delta.`" + path(table) + "`";
  }

  /**
   * Runs one SQL statement that commits to {@code table} (ALTER, OPTIMIZE, VACUUM) and records the
   * version like any other write. For the table layer (TableCatalogue, TableMaintenance).
   */
  long sql(String table, String statement) {
    // DDL and maintenance commands return a few status rows at most.
    return commit(table, () -> spark.sql(statement).collect());
  }

  /** The one-row {@code DESCRIBE DETAIL} of a table (description, properties, numFiles). */
  public Row deltaDetail(String table) {
    return DeltaTable.forPath(spark, path(table)).detail().first();
  }

  public long version(String table) {
    // The log's latest version from a listing of _delta_log, without a Spark job (DESCRIBE
    // HISTORY was a query per commit, about 50 in a sample run).
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table))
        .update(false, scala.Option.empty(), scala.Option.empty())
        .version();
  }

  /** Table name to the last version this process wrote. */
  public Map<String, Long> versionsWritten() {
    return Map.copyOf(versionsWritten);
  }

  private long commit(String table, Runnable write) {
    Objects.requireNonNull(table);
    try {
      write.run();
    } catch (java.util.ConcurrentModificationException e) {
      // Every Delta conflict (concurrent append, delete, metadata or protocol change) is one.
      throw Errors.concurrent(
          "another run wrote table '"
              + table
              + "' at the same time ("
              + e.getClass().getSimpleName()
              + "); the table is unchanged, re-run later");
    }
    long version = version(table);
    versionsWritten.put(table, version);
    if (table.equals(haltAfterTable)) {
      // Test-only fault injection: die like a killed JVM, no shutdown hooks, no cleanup.
      Runtime.getRuntime().halt(137);
    }
    return version;
  }

  private static String producer(String table) {
    if (table.startsWith("bronze_")
        || table.equals("quarantine")
        || table.equals("ingested_files")) {
      return "ingest";
    }
    if (table.equals("customer_metrics") || table.equals("pareto_curve")) {
      return "score";
    }
    if (table.startsWith("clv") || table.equals("customer_clv")) {
      return "clv";
    }
    if (table.contains("segment") || table.equals("cluster_personas")) {
      return "segment";
    }
    return "resolve";
  }
}
