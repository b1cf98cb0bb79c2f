package dev.clientele.io;

import static org.apache.spark.sql.functions.col;

import dev.clientele.config.OutputSettings;
import dev.clientele.config.Settings;
import dev.clientele.run.AsOf;
import dev.clientele.schema.Cols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What runs after a successful run on the tables it wrote: comments and statistics columns,
 * snapshot retention, OPTIMIZE ZORDER BY (customer_id) of the new snapshot, VACUUM, and the catalog
 * registration with the {@code _current} views. Wired into the Runner after the stages.
 */
public final class TableMaintenance {
  private TableMaintenance() {}

  /**
   * Maintains the catalogue tables this process wrote (from {@link TableIO#versionsWritten()});
   * returns, per table, what was done (for the run summary).
   */
  public static Map<String, List<String>> afterRun(TableIO io, Settings settings, LocalDate asOf) {
    OutputSettings o = OutputSettings.from(settings.config());
    Map<String, List<String>> done = new TreeMap<>();
    for (String table : new TreeSet<>(io.versionsWritten().keySet())) {
      TableSpec spec = TableCatalogue.spec(table).orElse(null);
      if (spec != null) {
        done.put(table, maintain(io, spec, o, asOf));
      }
    }
    if (!o.database().isEmpty()) {
      String location = io.warehouse() + "/_catalog/" + o.database() + ".db";
      TableCatalogue.register(io, o.database(), location);
    }
    return done;
  }

  static List<String> maintain(TableIO io, TableSpec spec, OutputSettings o, LocalDate asOf) {
    List<String> done = new ArrayList<>();
    // A table this run created carries its documentation from its first commit.
    if (o.comments()
        && !io.documentedAtCreation(spec.name())
        && TableCatalogue.document(io, spec) > 0) {
      done.add("documented");
    }
    if (spec.isSnapshot()) {
      List<LocalDate> deleted =
          applyRetention(io, spec.name(), asOf, o.keepDailySnapshotsDays(), o.keepMonthEnds());
      if (!deleted.isEmpty()) {
        done.add("deleted snapshots " + deleted);
      }
      if (o.optimize() && optimize(io, spec, asOf)) {
        done.add("optimized " + asOf);
      }
    }
    if (o.vacuum()) {
      vacuum(io, spec.name(), o);
      done.add("vacuumed");
    }
    return done;
  }

  /**
   * Deletes the snapshots that retention does not keep, in one commit; returns their dates. The
   * distinct snapshot dates are brought to the driver: one row per date, a few hundred at most.
   */
  public static List<LocalDate> applyRetention(
      TableIO io, String table, LocalDate asOf, int keepDays, boolean keepMonthEnds) {
    if (keepDays <= 0) {
      return List.of();
    }
    // One row per snapshot date: a few hundred over years of daily runs.
    List<LocalDate> dates =
        io.read(table).select("snapshot_date").distinct().collectAsList().stream()
            .map(r -> r.getDate(0).toLocalDate())
            .toList();
    List<LocalDate> drop = snapshotsToDelete(dates, asOf, keepDays, keepMonthEnds);
    if (!drop.isEmpty()) {
      io.delete(
          table, col(Cols.SNAPSHOT_DATE).isin(drop.stream().map(java.sql.Date::valueOf).toArray()));
    }
    return drop;
  }

  /**
   * The retention rule: keep the snapshots of the last {@code keepDays} days up to the as-of date
   * ({@code d > asOf - keepDays}; the as-of day counts as one) and every snapshot after it; with
   * {@code keepMonthEnds}, also keep the last snapshot present in each calendar month. Sorted.
   */
  public static List<LocalDate> snapshotsToDelete(
      Collection<LocalDate> dates, LocalDate asOf, int keepDays, boolean keepMonthEnds) {
    if (keepDays <= 0) {
      return List.of();
    }
    LocalDate oldestKept = asOf.minusDays(keepDays - 1L);
    Map<YearMonth, LocalDate> monthEnds = new LinkedHashMap<>();
    for (LocalDate d : dates) {
      monthEnds.merge(YearMonth.from(d), d, (a, b) -> a.isAfter(b) ? a : b);
    }
    return new TreeSet<>(dates)
        .stream()
            .filter(d -> d.isBefore(oldestKept))
            .filter(d -> !(keepMonthEnds && monthEnds.get(YearMonth.from(d)).equals(d)))
            .toList();
  }

  /**
   * Compacts the as-of snapshot and Z-orders it by customer_id, so a lookup of one customer reads
   * few files. Only the new partition: older ones were optimized when they were written.
   */
  static boolean optimize(TableIO io, TableSpec spec, LocalDate asOf) {
    if (!List.of(io.read(spec.name()).columns()).contains("customer_id")) {
      return false;
    }
    io.sql(
        spec.name(),
        "OPTIMIZE "
            + io.sqlName(spec.name())
            + " WHERE "
            + AsOf.snapshotSql(asOf)
            + " ZORDER BY (customer_id)");
    return true;
  }

  /**
   * Removes files no version younger than the retention references. The retention was checked
   * against the safety limit by {@link OutputSettings#validate()}.
   */
  public static void vacuum(TableIO io, String table, OutputSettings o) {
    o.validate();
    String statement =
        "VACUUM " + io.sqlName(table) + " RETAIN " + o.vacuumRetentionHours() + " HOURS";
    if (o.vacuumRetentionHours() >= OutputSettings.SAFE_RETENTION_HOURS) {
      io.sql(table, statement);
      return;
    }
    // Explicitly allowed short retention: lift Delta's own check for this statement only.
    var conf = io.spark().conf();
    String key = "spark.databricks.delta.retentionDurationCheck.enabled";
    String before = conf.get(key, "true");
    conf.set(key, "false");
    try {
      io.sql(table, statement);
    } finally {
      conf.set(key, before);
    }
  }
}
