package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code clientele.rfm}: score bins, look-back window, optional scoring group, the ordered segment
 * rules and the relationships excluded from scoring. Built and checked at start-up, before any data
 * is read: a rule whose ranges do not fit 1..score-bins is rejected with its name.
 */
public record RfmSettings(
    int scoreBins,
    int lookbackMonths,
    String groupBy,
    List<SegmentRule> segments,
    String defaultSegment,
    List<String> nonCommercialRelationships) {

  private static final String P = "clientele.rfm.";

  /** One named segment: inclusive score ranges; a rule matches when all three ranges hold. */
  public record SegmentRule(String name, int rLo, int rHi, int fLo, int fHi, int mLo, int mHi) {}

  public static RfmSettings from(Config c) {
    try {
      int bins = c.getInt(P + "score-bins");
      if (bins < 2 || bins > 100) {
        throw Errors.config(P + "score-bins = " + bins + " must be between 2 and 100");
      }
      int lookback = c.getInt(P + "lookback-months");
      if (lookback < 0) {
        throw Errors.config(P + "lookback-months = " + lookback + " must be >= 0 (0 = no limit)");
      }
      List<SegmentRule> rules = new ArrayList<>();
      List<? extends Config> list = c.getConfigList(P + "segments");
      for (int i = 0; i < list.size(); i++) {
        rules.add(rule(list.get(i), i, bins));
      }
      return new RfmSettings(
          bins,
          lookback,
          c.getString(P + "group-by").trim(),
          List.copyOf(rules),
          c.getString(P + "default-segment"),
          List.copyOf(c.getStringList(P + "non-commercial-relationships")));
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
  }

  private static SegmentRule rule(Config r, int index, int bins) {
    String where = P + "segments[" + index + "]";
    if (!r.hasPath("name") || r.getString("name").isBlank()) {
      throw Errors.config(where + " has no name");
    }
    String name = r.getString("name");
    int[] rr = range(r, "r", where + " '" + name + "'", bins);
    int[] ff = range(r, "f", where + " '" + name + "'", bins);
    int[] mm =
        r.hasPath("m") ? range(r, "m", where + " '" + name + "'", bins) : new int[] {1, bins};
    return new SegmentRule(name, rr[0], rr[1], ff[0], ff[1], mm[0], mm[1]);
  }

  /** An inclusive [lo, hi] range that must lie in 1..bins; r and f are required. */
  private static int[] range(Config r, String key, String where, int bins) {
    if (!r.hasPath(key)) {
      throw Errors.config(where + " has no '" + key + "' range; give it as [lo, hi]");
    }
    List<Integer> v = r.getIntList(key);
    if (v.size() != 2 || v.get(0) > v.get(1) || v.get(0) < 1 || v.get(1) > bins) {
      throw Errors.config(
          where
              + ": "
              + key
              + " = "
              + v
              + " is not a range [lo, hi] within 1.."
              + bins
              + " ("
              + P
              + "score-bins); fix the rule or the number of bins");
    }
    return new int[] {v.get(0), v.get(1)};
  }
}
