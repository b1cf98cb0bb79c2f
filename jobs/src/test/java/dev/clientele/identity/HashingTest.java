package dev.clientele.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.clientele.Errors.ClienteleException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
  @Test
  void hmacMatchesThePublishedExample() {
    // RFC 2104 HMAC-SHA256 example value from Wikipedia's "HMAC" article.
    assertEquals(
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        new Hashing("key").hmacHex("The quick brown fox jumps over the lazy dog"));
  }

  @Test
  void secretComesFromTheFileAndTheDevSecretCanBeRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "key\n");
    Hashing fromFile = Hashing.fromConfig(privacy("\"" + file + "\"", false));
    assertEquals(new Hashing("key").hmacHex("x"), fromFile.hmacHex("x"), "file secret, trimmed");
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> Hashing.fromConfig(privacy("\"\"", true)));
    assertTrue(e.getMessage().contains("refuse-dev-secret"), e.getMessage());
    assertEquals(
        new Hashing("dev").hmacHex("x"),
        Hashing.fromConfig(privacy("\"\"", false)).hmacHex("x"),
        "dev secret allowed");
  }

  private static Config privacy(String file, boolean refuse) {
    return ConfigFactory.parseString(
        "clientele.privacy { hmac-secret-env = "
            + "\"CLIENTELE_TEST_SURELY_UNSET_VARIABLE\", hmac-secret-file = "
            + file
            + ", dev-secret = \"dev\", refuse-dev-secret = "
            + refuse
            + " }");
  }
}
