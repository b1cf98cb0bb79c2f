package dev.clientele.testkit;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * A published table made comparable between two runs over the same input (a re-run, a cluster run):
 * audit columns (when and how long, not what) dropped, doubles rounded to 9 significant digits
 * (sums of doubles depend on the order of partitions), and maps turned into their entries sorted by
 * key, since set operations (exceptAll) refuse MAP columns. Decimals and everything else compare
 * exactly. The same rules as ../shared/tools/digest/table-digest.sh.
 */
public final class ComparableTables {
  private ComparableTables() {}

  public static final List<String> AUDIT_COLUMNS =
      List.of("run_id", "computed_at_ts", "ingest_ts", "fit_seconds");

  public static Dataset<Row> comparable(Dataset<Row> table) {
    Dataset<Row> out = table.drop(AUDIT_COLUMNS.toArray(String[]::new));
    for (StructField f : out.schema().fields()) {
      Column c = col("`" + f.name() + "`");
      if (f.dataType() instanceof MapType m) {
        Column values = isFloating(m.valueType()) ? transform_values(c, (k, v) -> rounded(v)) : c;
        out = out.withColumn(f.name(), array_sort(map_entries(values)));
      } else if (isFloating(f.dataType())) {
        out = out.withColumn(f.name(), rounded(c));
      }
    }
    return out;
  }

  private static boolean isFloating(DataType t) {
    return t instanceof DoubleType || t instanceof FloatType;
  }

  /** round() needs a constant scale: scale to [0.1, 1), keep 9 decimals, scale back. */
  static Column rounded(Column value) {
    Column d = value.cast("double");
    Column scale = pow(lit(10.0), ceil(log10(abs(d))));
    return when(d.equalTo(0).or(isnan(d)).or(abs(d).equalTo(Double.POSITIVE_INFINITY)), d)
        .otherwise(round(d.divide(scale), 9).multiply(scale));
  }
}
