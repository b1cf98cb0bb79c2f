package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;

/**
 * Settings of the table layer ({@code clientele.outputs.*} and {@code clientele.database}).
 *
 * @param database Spark catalog database to register the tables in; empty for path-only tables
 * @param comments whether table/column comments and statistics columns are applied after a run
 * @param optimize whether the as-of snapshot is compacted and Z-ordered by customer_id
 * @param vacuum whether VACUUM runs after a run
 * @param vacuumRetentionHours VACUUM keeps unreferenced files younger than this
 * @param allowShortVacuumRetention accept a retention below {@link #SAFE_RETENTION_HOURS}
 * @param keepDailySnapshotsDays snapshots of the last N days are kept (0 = keep all)
 * @param keepMonthEnds whether each month's last snapshot is kept for ever
 */
public record OutputSettings(
    String database,
    boolean comments,
    boolean optimize,
    boolean vacuum,
    long vacuumRetentionHours,
    boolean allowShortVacuumRetention,
    int keepDailySnapshotsDays,
    boolean keepMonthEnds) {

  /** Delta's default {@code delta.deletedFileRetentionDuration} (7 days). */
  public static final long SAFE_RETENTION_HOURS = 168;

  public static OutputSettings from(Config c) {
    OutputSettings s =
        new OutputSettings(
            c.getString("clientele.database").trim(),
            c.getBoolean("clientele.outputs.comments"),
            c.getBoolean("clientele.outputs.optimize"),
            c.getBoolean("clientele.outputs.vacuum"),
            c.getLong("clientele.outputs.vacuum-retention-hours"),
            c.getBoolean("clientele.outputs.vacuum-allow-short-retention"),
            c.getInt("clientele.outputs.keep-daily-snapshots-days"),
            c.getBoolean("clientele.outputs.keep-month-ends"));
    s.validate();
    return s;
  }

  /** Fails with a one-line configuration error before any table is touched. */
  public void validate() {
    if (!database.isEmpty() && !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw Errors.config(
          "clientele.database = '" + database + "' is not a plain identifier (letters, digits, _)");
    }
    if (keepDailySnapshotsDays < 0) {
      throw Errors.config(
          "clientele.outputs.keep-daily-snapshots-days = "
              + keepDailySnapshotsDays
              + " is negative; use 0 to keep every snapshot");
    }
    if (vacuumRetentionHours < 0) {
      throw Errors.config("clientele.outputs.vacuum-retention-hours must be >= 0");
    }
    if (vacuum && vacuumRetentionHours < SAFE_RETENTION_HOURS && !allowShortVacuumRetention) {
      throw Errors.config(
          "clientele.outputs.vacuum-retention-hours = "
              + vacuumRetentionHours
              + " is below the "
              + SAFE_RETENTION_HOURS
              + " h safety limit: readers and time travel on older versions "
              + "would lose files; raise it or set clientele.outputs.vacuum-allow-short-retention"
              + " = true");
    }
  }
}
