package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code clientele.pareto}: cumulative shares closing classes A and B (C is the rest), and the
 * measures customers are ranked on, each with its own class column and curve.
 */
public record ParetoSettings(double aShare, double bShare, List<Measure> rankBy) {

  /** What a Pareto ranking orders customers by; its key in rank-by and in pareto_curve.measure. */
  public enum Measure {
    REVENUE("revenue"),
    MARGIN("margin"),
    VALUE_NET("value_net");

    private final String key;

    Measure(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

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
      return new ParetoSettings(a, b, rankBy(c.getStringList("clientele.pareto.rank-by")));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  private static List<Measure> rankBy(List<String> names) {
    List<Measure> out = new ArrayList<>();
    for (String name : names) {
      Measure m = measure(name.trim().toLowerCase(Locale.ROOT));
      if (out.contains(m)) {
        throw Errors.config("clientele.pareto.rank-by lists '" + m.key() + "' twice");
      }
      out.add(m);
    }
    // abc_class feeds the lifecycle value level, the run summary and the report.
    if (!out.contains(Measure.REVENUE)) {
      throw Errors.config(
          "clientele.pareto.rank-by is "
              + names
              + "; it must include 'revenue' (abc_class feeds value_level and the report)");
    }
    return List.copyOf(out);
  }

  private static Measure measure(String name) {
    for (Measure m : Measure.values()) {
      if (m.key().equals(name)) {
        return m;
      }
    }
    throw Errors.config(
        "clientele.pareto.rank-by names '" + name + "'; use revenue, margin or value_net");
  }

  public boolean ranks(Measure m) {
    return rankBy.contains(m);
  }
}
