package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;

/**
 * What the report needs from the configuration: the Pareto thresholds it draws (the score stage's
 * own {@code clientele.pareto.*} keys, so the lines match the classes).
 */
public record ReportSettings(double aShare, double bShare) {
  public static ReportSettings from(Config config) {
    double a = config.getDouble("clientele.pareto.a-share");
    double b = config.getDouble("clientele.pareto.b-share");
    if (!(a > 0 && a < b && b <= 1)) {
      throw Errors.config(
          "clientele.pareto.a-share ("
              + a
              + ") and b-share ("
              + b
              + ") must satisfy 0 < a-share < b-share <= 1");
    }
    return new ReportSettings(a, b);
  }
}
