package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.clientele.Errors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merged configuration plus the settings every stage shares. Stage-specific settings are small
 * records in this package built from {@link #config()} (e.g. {@code RfmSettings.from(config)}).
 */
public final class Settings {
  private final Config config;
  private final String warehouse;
  private final ZoneId timeZone;

  public Settings(Config config) {
    this.config = config;
    this.warehouse = absoluteUri(config.getString("clientele.warehouse"));
    try {
      this.timeZone = ZoneId.of(config.getString("clientele.time-zone"));
    } catch (RuntimeException e) {
      throw Errors.config("clientele.time-zone: " + e.getMessage());
    }
  }

  public Config config() {
    return config;
  }

  /** The warehouse as an absolute URI (file:/..., s3a://..., ...), without a trailing slash. */
  public String warehouse() {
    return warehouse;
  }

  public ZoneId timeZone() {
    return timeZone;
  }

  public String database() {
    return config.getString("clientele.database");
  }

  public String sparkMaster() {
    return config.getString("clientele.spark.master");
  }

  public Map<String, String> sparkConf() {
    Map<String, String> conf = new TreeMap<>();
    Config sc = config.getConfig("clientele.spark.conf");
    sc.entrySet()
        .forEach(e -> conf.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped())));
    return conf;
  }

  /**
   * Resolves a path to an absolute URI on the driver, so nothing depends on the working directory
   * of an executor. Paths with a scheme (s3a://, hdfs://, file:/) are kept as they are.
   */
  public static String absoluteUri(String path) {
    if (path == null || path.isBlank()) {
      return path;
    }
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
      return stripTrailingSlash(path);
    }
    // Not Path.toUri(): it would percent-encode glob characters that Hadoop must see as they are.
    return "file:" + stripTrailingSlash(Paths.get(path).toAbsolutePath().normalize().toString());
  }

  private static String stripTrailingSlash(String p) {
    return p.length() > 1 && p.endsWith("/") && !p.endsWith("://")
        ? p.substring(0, p.length() - 1)
        : p;
  }

  private static String unquote(String key) {
    return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  /** The merged configuration as HOCON text with secret-looking values masked. */
  public String render() {
    String rendered =
        config
            .getConfig("clientele")
            .atPath("clientele")
            .root()
            .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    return rendered.replaceAll(
        "(?im)^(\\s*\"?[a-z0-9.-]*(secret|password|token|key)\"?\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)",
        "$1\"***\"");
  }

  /** SHA-256 of the merged configuration, for the run summary (not of secrets: they are masked). */
  public String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(render().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw Errors.internal("the JVM offers no SHA-256", e);
    }
  }
}
