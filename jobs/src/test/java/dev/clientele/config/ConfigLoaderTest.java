package dev.clientele.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Test
  void layersApplyInDocumentedOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my.conf");
    Files.writeString(
        file,
        "clientele { rfm.score-bins = 4, pareto.a-share = 0.7, time-zone = \"Europe/Paris\" }");
    Config c =
        ConfigLoader.load(
            "local",
            file,
            List.of("clientele.pareto.a-share=0.75", "clientele.identity.max-cluster-size=10"),
            Map.of("CLIENTELE__IDENTITY__MAX_CLUSTER_SIZE", "12", "UNRELATED", "x"));
    assertEquals(4, c.getInt("clientele.rfm.score-bins"), "--config overrides the defaults");
    assertEquals(0.75, c.getDouble("clientele.pareto.a-share"), "--set overrides --config");
    assertEquals(
        12, c.getInt("clientele.identity.max-cluster-size"), "environment overrides --set");
    assertEquals("Europe/Paris", c.getString("clientele.time-zone"));
    assertEquals(
        "local[*]", c.getString("clientele.spark.master"), "the local profile sets the master");
  }

  @Test
  void sourcesAreAnOpenObjectSettableFromTheCommandLine() {
    Config c =
        ConfigLoader.load(
            null,
            null,
            List.of(
                "clientele.sources.pos.path=/data/pos/*.csv", "clientele.sources.pos.format=csv"),
            Map.of());
    assertEquals("/data/pos/*.csv", c.getString("clientele.sources.pos.path"));
  }

  @Test
  void unknownKeysAreRejectedByName() {
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> ConfigLoader.load(null, null, List.of("clientele.rfm.score-binz=4"), Map.of()));
    assertTrue(e.getMessage().contains("clientele.rfm.score-binz"), e.getMessage());
  }

  @Test
  void unknownProfileAndMissingFileAreClearErrors() {
    ClienteleException p =
        assertThrows(
            ClienteleException.class,
            () -> ConfigLoader.load("staging", null, List.of(), Map.of()));
    assertTrue(p.getMessage().contains("unknown profile 'staging'"), p.getMessage());
    ClienteleException f =
        assertThrows(
            ClienteleException.class,
            () -> ConfigLoader.load(null, Path.of("/nonexistent/x.conf"), List.of(), Map.of()));
    assertTrue(f.getMessage().contains("/nonexistent/x.conf"), f.getMessage());
  }

  @Test
  void pathsResolveToAbsoluteUrisAndKeepGlobs() {
    String abs = Settings.absoluteUri("data-samples/online/*.csv");
    assertTrue(abs.startsWith("file:/") && abs.endsWith("data-samples/online/*.csv"), abs);
    assertEquals("s3a://bucket/wh", Settings.absoluteUri("s3a://bucket/wh/"));
  }

  @Test
  void printedConfigMasksSecrets() {
    Settings s =
        new Settings(
            ConfigLoader.load(
                null, null, List.of("clientele.privacy.dev-secret=hunter2"), Map.of()));
    String rendered = s.render();
    assertTrue(!rendered.contains("hunter2"), rendered);
    assertTrue(rendered.contains("score-bins"), "the rendering holds the configuration");
  }
}
