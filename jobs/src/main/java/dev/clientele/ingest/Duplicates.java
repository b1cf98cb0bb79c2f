package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Marks good rows whose duplicate key repeats within the batch or was already ingested. */
public final class Duplicates {
  private static final String RN = "_dup_rn";
  private static final String SEEN = "_dup_seen";

  private Duplicates() {}

  /**
   * @param mapped output of {@link SourceMapping#map} for one source
   * @param existingKeys {@link SourceMapping#DUP_KEY} values already in bronze for the source (rows
   *     of the files being re-read excluded), or null when there are none
   */
  public static Dataset<Row> mark(Dataset<Row> mapped, Dataset<Row> existingKeys) {
    // The earliest copy (by file, then content) is kept: deterministic whatever the partitioning.
    Dataset<Row> df =
        mapped.withColumn(
            RN,
            row_number()
                .over(
                    Window.partitionBy(col(SourceMapping.DUP_KEY), col(SourceMapping.REASON))
                        .orderBy(col(SourceReader.FILE_PATH), col(SourceReader.RAW))));
    if (existingKeys != null) {
      Dataset<Row> seen =
          existingKeys.select(col(SourceMapping.DUP_KEY)).distinct().withColumn(SEEN, lit(true));
      df =
          df.join(
                  seen,
                  df.col(SourceMapping.DUP_KEY).equalTo(seen.col(SourceMapping.DUP_KEY)),
                  "left")
              .drop(seen.col(SourceMapping.DUP_KEY));
    } else {
      df = df.withColumn(SEEN, lit(false));
    }
    Column good = col(SourceMapping.REASON).isNull();
    Column inBatch = good.and(col(RN).gt(1));
    Column already = good.and(col(SEEN).equalTo(true));
    return df.withColumn(
            SourceMapping.DETAIL,
            when(already, lit("the duplicate key was already ingested"))
                .when(inBatch, lit("an earlier line of this batch has the same duplicate key"))
                .otherwise(col(SourceMapping.DETAIL)))
        .withColumn(
            SourceMapping.REASON,
            when(already.or(inBatch), lit("duplicate")).otherwise(col(SourceMapping.REASON)))
        .drop(RN, SEEN);
  }
}
