package dev.clientele.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.identity.FuzzyMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Configured expressions may call built-in functions only, without subqueries. */
class ExpressionPolicyTest {
  private static final Path CONF = dev.clientele.testkit.SparkTest.projectDir().resolve("conf");

  @Test
  void refusesReflectInAMapping() {
    ClienteleException e =
        refused(
            "clientele.sources.pos.mapping.amount = \"reflect('java.lang.Runtime', 'getRuntime')\"");
    assertTrue(
        e.getMessage().contains("clientele.sources.pos.mapping.amount"), "names the setting");
    assertTrue(e.getMessage().contains("'reflect'"), "names the function: " + e.getMessage());
    assertTrue(e.getMessage().contains(ExpressionPolicy.ALLOW_UNSAFE), "names the way out");
    assertFalse(e.getMessage().contains("java.lang.Runtime"), "does not quote the expression");
    assertEquals(ExitCode.CONFIG.code(), e.exitCode(), "a configuration error");
  }

  @Test
  void refusesASubqueryInASegmentRule() {
    ClienteleException e =
        refused(
            "clientele.segments.families.geography.rules = [{ name = \"x\", when ="
                + " \"recency_days > (select max(recency_days) from delta.`/tmp/wh/x`)\" }]");
    assertTrue(
        e.getMessage().contains("clientele.segments.families.geography.rules[0].when"),
        e.getMessage());
    assertTrue(e.getMessage().contains("subquery"), e.getMessage());
  }

  @Test
  void refusesOtherEscapesWhereverExpressionsAre() {
    String[] cases = {
      "clientele.identity.fuzzy.blocking-keys = [\"java_method('java.lang.System', 'exit', 1)\"]",
      "clientele.identity.fuzzy.sub-blocking-key = \"try_reflect('a', 'b')\"",
      "clientele.lifecycle.rules = [{ status = lost, condition = \"exists(select 1)\" }]",
      "clientele.sources.pos.return-marker = \"my_registered_udf(x)\"",
      "clientele.sources.pos.mapping.email = \"upper(system.builtin.reflect('a', 'b'))\"",
      "clientele.sources.pos.mapping.email = \"transform(array(1), v -> reflect('a', 'b'))\"",
    };
    for (String c : cases) {
      assertThrows(ClienteleException.class, () -> ExpressionPolicy.check(config(c)), c);
    }
  }

  @Test
  void theCheckCanBeTurnedOff() {
    assertDoesNotThrow(
        () ->
            ExpressionPolicy.check(
                config(
                    "clientele.sources.pos.mapping.amount = \"reflect('a', 'b')\"",
                    ExpressionPolicy.ALLOW_UNSAFE + " = true")));
  }

  @Test
  void acceptsTheShippedConfigurations() throws IOException {
    List<Path> files = new ArrayList<>(List.of(CONF.resolve("samples.conf")));
    try (Stream<Path> examples = Files.list(CONF.resolve("examples"))) {
      examples.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
    }
    assertTrue(files.size() >= 5, "samples and examples found: " + files);
    for (Path f : files) {
      Config c = ConfigLoader.load("local", f, List.of(), Map.of());
      int checked = ExpressionPolicy.check(c);
      // The defaults alone hold well over 50 (identity levels, lifecycle, segment rules).
      assertTrue(checked > 50, f + ": the expressions were visited (" + checked + ")");
    }
    assertTrue(
        ExpressionPolicy.PROJECT_FUNCTIONS.contains(FuzzyMatch.JARO_WINKLER_SQL),
        "the project's UDF is allowed");
  }

  private static ClienteleException refused(String set) {
    return assertThrows(ClienteleException.class, () -> ExpressionPolicy.check(config(set)), set);
  }

  private static Config config(String... sets) {
    return ConfigLoader.load("local", CONF.resolve("samples.conf"), List.of(sets), Map.of());
  }
}
