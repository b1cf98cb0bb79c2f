package dev.clientele.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.schema.Cols;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * The as-of day of a run in the configured time zone: the only code that knows where a day starts
 * and ends. A snapshot as of D holds everything before the start of D + 1 in that zone.
 */
public record AsOf(LocalDate date, ZoneId zone) {
  public AsOf {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(zone, "zone");
  }

  /** The end of the day as an exclusive bound: the first instant of the next day. */
  public Timestamp endExclusive() {
    return startOf(date.plusDays(1));
  }

  /**
   * The inclusive start of a look-back of {@code months} months ending with this day (the start of
   * the day after, minus the months), or null for 0: no lower bound.
   */
  public Timestamp lookBackStart(int months) {
    return months == 0 ? null : startOf(lookBackStartDate(months));
  }

  /** The first day of a look-back of {@code months} months (null for 0: no lower bound). */
  public LocalDate lookBackStartDate(int months) {
    return months == 0 ? null : date.plusDays(1).minusMonths(months);
  }

  /** The as-of {@code days} days earlier, in the same zone. */
  public AsOf minusDays(int days) {
    return new AsOf(date.minusDays(days), zone);
  }

  /** Today's date in the zone: the latest as-of whose day has begun. */
  public static LocalDate today(ZoneId zone) {
    return LocalDate.now(zone);
  }

  /** The date as a Spark literal value. */
  public Date sqlDate() {
    return Date.valueOf(date);
  }

  /** {@code snapshot_date = <this date>}: the rows of this snapshot. */
  public Column snapshotPredicate() {
    return snapshotPredicate(date);
  }

  /** {@link #snapshotPredicate()} of any date (the zone plays no part in a date equality). */
  public static Column snapshotPredicate(LocalDate date) {
    return col(Cols.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(date)));
  }

  /**
   * The snapshot predicate as SQL text, for the Delta options that take text only ({@code
   * replaceWhere}, {@code OPTIMIZE ... WHERE}): rendered from a typed date, never from user text.
   */
  public String snapshotSql() {
    return snapshotSql(date);
  }

  /** {@link #snapshotSql()} of any date (retention lists, the table layer). */
  public static String snapshotSql(LocalDate date) {
    return Cols.SNAPSHOT_DATE + " = " + dateSql(date);
  }

  /** A typed date as a SQL date literal. */
  public static String dateSql(LocalDate date) {
    return "DATE'" + date + "'";
  }

  /** The ISO date: what paths and messages show. */
  @Override
  public String toString() {
    return date.toString();
  }

  private Timestamp startOf(LocalDate day) {
    return Timestamp.from(day.atStartOfDay(zone).toInstant());
  }
}
