package dev.clientele.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.io.TableIO;
import dev.clientele.report.ReportData.ClvBucket;
import dev.clientele.report.ReportData.ClvHistogram;
import dev.clientele.report.ReportData.Persona;
import dev.clientele.report.ReportData.QuarantineCount;
import dev.clientele.report.ReportData.SegmentRow;
import dev.clientele.report.ReportData.TransitionRow;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the small aggregate tables of one snapshot and computes the few aggregates the report needs
 * from the large ones in Spark. Only aggregates reach the driver (each collect says why it is
 * small); a table that does not exist yet gives a null section. The customer_metrics figures are in
 * {@link MetricsAggregates}.
 */
public final class ReportAggregates {
  private final TableIO io;
  private final LocalDate asOf;

  public ReportAggregates(TableIO io, LocalDate asOf) {
    this.io = io;
    this.asOf = asOf;
  }

  /** The as-of snapshot of a snapshot table, or null when the table does not exist yet. */
  Dataset<Row> snapshot(String table) {
    Dataset<Row> all = io.readIfExists(table);
    return all == null ? null : all.where(col(Cols.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(asOf))));
  }

  public List<SegmentRow> segments() {
    Dataset<Row> s = snapshot(Tables.SEGMENT_SUMMARY);
    if (s == null) {
      return null;
    }
    // One row per (family, segment): a few dozen rows.
    return s.orderBy("family", "segment").collectAsList().stream()
        .map(
            r ->
                new SegmentRow(
                    r.getAs("family"),
                    r.getAs("segment"),
                    longOf(r, "customers"),
                    dbl(r, "customer_share"),
                    r.getAs("revenue"),
                    dbl(r, "avg_clv"),
                    dbl(r, "avg_recency_days")))
        .toList();
  }

  /** Customers per 1-2-5 bucket of predicted CLV: the lower bound is step x 10^decade. */
  public static Dataset<Row> clvBuckets(Dataset<Row> clv) {
    Column v = col(Cols.CLV_PREDICTED).cast("double");
    Column decade = pow(lit(10.0), floor(log10(v)));
    Column mantissa = v.divide(decade);
    Column step = when(mantissa.lt(2), 1.0).when(mantissa.lt(5), 2.0).otherwise(5.0);
    Column lower = when(v.gt(0), step.multiply(decade));
    Column upper = lower.multiply(when(step.equalTo(2.0), 2.5).otherwise(2.0));
    return clv.select(lower.as("lower"), upper.as("upper"))
        .groupBy("lower", "upper")
        .agg(count(lit(1)).as("customers"));
  }

  public ClvHistogram clvHistogram() {
    Dataset<Row> s = snapshot(Tables.CUSTOMER_CLV);
    if (s == null) {
      return null;
    }
    // A handful of buckets per decade of value: tens of rows whatever the customer count.
    List<Row> rows = clvBuckets(s).orderBy("lower").collectAsList();
    long hidden = 0;
    List<ClvBucket> buckets = new java.util.ArrayList<>();
    for (Row r : rows) {
      if (r.isNullAt(0)) {
        hidden += r.getLong(2);
      } else {
        buckets.add(new ClvBucket(r.getDouble(0), r.getDouble(1), r.getLong(2)));
      }
    }
    return new ClvHistogram(buckets, hidden);
  }

  public List<ReportData.ModelFit> models() {
    Dataset<Row> s = snapshot(Tables.CLV_MODEL);
    if (s == null) {
      return null;
    }
    Map<String, ReportData.ModelFit> fits = new LinkedHashMap<>();
    // One row per model parameter: under ten rows.
    for (Row r : s.orderBy("model", "parameter").collectAsList()) {
      String model = r.getAs("model");
      ReportData.ModelFit fit =
          fits.computeIfAbsent(
              model,
              m ->
                  new ReportData.ModelFit(
                      m,
                      dbl(r, "log_likelihood"),
                      r.isNullAt(r.fieldIndex("customers")) ? null : longOf(r, "customers"),
                      new LinkedHashMap<>(),
                      optional(r, "status"),
                      optional(r, "reason"),
                      optional(r, "is_selected"),
                      optional(r, "holdout_mae")));
      fit.parameters().put(r.getAs("parameter"), dbl(r, "value"));
    }
    return List.copyOf(fits.values());
  }

  /** A column of clv_model that older tables lack: null there. */
  @SuppressWarnings("unchecked")
  private static <T> T optional(Row r, String column) {
    if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(column)
        || r.isNullAt(r.fieldIndex(column))) {
      return null;
    }
    return (T) r.get(r.fieldIndex(column));
  }

  /** The holdout check with the longest holdout of the snapshot (usually the only one). */
  public ReportData.Holdout holdout() {
    Dataset<Row> s = snapshot(Tables.CLV_HOLDOUT);
    if (s == null) {
      return null;
    }
    // At most eight frequency groups per holdout length.
    List<Row> rows = s.orderBy(col("holdout_days").desc(), col("frequency_group")).collectAsList();
    if (rows.isEmpty()) {
      return new ReportData.Holdout(0, null, null, List.of());
    }
    int days = ((Number) rows.get(0).getAs("holdout_days")).intValue();
    List<ReportData.HoldoutRow> groups =
        rows.stream()
            .filter(r -> ((Number) r.getAs("holdout_days")).intValue() == days)
            .map(
                r ->
                    new ReportData.HoldoutRow(
                        r.getAs("frequency_group"),
                        longOf(r, "customers"),
                        dbl(r, "actual_purchases_mean"),
                        dbl(r, "predicted_purchases_mean")))
            .sorted(
                java.util.Comparator.comparing(
                    ReportData.HoldoutRow::frequencyGroup, ReportAggregates::groupOrder))
            .toList();
    Date end = rows.get(0).getAs("calibration_end_date");
    return new ReportData.Holdout(
        days, end == null ? null : end.toLocalDate(), dbl(rows.get(0), "mae"), groups);
  }

  /** '0' < '1' < ... < '6' < '7+': numeric order of the leading digits. */
  static int groupOrder(String a, String b) {
    return Integer.compare(leading(a), leading(b));
  }

  private static int leading(String g) {
    String digits = g == null ? "" : g.replaceAll("\\D.*$", "");
    return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  public List<TransitionRow> transitions() {
    Dataset<Row> s = snapshot(Tables.SEGMENT_TRANSITIONS);
    if (s == null) {
      return null;
    }
    // Families x segments x segments: a few hundred rows at most.
    return s.orderBy("family", "from_segment", "to_segment").collectAsList().stream()
        .map(
            r -> {
              Date prev = r.getAs("previous_snapshot_date");
              return new TransitionRow(
                  r.getAs("family"),
                  prev == null ? null : prev.toLocalDate(),
                  r.getAs("from_segment"),
                  r.getAs("to_segment"),
                  longOf(r, "customers"));
            })
        .toList();
  }

  public List<Persona> personas() {
    Dataset<Row> s = snapshot(Tables.CLUSTER_PERSONAS);
    if (s == null) {
      return null;
    }
    List<String> features =
        java.util.Arrays.stream(s.columns())
            .filter(c -> c.startsWith("mean_") || c.startsWith("median_"))
            .toList();
    // One row per cluster (k is small, at most a dozen).
    return s.orderBy("cluster").collectAsList().stream()
        .map(
            r -> {
              Map<String, Double> f = new LinkedHashMap<>();
              features.forEach(name -> f.put(name, dbl(r, name)));
              return new Persona(
                  ((Number) r.getAs("cluster")).intValue(),
                  r.getAs("label"),
                  longOf(r, "customers"),
                  dbl(r, "customer_share"),
                  f);
            })
        .toList();
  }

  public List<QuarantineCount> quarantine(String runId) {
    Dataset<Row> q = io.readIfExists(Tables.QUARANTINE);
    if (q == null) {
      return null;
    }
    // One row per (source, reason code): a few dozen rows.
    return q
        .groupBy(Cols.SOURCE, "reason")
        .agg(
            count(lit(1)).as("rows"),
            sum(when(col(Cols.RUN_ID).equalTo(lit(runId)), 1L).otherwise(0L)).as("this_run"))
        .orderBy(Cols.SOURCE, "reason")
        .collectAsList()
        .stream()
        .map(r -> new QuarantineCount(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)))
        .toList();
  }

  static Double dbl(Row r, String name) {
    int i = r.fieldIndex(name);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  static long longOf(Row r, String name) {
    int i = r.fieldIndex(name);
    return r.isNullAt(i) ? 0L : ((Number) r.get(i)).longValue();
  }
}
