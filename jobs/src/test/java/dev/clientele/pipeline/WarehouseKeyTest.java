package dev.clientele.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.testkit.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse records the fingerprint of its HMAC key and refuses a run with another key. */
@ExtendWith(SparkTest.class)
class WarehouseKeyTest {
  // HMAC-SHA-256("clientele-key-fingerprint") keyed with the development secret, first 16 hex,
  // worked out with: echo -n clientele-key-fingerprint | openssl dgst -sha256 -hmac <key>
  private static final String DEV_FINGERPRINT = "3edabd01702a79c9";
  private static final String OTHER_FINGERPRINT = "215c9ab3142d83b6";

  private static final Stage NOTHING =
      new Stage() {
        @Override
        public String name() {
          return "nothing";
        }

        @Override
        public StageResult run(RunContext ctx) {
          return new StageResult(0, 0);
        }
      };

  @Test
  void firstRunRecordsTheFingerprintAndARunWithAnotherKeyWritesNothing(@TempDir Path tmp)
      throws IOException {
    Path wh = tmp.resolve("wh");
    Path otherKey = tmp.resolve("other-key");
    Files.writeString(otherKey, "other-key\n");

    run(settings(wh, List.of()), "r1");
    Path file = wh.resolve("_meta/hmac_key.json");
    String json = Files.readString(file);
    assertTrue(json.contains("\"" + DEV_FINGERPRINT + "\""), "the dev key's fingerprint: " + json);
    assertFalse(json.contains("clientele-development-secret"), "the file holds no key: " + json);

    run(settings(wh, List.of()), "r2");
    assertTrue(Files.exists(wh.resolve("_runs/2024-12-31/r2.json")), "same key: runs go on");

    Map<String, String> before = listing(wh);
    Settings other =
        settings(wh, List.of("clientele.privacy.hmac-secret-file=\"" + otherKey + "\""));
    ClienteleException e = assertThrows(ClienteleException.class, () -> run(other, "r3"));
    assertEquals(ExitCode.CONFIG.code(), e.exitCode(), "a configuration error");
    assertTrue(
        e.getMessage().contains(DEV_FINGERPRINT), "names the warehouse's: " + e.getMessage());
    assertTrue(e.getMessage().contains(OTHER_FINGERPRINT), "names this run's: " + e.getMessage());
    assertTrue(e.getMessage().contains("CLIENTELE_UNSET_FOR_TEST"), "names the variable to set");
    assertFalse(e.getMessage().contains("other-key\""), "never the key");
    assertEquals(before, listing(wh), "nothing under the warehouse changed");
  }

  private static void run(Settings s, String runId) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    new Runner(s, out).run("nothing", List.of(NOTHING), LocalDate.parse("2024-12-31"), runId);
  }

  private static Settings settings(Path wh, List<String> extra) {
    List<String> sets = new ArrayList<>(extra);
    sets.add("clientele.warehouse=\"" + wh + "\"");
    // Independent of a CLIENTELE_HMAC_SECRET in the environment of the build.
    sets.add("clientele.privacy.hmac-secret-env=CLIENTELE_UNSET_FOR_TEST");
    return new Settings(ConfigLoader.load("local", null, sets, Map.of()));
  }

  /** Every file and directory under the warehouse with its size and modification time. */
  private static Map<String, String> listing(Path wh) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(wh)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        m.put(wh.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return m;
  }
}
