package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;

/** {@code clientele.pareto}: cumulative revenue shares closing classes A and B (C is the rest). */
public record ParetoSettings(double aShare, double bShare) {
  public static ParetoSettings from(Config c) {
    try {
      double a = c.getDouble("clientele.pareto.a-share");
      double b = c.getDouble("clientele.pareto.b-share");
      if (!(a > 0 && a <= b && b <= 1)) {
        throw Errors.config(
            "clientele.pareto.a-share = "
                + a
                + " and b-share = "
                + b
                + " must satisfy 0 < a-share <= b-share <= 1");
      }
      return new ParetoSettings(a, b);
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }
}
