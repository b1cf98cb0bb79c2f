package dev.clientele.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;

import dev.clientele.Errors;
import dev.clientele.config.SourceSettings;
import dev.clientele.io.SourceFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a source's files as they are (CSV and text as strings, JSON primitives as strings) and adds
 * the raw row as text, a malformed flag and the file identity from Spark's {@code _metadata}.
 * Reading sources (not warehouse tables) is the ingest stage's own business, so it lives here.
 */
public final class SourceReader {
  public static final String RAW = "_raw_row";
  public static final String MALFORMED = "_malformed";
  public static final String FILE_PATH = "_file_path";
  public static final String FILE_SIZE = "_file_size";
  public static final String FILE_MTIME = "_file_mtime";
  private static final String CORRUPT = "_corrupt_record";

  private SourceReader() {}

  /**
   * The source's columns plus {@link #RAW}, {@link #MALFORMED} and the three file columns, over
   * every file of its path (the linkage-quality stage; ingest reads only new files, below).
   */
  public static Dataset<Row> read(SparkSession spark, SourceSettings s) {
    return guarded(s, () -> read(spark, s, Load.of(s.path()), null));
  }

  /**
   * The same over the given files only: no other file of the source is opened, not even for its CSV
   * header or JSON schema. Files nested in partition folders are read with their folder's {@code
   * basePath}, so the partition columns are kept. {@code recordedDdl}: the source schema the ledger
   * recorded (null: none); a JSON column it has that the new files lack is read as null with its
   * recorded type, as a read of every file would have given it.
   */
  public static Dataset<Row> read(
      SparkSession spark, SourceSettings s, List<SourceFiles.Listed> files, String recordedDdl) {
    // One read per base folder: usually one (a folder with partition folders) or none at all.
    Map<String, List<String>> byBase = new LinkedHashMap<>();
    for (SourceFiles.Listed f : files) {
      byBase
          .computeIfAbsent(f.basePath() == null ? "" : f.basePath(), k -> new ArrayList<>())
          .add(f.readPath());
    }
    return guarded(
        s,
        () -> {
          Dataset<Row> out = null;
          for (var group : byBase.entrySet()) {
            Load load = new Load(group.getValue(), group.getKey());
            Dataset<Row> part = read(spark, s, load, recordedDdl);
            out = out == null ? part : out.unionByName(part, true);
          }
          return out;
        });
  }

  /** The paths of one read and their partition base folder ("" when none). */
  record Load(List<String> paths, String basePath) {
    static Load of(String path) {
      return new Load(List.of(path), "");
    }

    Dataset<Row> from(DataFrameReader r) {
      if (!basePath.isEmpty()) {
        r = r.option("basePath", basePath);
      }
      return r.load(paths.toArray(String[]::new));
    }
  }

  private static Dataset<Row> read(
      SparkSession spark, SourceSettings s, Load load, String recordedDdl) {
    return switch (s.format()) {
      case "csv" -> csv(spark, s, load);
      case "json" -> json(spark, s, load, recordedDdl);
      case "text" -> text(spark, s, load);
      default -> binary(spark, s, load);
    };
  }

  private static Dataset<Row> guarded(SourceSettings s, Supplier<Dataset<Row>> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      if (e instanceof dev.clientele.Errors.ClienteleException) {
        throw e;
      }
      // An unreadable file or a bad reader option: one line naming the source, not a stack trace.
      throw Errors.input(
          "source '" + s.name() + "': cannot read " + s.path() + ": " + firstLine(e.getMessage()));
    }
  }

  /** The source's own columns (what a mapping may name). */
  public static List<String> sourceColumns(Dataset<Row> raw) {
    List<String> cols = new ArrayList<>(Arrays.asList(raw.columns()));
    cols.removeAll(List.of(RAW, MALFORMED, FILE_PATH, FILE_SIZE, FILE_MTIME));
    return cols;
  }

  private static DataFrameReader reader(SparkSession spark, SourceSettings s, String format) {
    DataFrameReader r = spark.read().format(format);
    for (var o : s.options().entrySet()) {
      r = r.option(o.getKey(), o.getValue());
    }
    return r;
  }

  private static Dataset<Row> csv(SparkSession spark, SourceSettings s, Load load) {
    DataFrameReader r =
        reader(spark, s, "csv")
            .option("header", s.options().getOrDefault("header", "true"))
            .option("inferSchema", "false");
    // The header alone gives the columns; every value is then read as a string so that nothing is
    // cast by the reader and a row with the wrong number of fields lands in the corrupt column.
    var schema = load.from(r).schema().add(CORRUPT, DataTypes.StringType);
    Dataset<Row> df =
        load.from(
            r.schema(schema)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .option("enforceSchema", "false"));
    String delimiter = s.options().getOrDefault("delimiter", s.options().getOrDefault("sep", ","));
    List<Column> values = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      if (!c.equals(CORRUPT)) {
        values.add(coalesce(col(q(c)), lit("")));
      }
    }
    Column rebuilt = concat_ws(delimiter, values.toArray(Column[]::new));
    return withFileColumns(df)
        .withColumn(RAW, coalesce(col(CORRUPT), rebuilt))
        .withColumn(MALFORMED, col(CORRUPT).isNotNull())
        .drop(CORRUPT);
  }

  private static Dataset<Row> json(
      SparkSession spark, SourceSettings s, Load load, String recordedDdl) {
    DataFrameReader r =
        reader(spark, s, "json")
            .option("primitivesAsString", "true")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT);
    // A declared schema is used as is; otherwise it is inferred from these files only.
    StructType schema =
        s.declaredSchema() != null
            ? s.declaredSchema()
            : withRecorded(load.from(r).schema(), recordedDdl);
    if (!Arrays.asList(schema.fieldNames()).contains(CORRUPT)) {
      schema = schema.add(CORRUPT, DataTypes.StringType);
    }
    Dataset<Row> df = load.from(r.schema(schema));
    if (!Arrays.asList(df.columns()).contains(CORRUPT)) {
      df = df.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
    }
    List<Column> data = new ArrayList<>();
    for (String c : df.columns()) {
      if (!c.equals(CORRUPT)) {
        data.add(col(q(c)));
      }
    }
    return withFileColumns(df)
        .withColumn(RAW, coalesce(col(CORRUPT), to_json(struct(data.toArray(Column[]::new)))))
        .withColumn(MALFORMED, col(CORRUPT).isNotNull())
        .drop(CORRUPT);
  }

  /**
   * JSON lines leave out absent keys, so new files may lack a column (or a struct field) older
   * files had: the schema is the recorded one merged with the new files' (what inferring over every
   * file gives), so nothing disappears. Types that do not merge (a struct now a string) are left as
   * found, for the drift check to report.
   */
  static StructType withRecorded(StructType found, String recordedDdl) {
    if (recordedDdl == null || recordedDdl.isBlank()) {
      return found;
    }
    StructType recorded = StructType.fromDDL(recordedDdl);
    try {
      return recorded.merge(found, false);
    } catch (
        Exception e) { // SparkException, undeclared: conflicting types are drift, reported later
      StructType out = found;
      java.util.Set<String> names = new java.util.HashSet<>();
      for (String n : found.fieldNames()) {
        names.add(n.toLowerCase(java.util.Locale.ROOT));
      }
      for (StructField f : recorded.fields()) {
        if (!names.contains(f.name().toLowerCase(java.util.Locale.ROOT))) {
          out = out.add(f);
        }
      }
      return out;
    }
  }

  private static Dataset<Row> text(SparkSession spark, SourceSettings s, Load load) {
    Dataset<Row> df = withFileColumns(load.from(reader(spark, s, "text")));
    // Windows line ends and padding are not data; blank lines are not rows.
    Column line = trim(col("value"), " \t\r");
    Column parts = split(line, s.split());
    List<Column> out = new ArrayList<>(List.of(col(FILE_PATH), col(FILE_SIZE), col(FILE_MTIME)));
    for (int i = 0; i < s.columns().size(); i++) {
      out.add(try_element_at(parts, lit(i + 1)).as(s.columns().get(i)));
    }
    out.add(col("value").as(RAW));
    out.add(size(parts).notEqual(lit(s.columns().size())).as(MALFORMED));
    return df.where(line.notEqual(lit(""))).select(out.toArray(Column[]::new));
  }

  private static Dataset<Row> binary(SparkSession spark, SourceSettings s, Load load) {
    Dataset<Row> df = load.from(reader(spark, s, s.format()));
    Column[] data = Arrays.stream(df.columns()).map(c -> col(q(c))).toArray(Column[]::new);
    return withFileColumns(df)
        .withColumn(RAW, to_json(struct(data)))
        .withColumn(MALFORMED, lit(false));
  }

  private static Dataset<Row> withFileColumns(Dataset<Row> df) {
    return df.withColumn(FILE_PATH, col("_metadata.file_path"))
        .withColumn(FILE_SIZE, col("_metadata.file_size"))
        .withColumn(FILE_MTIME, col("_metadata.file_modification_time"));
  }

  static String q(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  static String firstLine(String msg) {
    if (msg == null) {
      return "";
    }
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }
}
