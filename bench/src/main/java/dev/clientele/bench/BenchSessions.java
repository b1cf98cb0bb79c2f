package dev.clientele.bench;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The embedded session of the benchmark tools: the local profile, scratch space in a folder. */
final class BenchSessions {
  private BenchSessions() {}

  static SparkSession local(Path scratch) {
    Settings settings =
        new Settings(
            ConfigLoader.load(
                "local",
                null,
                List.of("clientele.warehouse=" + scratch.toAbsolutePath()),
                Map.of()));
    return SparkSessions.create(settings);
  }
}
