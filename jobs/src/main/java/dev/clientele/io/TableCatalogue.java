package dev.clientele.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One place that describes every table (README "Silver and gold tables"), and applies that
 * description to the Delta tables: table and column comments, data-skipping statistics on
 * customer_id, registration in the Spark catalog and the {@code <table>_current} views. Everything
 * is idempotent: a property already in place costs no commit.
 */
public final class TableCatalogue {
  /** Delta collects statistics on at most this many columns by default; we keep the same cap. */
  static final int MAX_STATS_COLUMNS = 32;

  static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  static final String NUM_INDEXED_COLS = "delta.dataSkippingNumIndexedCols";

  private TableCatalogue() {}

  public static Optional<TableSpec> spec(String table) {
    return Optional.ofNullable(TableSpecs.ALL.get(table));
  }

  /** Every table, by name. */
  public static Collection<TableSpec> all() {
    return new TreeMap<>(TableSpecs.ALL).values();
  }

  /**
   * Applies the table comment, the column comments and the statistics columns to an existing table;
   * returns the number of commits it took (0 when all was in place, else 1 or 2).
   */
  public static int document(TableIO io, TableSpec spec) {
    StructType schema = io.read(spec.name()).schema();
    int commits = 0;
    List<String> changes = new ArrayList<>();
    for (StructField f : schema.fields()) {
      String wanted = spec.columnComment(f.name());
      if (wanted != null && !wanted.equals(f.getComment().getOrElse(() -> null))) {
        changes.add(SqlText.ident(f.name()) + " COMMENT " + SqlText.literal(wanted));
      }
    }
    if (!changes.isEmpty()) {
      // One ALTER for all columns: one commit instead of one per column.
      io.sql(
          spec.name(),
          "ALTER TABLE " + io.sqlName(spec.name()) + " ALTER COLUMN " + String.join(", ", changes));
      commits++;
    }
    Row detail = io.deltaDetail(spec.name());
    List<String> partitionColumns = detail.getList(detail.fieldIndex("partitionColumns"));
    Map<String, String> wanted = new TreeMap<>(statsProperties(schema, spec, partitionColumns));
    wanted.putAll(spec.properties());
    wanted.put("comment", spec.comment());
    Map<String, String> props = detail.getJavaMap(detail.fieldIndex("properties"));
    String description = detail.getAs("description");
    List<String> set = new ArrayList<>();
    wanted.forEach(
        (k, v) -> {
          String current = k.equals("comment") ? description : props.get(k);
          if (!v.equals(current)) {
            set.add(SqlText.literal(k) + " = " + SqlText.literal(v));
          }
        });
    if (!set.isEmpty()) {
      io.sql(
          spec.name(),
          "ALTER TABLE "
              + io.sqlName(spec.name())
              + " SET TBLPROPERTIES ("
              + String.join(", ", set)
              + ")");
      commits++;
    }
    return commits;
  }

  /**
   * The statistics properties of a table: the columns Delta keeps min/max statistics on,
   * customer_id first, so a lookup of one customer skips the files that cannot hold it. Never a
   * personal column nor a source key: file statistics live in the Delta log, which erasure and
   * VACUUM do not rewrite. Partition columns need none (they prune by directory); booleans and
   * nested types are not eligible. A table about people without an eligible column gets none at
   * all; any other table without a customer_id keeps Delta's default (no property).
   */
  static Map<String, String> statsProperties(
      StructType schema, TableSpec spec, List<String> partitionColumns) {
    boolean hasCustomerId = List.of(schema.fieldNames()).contains("customer_id");
    boolean aboutPeople = spec.keyedByPerson() || spec.holdsPersonalData();
    if (!hasCustomerId && !aboutPeople) {
      return Map.of();
    }
    List<String> cols = new ArrayList<>();
    if (hasCustomerId) {
      cols.add("customer_id");
    }
    List<String> personal = spec.personalColumns();
    for (StructField f : schema.fields()) {
      if (cols.size() < MAX_STATS_COLUMNS
          && !f.name().equals("customer_id")
          && !SOURCE_KEYS.contains(f.name())
          && !personal.contains(f.name())
          && !partitionColumns.contains(f.name())
          && eligible(f.dataType())) {
        cols.add(f.name());
      }
    }
    return cols.isEmpty()
        ? Map.of(NUM_INDEXED_COLS, "0")
        : Map.of(STATS_COLUMNS, String.join(",", cols));
  }

  /** Columns holding a source's customer key: alone, or in a graph node ("source|key"). */
  static final java.util.Set<String> SOURCE_KEYS =
      java.util.Set.of(
          dev.clientele.schema.Cols.CUSTOMER_KEY,
          dev.clientele.schema.Cols.NODE,
          dev.clientele.schema.Cols.RECORD_A,
          dev.clientele.schema.Cols.RECORD_B);

  private static boolean eligible(DataType t) {
    return t instanceof AtomicType && !(t instanceof BooleanType);
  }

  /**
   * Registers every existing table of the catalogue in {@code database} (external tables at their
   * warehouse paths) and creates the {@code <table>_current} view of each snapshot table.
   */
  public static void register(TableIO io, String database, String databaseLocation) {
    io.spark()
        .sql(
            "CREATE DATABASE IF NOT EXISTS "
                + SqlText.ident(database)
                + " LOCATION "
                + SqlText.literal(databaseLocation));
    for (TableSpec spec : all()) {
      if (io.exists(spec.name())) {
        io.spark()
            .sql(
                "CREATE TABLE IF NOT EXISTS "
                    + qualified(database, spec.name())
                    + " USING DELTA LOCATION "
                    + SqlText.literal(io.path(spec.name())));
      }
    }
    if (!io.exists(dev.clientele.schema.Tables.RUNS)) {
      return;
    }
    String runs = qualified(database, dev.clientele.schema.Tables.RUNS);
    for (TableSpec spec : all()) {
      if (spec.isSnapshot() && io.exists(spec.name())) {
        io.spark()
            .sql(
                "CREATE OR REPLACE VIEW "
                    + qualified(database, spec.name() + "_current")
                    + " COMMENT "
                    + SqlText.literal(spec.comment() + " (latest published snapshot)")
                    + " AS "
                    + currentQuery(qualified(database, spec.name()), runs));
      }
    }
  }

  /**
   * The rows of the latest published snapshot of a table: the latest snapshot_date that has a
   * successful run in {@code runs} and rows in the table. Works on catalog names and on {@code
   * delta.`path`} names alike.
   */
  public static String currentQuery(String tableRef, String runsRef) {
    return Runs.currentSnapshotSql(tableRef, runsRef);
  }

  /** {@link #currentQuery(String, String)} on the path tables of a warehouse (no catalog). */
  public static String currentQuery(TableIO io, String table) {
    return currentQuery(io.sqlName(table), io.sqlName(dev.clientele.schema.Tables.RUNS));
  }

  static String qualified(String database, String table) {
    return SqlText.ident(database) + "." + SqlText.ident(table);
  }
}
