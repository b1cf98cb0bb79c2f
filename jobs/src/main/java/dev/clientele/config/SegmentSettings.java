package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import dev.clientele.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The rule-based segment families of {@code clientele.segments.families}: per family a mode, a
 * default segment and an ordered list of rules (a name and a Spark SQL boolean expression).
 * Families come sorted by name so runs are reproducible whatever the HOCON key order. A buyer with
 * at least {@code onlinePreferenceShare} of purchases online prefers online (at most one minus it:
 * offline; between: omnichannel).
 */
public record SegmentSettings(double onlinePreferenceShare, List<SegmentSettings.Family> families) {
  /** The family name reserved for the behavioural clusters. */
  public static final String CLUSTER_FAMILY = "behavioural_cluster";

  /** exclusive: first matching rule wins, else the default; overlapping: every matching rule. */
  public enum Mode {
    EXCLUSIVE,
    OVERLAPPING
  }

  /** One segment: its name and the Spark SQL boolean expression that selects its members. */
  public record Rule(String name, String when) {}

  /** A family; {@code defaultSegment} may be null for an overlapping family. */
  public record Family(String name, Mode mode, String defaultSegment, List<Rule> rules) {}

  public static SegmentSettings from(Config config) {
    String root = "clientele.segments.families";
    ConfigObject families = config.getObject(root);
    List<Family> result = new ArrayList<>();
    for (String name : new TreeSet<>(families.keySet())) {
      result.add(family(name, config.getConfig(root + ".\"" + name + "\""), root + "." + name));
    }
    double share = config.getDouble("clientele.segments.online-preference-share");
    if (share <= 0.5 || share > 1.0) {
      throw Errors.config(
          "clientele.segments.online-preference-share: expected a share in (0.5, 1], got " + share);
    }
    return new SegmentSettings(share, List.copyOf(result));
  }

  private static Family family(String name, Config c, String path) {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw Errors.config(
          path + ": family names are snake_case ([a-z][a-z0-9_]*), got '" + name + "'");
    }
    if (name.equals(CLUSTER_FAMILY)) {
      throw Errors.config(path + ": '" + CLUSTER_FAMILY + "' is reserved for the clusters");
    }
    try {
      Mode mode = mode(c.hasPath("mode") ? c.getString("mode") : "exclusive", path);
      String dflt = c.hasPath("default") ? c.getString("default") : null;
      if (mode == Mode.EXCLUSIVE && (dflt == null || dflt.isBlank())) {
        throw Errors.config(
            path + ": an exclusive family needs a default segment (default = \"...\")");
      }
      List<Rule> rules = new ArrayList<>();
      for (Config r : c.getConfigList("rules")) {
        String rule = r.getString("name");
        if (rule.isBlank()) {
          throw Errors.config(path + ": a rule has an empty name");
        }
        rules.add(new Rule(rule, r.getString("when")));
      }
      return new Family(name, mode, dflt, List.copyOf(rules));
    } catch (ConfigException e) {
      throw Errors.config(path + ": " + e.getMessage());
    }
  }

  private static Mode mode(String value, String path) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "exclusive" -> Mode.EXCLUSIVE;
      case "overlapping" -> Mode.OVERLAPPING;
      default ->
          throw Errors.config(
              path + ".mode: expected exclusive or overlapping, got '" + value + "'");
    };
  }
}
