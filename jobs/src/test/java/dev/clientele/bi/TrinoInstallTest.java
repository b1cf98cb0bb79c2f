package dev.clientele.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of `clientele bi` that need no server: Java discovery, paths, the view's query. */
class TrinoInstallTest {
  @TempDir Path tmp;

  @Test
  void readsTheMajorVersionOfAJdkFromItsReleaseFile() throws Exception {
    Files.writeString(tmp.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25.0.3\"\n");
    assertEquals(Optional.of(25), TrinoInstall.majorVersion(tmp), "25.0.3");
    Files.writeString(tmp.resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\n");
    assertEquals(Optional.of(8), TrinoInstall.majorVersion(tmp), "1.8");
    assertEquals(Optional.empty(), TrinoInstall.majorVersion(tmp.resolve("none")), "no release");
  }

  @Test
  void namesWhatItLookedAtWhenNoJava24IsFound() {
    Path old = tmp.resolve("jdk-17");
    try {
      Files.createDirectories(old.resolve("bin"));
      Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    // Only meaningful where the test JVM and the usual folders hold no Java 24+ either.
    if (Runtime.version().feature() < 24 && noJava24InTheUsualFolders()) {
      ClienteleException e =
          assertThrows(
              ClienteleException.class,
              () -> TrinoInstall.java(Map.of("JAVA_HOME", old.toString())));
      assertTrue(e.getMessage().contains("needs Java 24 or later"), e.getMessage());
      assertTrue(e.getMessage().contains("JAVA_HOME"), e.getMessage());
    } else {
      Path java = TrinoInstall.java(Map.of("JAVA_HOME", old.toString()));
      assertTrue(
          TrinoInstall.majorVersion(java.getParent().getParent()).orElse(0) >= 24,
          "a Java 24+ is chosen over JAVA_HOME's 17: " + java);
    }
  }

  private static boolean noJava24InTheUsualFolders() {
    try {
      TrinoInstall.java(Map.of());
      return false;
    } catch (ClienteleException e) {
      return true;
    }
  }

  @Test
  void theCurrentViewPinsTheVersionAndTheDate() {
    assertEquals(
        "SELECT * FROM t FOR VERSION AS OF 7 WHERE snapshot_date = DATE '2024-12-31'",
        TrinoCatalogue.currentQuery(
            "t",
            new Published.Pin(
                "t", OptionalLong.of(7), Optional.of(LocalDate.parse("2024-12-31")))));
    assertEquals(
        "SELECT * FROM t WHERE false",
        TrinoCatalogue.currentQuery(
            "t", new Published.Pin("t", OptionalLong.empty(), Optional.empty())),
        "nothing published: no rows");
  }

  @Test
  void quotesNamesAndPaths() {
    assertEquals("local:///tmp/wh/runs", TrinoCatalogue.location("file:/tmp/wh/runs"));
    assertEquals("'it''s'", TrinoCatalogue.literal("it's"));
    assertEquals("\"a\"\"b\"", TrinoCatalogue.quote("a\"b"));
    assertEquals(Path.of("/tmp/wh/_bi/trino"), TrinoServer.stateOf("file:/tmp/wh"));
    assertThrows(ClienteleException.class, () -> TrinoServer.stateOf("s3a://bucket/wh"));
  }
}
