package dev.clientele.ingest;

import dev.clientele.config.SourceSettings;
import dev.clientele.ingest.IngestedFiles.FileId;
import dev.clientele.io.SqlText;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One source's work for this run: the new files and their evaluated rows (null: none).
 *
 * @param replaced the {@code ingest_file} values whose rows the batch replaces; null: every row of
 *     the source (full refresh, delta snapshot)
 * @param tableVersion delta sources: the upstream version read (null: a file source)
 * @param deletedKeys delta changes: rows deleted upstream, applied by key (null: rows replace)
 */
record SourceBatch(
    SourceSettings source,
    List<FileId> files,
    int skipped,
    Dataset<Row> rows,
    List<String> replaced,
    String schemaDdl,
    List<String> unknownColumns,
    Long tableVersion,
    Dataset<Row> deletedKeys) {
  String predicate(String fileColumn) {
    String p = "source = " + SqlText.literal(source.name());
    if (replaced == null) {
      return p;
    }
    List<String> values = replaced.stream().map(SqlText::literal).toList();
    return "(" + p + " AND " + fileColumn + " IN (" + String.join(", ", values) + "))";
  }

  /** A delta source has one ledger row (its table and version); a file source one per file. */
  String ledgerPredicate() {
    return tableVersion != null
        ? "source = " + SqlText.literal(source.name())
        : predicate(IngestedFiles.FILE_PATH);
  }

  boolean keyedChanges() {
    return deletedKeys != null;
  }
}
