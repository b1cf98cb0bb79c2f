package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.clientele.Errors;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the merged configuration. Precedence, lowest first: the bundled {@code application.conf}
 * defaults, the profile file ({@code conf/<profile>.conf}, bundled in the jar), {@code --config
 * FILE}, {@code --set key=value}, then environment variables {@code CLIENTELE__A__B_C=v} which map
 * to {@code clientele.a.b-c = v}.
 */
public final class ConfigLoader {
  public static final String ROOT = "clientele";
  public static final String ENV_PREFIX = "CLIENTELE__";
  public static final String PROFILE_ENV = "CLIENTELE_PROFILE";

  /** Subtrees whose keys are the user's own names (sources, Spark settings, segment families). */
  private static final List<String> OPEN_SUBTREES =
      List.of(
          "clientele.sources.",
          "clientele.spark.conf.",
          "clientele.segments.families.",
          "clientele.exchange-rates.",
          // Custom attributes: their names are the user's; AttributeSettings checks each entry.
          "clientele.attributes.");

  private ConfigLoader() {}

  public static Config load(
      String profile, Path configFile, List<String> sets, Map<String, String> environment) {
    Config defaults = bundled("clientele/application.conf");
    Config merged = defaults;
    if (profile != null && !profile.isBlank()) {
      Config profileConf = bundled("clientele/profiles/" + profile + ".conf");
      if (profileConf.isEmpty()) {
        throw Errors.config("unknown profile '" + profile + "'; known profiles: local, cluster");
      }
      merged = profileConf.withFallback(merged);
    }
    if (configFile != null) {
      File file = configFile.toFile();
      if (!file.isFile()) {
        throw Errors.config("configuration file " + configFile + " does not exist");
      }
      merged =
          parse(() -> ConfigFactory.parseFile(file, strict()), configFile.toString())
              .withFallback(merged);
    }
    merged = overrides(sets).withFallback(merged);
    merged = environmentOverrides(environment).withFallback(merged);
    try {
      merged = merged.resolve();
    } catch (ConfigException e) {
      throw Errors.config(e.getMessage());
    }
    rejectUnknownKeys(merged, defaults);
    return merged;
  }

  static Config overrides(List<String> sets) {
    Config result = ConfigFactory.empty();
    if (sets == null) {
      return result;
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw Errors.config("--set expects key=value, got '" + set + "'");
      }
      String key = set.substring(0, eq).trim();
      String value = set.substring(eq + 1);
      // Parse the value as HOCON so lists and numbers work ("[a, b]", "4"); fall back to string.
      Config parsed;
      try {
        parsed = ConfigFactory.parseString("v = " + value);
      } catch (ConfigException e) {
        parsed = ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(value));
      }
      result = result.withValue(key, parsed.getValue("v")).withFallback(result);
    }
    return result;
  }

  static Config environmentOverrides(Map<String, String> environment) {
    Config result = ConfigFactory.empty();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(environment).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String path =
          ROOT
              + "."
              + e.getKey()
                  .substring(ENV_PREFIX.length())
                  .toLowerCase(Locale.ROOT)
                  .replace("__", ".")
                  .replace('_', '-');
      result = overrides(List.of(path + "=" + e.getValue())).withFallback(result);
    }
    return result;
  }

  private static void rejectUnknownKeys(Config merged, Config defaults) {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : merged.getConfig(ROOT).entrySet()) {
      String path = ROOT + "." + e.getKey();
      if (defaults.hasPathOrNull(path) || OPEN_SUBTREES.stream().anyMatch(path::startsWith)) {
        continue;
      }
      unknown.add(path);
    }
    if (!unknown.isEmpty()) {
      throw Errors.unknownKeys(unknown);
    }
  }

  private static Config bundled(String resource) {
    return parse(
        () ->
            ConfigFactory.parseResources(
                ConfigLoader.class.getClassLoader(), resource, ConfigParseOptions.defaults()),
        resource);
  }

  private static ConfigParseOptions strict() {
    return ConfigParseOptions.defaults().setAllowMissing(false);
  }

  private static Config parse(java.util.function.Supplier<Config> parser, String where) {
    try {
      return parser.get();
    } catch (ConfigException e) {
      throw Errors.config("cannot parse " + where + ": " + e.getMessage());
    }
  }
}
