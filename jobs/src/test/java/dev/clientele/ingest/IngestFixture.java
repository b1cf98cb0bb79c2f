package dev.clientele.ingest;

import com.typesafe.config.Config;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the ingest stage on a HOCON snippet into a warehouse of its own. */
final class IngestFixture {
  final Path dir;
  final Path warehouse;
  private int runs;

  IngestFixture(Path dir) {
    this.dir = dir;
    this.warehouse = dir.resolve("warehouse");
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  Path writeBytes(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  Config config(String hocon, String... sets) throws IOException {
    Path conf = write("test-" + System.nanoTime() + ".conf", hocon);
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("clientele.warehouse=\"" + warehouse + "\"");
    return ConfigLoader.load(null, conf, all, Map.of());
  }

  TableIO io() {
    return new TableIO(SparkTest.spark(), Settings.absoluteUri(warehouse.toString()));
  }

  StageResult run(Config config) {
    Settings settings = new Settings(config);
    String runId = "run-" + (++runs);
    RunContext ctx =
        new RunContext(
            settings,
            SparkTest.spark(),
            io(),
            runId,
            LocalDate.of(2024, 12, 31),
            Instant.now(),
            new RunSummary(runId, "ingest", "2024-12-31", Instant.now(), settings.hash()));
    IngestStage stage = new IngestStage();
    stage.validate(settings);
    return stage.run(ctx);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> source(StageResult r, String name) {
    return (Map<String, Object>) ((Map<String, Object>) r.details().get("sources")).get(name);
  }
}
