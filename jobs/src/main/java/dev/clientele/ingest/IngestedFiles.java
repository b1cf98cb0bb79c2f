package dev.clientele.ingest;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** File identity (path, size, modification time): what makes ingest incremental and idempotent. */
public final class IngestedFiles {
  public static final String FILE_PATH = "file_path";
  public static final String FILE_SIZE = "file_size_bytes";
  public static final String FILE_MODIFIED = "file_modified_ts";
  public static final String SOURCE_SCHEMA = "source_schema";
  public static final String TABLE_VERSION = dev.clientele.schema.Cols.TABLE_VERSION;

  public static final StructType SCHEMA =
      new StructType()
          .add("source", DataTypes.StringType)
          .add(FILE_PATH, DataTypes.StringType)
          .add(FILE_SIZE, DataTypes.LongType)
          .add(FILE_MODIFIED, DataTypes.TimestampType)
          .add(SOURCE_SCHEMA, DataTypes.StringType)
          .add("run_id", DataTypes.StringType)
          .add("computed_at_ts", DataTypes.TimestampType)
          // Delta sources: the upstream table version read (file sources: null).
          .add(TABLE_VERSION, DataTypes.LongType);

  /** One file of a source as Spark saw it. */
  public record FileId(String path, long size, Timestamp modified) {
    /** The identity of a listed file (the listing spells the path as {@code _metadata} does). */
    public static FileId of(dev.clientele.io.SourceFiles.Status st) {
      return new FileId(st.path(), st.size(), new Timestamp(st.modifiedMillis()));
    }
  }

  private IngestedFiles() {}

  /**
   * The files behind a source read. Plain file formats: from Spark's file listing, without reading
   * any data; other formats (Delta): the distinct file columns of the rows, one row per file.
   */
  public static List<FileId> files(Dataset<Row> raw, String format) {
    if (List.of("csv", "json", "text", "parquet").contains(format)) {
      return dev.clientele.io.SourceFiles.of(raw).stream().map(FileId::of).toList();
    }
    List<FileId> out = new ArrayList<>();
    for (Row r :
        raw.select(
                col(SourceReader.FILE_PATH),
                col(SourceReader.FILE_SIZE),
                col(SourceReader.FILE_MTIME))
            .distinct()
            .collectAsList()) {
      out.add(new FileId(r.getString(0), r.getLong(1), r.getTimestamp(2)));
    }
    return out;
  }

  /** The files of a source already ingested (table rows; one per file, so small). */
  public static List<FileId> known(Dataset<Row> table, String source) {
    List<FileId> out = new ArrayList<>();
    if (table == null) {
      return out;
    }
    for (Row r :
        table
            .where(col("source").equalTo(source))
            .select(FILE_PATH, FILE_SIZE, FILE_MODIFIED)
            .collectAsList()) {
      out.add(new FileId(r.getString(0), r.getLong(1), r.getTimestamp(2)));
    }
    return out;
  }

  /**
   * The source schema (DDL) recorded by the latest run that read files of the source; null when
   * none did. One row per file of one source, reduced to one value.
   */
  public static String recordedSchema(Dataset<Row> table, String source) {
    if (table == null) {
      return null;
    }
    Row r =
        table
            .where(col("source").equalTo(source))
            .agg(functions.max_by(col(SOURCE_SCHEMA), col("computed_at_ts")))
            .first();
    return r.isNullAt(0) ? null : r.getString(0);
  }

  /**
   * The upstream version the ledger recorded for a delta source; null when none (never read, or
   * read before versions were recorded: a ledger written before this column lacks it).
   */
  public static Long lastVersion(Dataset<Row> table, String source) {
    if (table == null || !java.util.Arrays.asList(table.columns()).contains(TABLE_VERSION)) {
      return null;
    }
    Row r =
        table.where(col("source").equalTo(source)).agg(functions.max(col(TABLE_VERSION))).first();
    return r.isNullAt(0) ? null : r.getLong(0);
  }

  /** Ledger rows: one per file, or for a delta source one row (its table) with the version. */
  public static Dataset<Row> rows(
      SparkSession spark,
      String source,
      List<FileId> files,
      String schemaDdl,
      String runId,
      Long tableVersion) {
    List<Row> rows = new ArrayList<>();
    for (FileId f : files) {
      rows.add(
          RowFactory.create(
              source, f.path(), f.size(), f.modified(), schemaDdl, runId, null, tableVersion));
    }
    return spark
        .createDataFrame(rows, SCHEMA)
        .withColumn("computed_at_ts", functions.current_timestamp());
  }
}
