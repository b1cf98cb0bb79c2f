package dev.clientele.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * How {@link TableIO#merge(String, Dataset, TableIO.Merge)} runs: Delta rewrites every file holding
 * a row the MERGE's join matches, whatever the clause conditions, so a {@code whenMatched(changed)}
 * alone would still copy every unchanged row into new files. The MERGE's source is therefore only
 * what changes: the input rows that are new or whose content changed (upserts), and the table rows
 * no input row matches within the delete scope (deletes). Unchanged rows take no part, so their
 * files stay as they are and their run_id with them.
 */
final class ContentMerge {
  private ContentMerge() {}

  /** The source column saying what a source row does: "upsert" or "delete". */
  static final String ACTION = "_clientele_merge_action";

  private static final String UPSERT = "upsert";
  private static final String DELETE = "delete";

  static void execute(DeltaTable table, Dataset<Row> rows, TableIO.Merge m) {
    Dataset<Row> target = table.toDF();
    apply(table, target, changes(target, rows, m), rows.columns(), m.on());
  }

  /**
   * An incremental MERGE: {@code rows} hold only what may have changed (new rows, rows to
   * re-derive), so rows absent from them are kept; a table row is deleted when its key is absent
   * from {@code liveKeys} (the keys that still exist upstream).
   */
  static void executeKeyed(
      DeltaTable table, Dataset<Row> rows, Dataset<Row> liveKeys, List<String> keys, Column on) {
    Dataset<Row> target = table.toDF();
    Dataset<Row> t = target.as("t");
    Column changed = TableIO.contentChanged(rows.schema());
    Dataset<Row> upserts =
        rows.as("s").join(t, on.and(not(changed)), "left_anti").withColumn(ACTION, lit(UPSERT));
    // A delete needs only the key: the other columns are nulls, so the anti-join reads just the
    // key columns of the table (Parquet column pruning), not every column of every row.
    List<Column> asInput = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      asInput.add(
          keys.contains(f.name())
              ? col("t." + SqlText.ident(f.name())).cast(f.dataType()).as(f.name())
              : lit(null).cast(f.dataType()).as(f.name()));
    }
    Dataset<Row> deletes =
        t.join(liveKeys.as("s"), on, "left_anti")
            .select(asInput.toArray(Column[]::new))
            .withColumn(ACTION, lit(DELETE));
    apply(table, target, upserts.unionByName(deletes), rows.columns(), on);
  }

  private static void apply(
      DeltaTable table, Dataset<Row> target, Dataset<Row> changes, String[] columns, Column on) {
    // Assign the input's columns the table has (what updateAll and insertAll did: without schema
    // evolution a column the table lacks is not written).
    Set<String> there = Set.of(target.columns());
    Map<String, Column> assign = new LinkedHashMap<>();
    for (String c : columns) {
      if (there.contains(c)) {
        assign.put(c, TableIO.source(c));
      }
    }
    table
        .as("t")
        .merge(changes.as("s"), on)
        .whenMatched(TableIO.source(ACTION).equalTo(DELETE))
        .delete()
        .whenMatched()
        .update(assign)
        .whenNotMatched(TableIO.source(ACTION).equalTo(UPSERT))
        .insert(assign)
        .execute();
  }

  /** The upserts (input rows new or changed) and the deletes (table rows unmatched, in scope). */
  static Dataset<Row> changes(Dataset<Row> target, Dataset<Row> rows, TableIO.Merge m) {
    Dataset<Row> t = target.as("t");
    Dataset<Row> s = rows.as("s");
    Dataset<Row> upserts =
        s.join(t, m.on().and(not(m.changed())), "left_anti").withColumn(ACTION, lit(UPSERT));
    if (m.deleteUnmatched() == null) {
      return upserts;
    }
    Set<String> there = Set.of(target.columns());
    List<Column> asInput = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      asInput.add(
          there.contains(f.name())
              ? col("t." + SqlText.ident(f.name())).cast(f.dataType()).as(f.name())
              : lit(null).cast(f.dataType()).as(f.name()));
    }
    Dataset<Row> deletes =
        t.where(m.deleteUnmatched())
            .join(s, m.on(), "left_anti")
            .select(asInput.toArray(Column[]::new))
            .withColumn(ACTION, lit(DELETE));
    return upserts.unionByName(deletes);
  }
}
