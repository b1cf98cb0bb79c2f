package dev.clientele.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AsOfTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void theDayEndsAtTheNextLocalMidnightAcrossAClockChange() {
    // Summer time starts on 2024-03-31 in Paris: that day has 23 hours.
    assertEquals(
        Instant.parse("2024-03-30T23:00:00Z"),
        new AsOf(LocalDate.of(2024, 3, 30), PARIS).endExclusive().toInstant(),
        "winter: midnight is 23:00 UTC");
    assertEquals(
        Instant.parse("2024-03-31T22:00:00Z"),
        new AsOf(LocalDate.of(2024, 3, 31), PARIS).endExclusive().toInstant(),
        "summer: midnight is 22:00 UTC");
  }

  @Test
  void theLookBackStartsMonthsBeforeTheEndOfTheDay() {
    AsOf asOf = new AsOf(LocalDate.of(2024, 12, 31), ZoneId.of("UTC"));
    assertEquals(
        Instant.parse("2024-10-01T00:00:00Z"),
        asOf.lookBackStart(3).toInstant(),
        "3 months before 2025-01-01");
    assertNull(asOf.lookBackStart(0), "0 months: no lower bound");
  }

  @Test
  void minusDaysKeepsTheZoneAndTheTextIsTheIsoDate() {
    AsOf asOf = new AsOf(LocalDate.of(2024, 12, 31), PARIS).minusDays(30);
    assertEquals(new AsOf(LocalDate.of(2024, 12, 1), PARIS), asOf, "30 days earlier, same zone");
    assertEquals("2024-12-01", asOf.toString(), "paths and messages show the ISO date");
    assertEquals("snapshot_date = DATE'2024-12-01'", asOf.snapshotSql(), "for replaceWhere");
  }
}
