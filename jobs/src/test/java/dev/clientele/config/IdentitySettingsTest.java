package dev.clientele.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.testkit.SparkTest;
import org.junit.jupiter.api.Test;

/** The fuzzy rule's settings: the shipped score block parses, bad values are named. */
class IdentitySettingsTest {
  private static Config shipped(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(
            ConfigFactory.parseFile(
                SparkTest.projectDir().resolve("conf/application.conf").toFile()))
        .resolve();
  }

  @Test
  void shippedScoreRuleParses() {
    IdentitySettings s = IdentitySettings.from(shipped("clientele.identity.fuzzy.rule = score"));
    IdentitySettings.Fuzzy f = s.fuzzy();
    assertEquals("score", f.rule());
    assertEquals(3.0, f.minScore());
    assertEquals("first_name", f.comparisons().get(0).name());
    assertEquals(
        new IdentitySettings.Level("l_first_name_norm = r_first_name_norm", 2.0),
        f.comparisons().get(0).levels().get(0));
    assertTrue(f.comparisons().stream().anyMatch(c -> c.name().equals("birth_date")));
  }

  @Test
  void unknownRuleAndEmptyScoreAreRejected() {
    ClienteleException rule =
        assertThrows(
            ClienteleException.class,
            () -> IdentitySettings.from(shipped("clientele.identity.fuzzy.rule = fellegi")));
    assertTrue(rule.getMessage().contains("clientele.identity.fuzzy.rule"), rule.getMessage());
    ClienteleException empty =
        assertThrows(
            ClienteleException.class,
            () ->
                IdentitySettings.from(
                    shipped("clientele.identity.fuzzy { rule = score, score.comparisons = [] }")));
    assertTrue(empty.getMessage().contains("score.comparisons"), empty.getMessage());
    ClienteleException level =
        assertThrows(
            ClienteleException.class,
            () ->
                IdentitySettings.from(
                    shipped(
                        "clientele.identity.fuzzy { rule = score, score.comparisons = [ { name ="
                            + " x, levels = [ { when = \" \", weight = 1 } ] } ] }")));
    assertTrue(level.getMessage().contains("'x'"), level.getMessage());
  }
}
