package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Reduces a delta source's change rows (mapped by {@link SourceMapping#map}, the commit version in
 * {@link SourceReader#FILE_SIZE}) to the last change of each key ({@link SourceMapping#DUP_KEY}):
 * an insert then an update of one key in the range is its update; a later delete wins over both.
 */
public final class KeyedChanges {
  private static final String VERSION = SourceReader.FILE_SIZE;
  private static final String DELETED_AT = "_deleted_at";
  private static final String RN = "_change_rn";

  private KeyedChanges() {}

  /** The latest upsert of each key not deleted by a later version. */
  public static Dataset<Row> latestUpserts(Dataset<Row> upserts, Dataset<Row> deletes) {
    Dataset<Row> latest =
        upserts
            .withColumn(
                RN,
                row_number()
                    .over(
                        Window.partitionBy(col(SourceMapping.DUP_KEY))
                            .orderBy(col(VERSION).desc(), col(SourceReader.RAW))))
            .where(col(RN).equalTo(1))
            .drop(RN);
    Dataset<Row> d = lastDelete(deletes);
    return latest
        .join(d, latest.col(SourceMapping.DUP_KEY).equalTo(d.col(SourceMapping.DUP_KEY)), "left")
        .where(d.col(DELETED_AT).isNull().or(d.col(DELETED_AT).leq(latest.col(VERSION))))
        .drop(d.col(SourceMapping.DUP_KEY))
        .drop(DELETED_AT);
  }

  /** Deleted rows (mapped) whose key has no upsert at or after the delete's version. */
  public static Dataset<Row> deletedKeys(Dataset<Row> upserts, Dataset<Row> deletes) {
    Dataset<Row> lastUpsert =
        upserts.groupBy(col(SourceMapping.DUP_KEY)).agg(max(col(VERSION)).as("_upserted_at"));
    Dataset<Row> d = latestOf(deletes);
    return d.join(
        lastUpsert,
        d.col(SourceMapping.DUP_KEY)
            .equalTo(lastUpsert.col(SourceMapping.DUP_KEY))
            .and(lastUpsert.col("_upserted_at").geq(d.col(VERSION))),
        "left_anti");
  }

  private static Dataset<Row> lastDelete(Dataset<Row> deletes) {
    return deletes.groupBy(col(SourceMapping.DUP_KEY)).agg(max(col(VERSION)).as(DELETED_AT));
  }

  private static Dataset<Row> latestOf(Dataset<Row> rows) {
    return rows.withColumn(
            RN,
            row_number()
                .over(
                    Window.partitionBy(col(SourceMapping.DUP_KEY))
                        .orderBy(col(VERSION).desc(), col(SourceReader.RAW))))
        .where(col(RN).equalTo(1))
        .drop(RN);
  }
}
