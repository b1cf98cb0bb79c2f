package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.util.List;

/**
 * What the report needs from the configuration: the Pareto thresholds it draws (the score stage's
 * own {@code clientele.pareto.*} keys, so the lines match the classes) and the lifecycle status
 * names, in rule order, with those counted as active customers ({@code clientele.lifecycle.*}).
 */
public record ReportSettings(
    double aShare, double bShare, List<String> statuses, List<String> activeStatuses) {
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
    LifecycleSettings lifecycle = LifecycleSettings.from(config);
    return new ReportSettings(a, b, lifecycle.statuses(), lifecycle.activeStatuses());
  }
}
