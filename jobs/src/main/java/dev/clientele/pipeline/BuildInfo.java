package dev.clientele.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The jar's version and git commit, written into the jar by the build. */
public final class BuildInfo {
  private static final Properties PROPS = load();

  private BuildInfo() {}

  public static String version() {
    return PROPS.getProperty("version", "unknown");
  }

  public static String gitCommit() {
    return PROPS.getProperty("git.commit", "unknown");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/clientele/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // No build info is not worth failing a run for.
    }
    return p;
  }
}
