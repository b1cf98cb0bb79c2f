package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.ClvSettings;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.metrics.ClvStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clv stage's configuration checks, before any data is read. */
class ClvSettingsTest {
  private static Settings settings(String... sets) {
    return new Settings(ConfigLoader.load(null, null, List.of(sets), Map.of()));
  }

  @Test
  void defaults() {
    ClvSettings s = ClvSettings.from(settings().config());
    assertEquals("weeks", s.timeUnit());
    assertEquals(7.0, s.daysPerUnit());
    assertEquals(12, s.horizonMonths());
    assertEquals(List.of("internal", "supplier", "test"), s.nonCommercialRelationships());
  }

  @Test
  void unknownTimeUnitIsAConfigurationError() {
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> new ClvStage().validate(settings("clientele.clv.time-unit=months")));
    assertEquals(
        "configuration: clientele.clv.time-unit is 'months'; use 'days' or 'weeks'",
        e.getMessage());
  }

  @Test
  void negativeHoldoutIsAConfigurationError() {
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> new ClvStage().validate(settings("clientele.clv.holdout-days=-3")));
    assertEquals("configuration: clientele.clv.holdout-days must be >= 0, got -3", e.getMessage());
  }
}
