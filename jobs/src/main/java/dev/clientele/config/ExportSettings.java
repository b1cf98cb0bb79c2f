package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;

/**
 * Settings of {@code segment export} ({@code clientele.export.*}).
 *
 * @param minAge minimum age in completed years at the snapshot date
 * @param includeUnknownAge whether members without a birth date are exported
 */
public record ExportSettings(int minAge, boolean includeUnknownAge) {
  public static ExportSettings from(Config c) {
    int minAge = c.getInt("clientele.export.min-age");
    if (minAge < 0 || minAge > 150) {
      throw Errors.config(
          "clientele.export.min-age = " + minAge + " is not an age in years (0 to 150)");
    }
    return new ExportSettings(minAge, c.getBoolean("clientele.export.include-unknown-age"));
  }
}
