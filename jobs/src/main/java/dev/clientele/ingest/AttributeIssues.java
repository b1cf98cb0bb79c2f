package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.schema.Cols;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Optional customer attributes that did not parse and were set to null (the record was kept): the
 * rows of {@code data_quality_issues} (source, customer_key, column, reason; never the raw value,
 * which may be personal data) and their counts per column and reason for the run summary.
 */
final class AttributeIssues {
  private AttributeIssues() {}

  static final String COLUMN = "column_name";
  static final String REASON = "reason";

  static final StructType SCHEMA =
      new StructType()
          .add(Cols.SOURCE, DataTypes.StringType)
          .add(Cols.CUSTOMER_KEY, DataTypes.StringType)
          .add(COLUMN, DataTypes.StringType)
          .add(REASON, DataTypes.StringType)
          .add(Cols.INGEST_FILE, DataTypes.StringType)
          .add(Cols.RUN_ID, DataTypes.StringType)
          .add(Cols.COMPUTED_AT_TS, DataTypes.TimestampType);

  /** One row per (accepted record, failed attribute) of an evaluated batch. */
  static Dataset<Row> rows(String runId, Dataset<Row> batch) {
    return exploded(batch)
        .select(
            col(Cols.SOURCE),
            col(Cols.CUSTOMER_KEY),
            col("issue.column").as(COLUMN),
            col("issue.reason").as(REASON),
            col(SourceReader.FILE_PATH).as(Cols.INGEST_FILE),
            lit(runId).as(Cols.RUN_ID),
            current_timestamp().as(Cols.COMPUTED_AT_TS));
  }

  /** column -> reason -> records, for one source's batch (null batch: no new file). */
  static Map<String, Map<String, Long>> counts(Dataset<Row> batch) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    if (batch == null) {
      return out;
    }
    // One row per (column, reason): at most the canonical customer columns x two reasons.
    for (Row r : exploded(batch).groupBy("issue.column", "issue.reason").count().collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return out;
  }

  private static Dataset<Row> exploded(Dataset<Row> batch) {
    return batch
        .where(col(SourceMapping.REASON).isNull())
        .select(col("*"), explode(col(SourceMapping.ISSUES)).as("issue"));
  }
}
