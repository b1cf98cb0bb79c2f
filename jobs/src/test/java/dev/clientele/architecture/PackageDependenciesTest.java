package dev.clientele.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the package map of docs/architecture.md: a plain scan of the main sources for references to
 * {@code dev.clientele.<package>.} (imports and fully qualified names), no bytecode library. The
 * base package ({@code dev.clientele}: Errors, ExitCode, Redact: what a user sees of a failure)
 * depends on nothing of ours.
 */
class PackageDependenciesTest {
  private static final String BASE = "(base)";
  private static final Pattern REF = Pattern.compile("dev\\.clientele\\.([a-z]+)\\.");
  private static final Pattern BASE_REF =
      Pattern.compile("import (?:static )?dev\\.clientele\\.[A-Z]");

  /** Each package and the packages it may use: the table of docs/architecture.md. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry(BASE, Set.of()),
          Map.entry("schema", Set.of(BASE)),
          Map.entry("run", Set.of("schema")),
          Map.entry("config", Set.of(BASE, "schema")),
          Map.entry("spark", Set.of(BASE, "config")),
          Map.entry("io", Set.of(BASE, "run", "config", "schema")),
          Map.entry("pipeline", Set.of(BASE, "run", "config", "io", "schema", "spark")),
          Map.entry("privacy", Set.of(BASE, "identity", "io", "schema")),
          Map.entry(
              "ingest",
              Set.of(BASE, "run", "config", "identity", "io", "pipeline", "privacy", "schema")),
          Map.entry("identity", Set.of(BASE, "run", "config", "io", "pipeline", "schema")),
          // metrics -> identity: order_days is keyed by identity record node, built from bronze
          // lines keyed (guest keys, customer sources) exactly as the resolver keys them.
          Map.entry(
              "metrics", Set.of(BASE, "run", "config", "identity", "io", "pipeline", "schema")),
          // segments -> metrics: the feature view reads the same customer order days as score
          // and clv, through the one class that refreshes and resolves them.
          Map.entry(
              "segments", Set.of(BASE, "run", "config", "io", "metrics", "pipeline", "schema")),
          Map.entry("report", Set.of(BASE, "run", "config", "io", "pipeline", "schema")),
          Map.entry("bi", Set.of(BASE, "io", "schema")),
          Map.entry("quality", Set.of(BASE, "config", "ingest", "io", "pipeline", "schema")),
          Map.entry(
              "cli",
              Set.of(
                  BASE,
                  "bi",
                  "config",
                  "identity",
                  "ingest",
                  "io",
                  "metrics",
                  "pipeline",
                  "privacy",
                  "quality",
                  "run",
                  "report",
                  "schema",
                  "segments",
                  "spark")));

  @Test
  void everyPackageUsesOnlyWhatTheArchitectureAllows() {
    Map<String, Set<String>> actual = dependencies();
    List<String> violations = new ArrayList<>();
    actual.forEach(
        (pkg, uses) -> {
          Set<String> allowed = ALLOWED.get(pkg);
          if (allowed == null) {
            violations.add(pkg + " is not in the package map of docs/architecture.md");
            return;
          }
          for (String used : uses) {
            if (!allowed.contains(used)) {
              violations.add(pkg + " -> " + used);
            }
          }
        });
    assertEquals(List.of(), violations, "package dependencies outside docs/architecture.md");
  }

  @Test
  void thePackageMapHasNoCycles() {
    for (String start : ALLOWED.keySet()) {
      assertTrue(
          !reaches(start, start, new TreeSet<>()),
          "the allowed dependencies of '" + start + "' lead back to it");
    }
  }

  private static boolean reaches(String from, String target, Set<String> seen) {
    for (String next : ALLOWED.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Set<String>> dependencies() {
    Path root = SparkTest.projectDir().resolve("jobs/src/main/java/dev/clientele");
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                Path rel = root.relativize(p);
                String pkg = rel.getNameCount() == 1 ? BASE : rel.getName(0).toString();
                Set<String> uses = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                String text = read(p);
                Matcher m = REF.matcher(text);
                while (m.find()) {
                  uses.add(m.group(1));
                }
                if (BASE_REF.matcher(text).find()) {
                  uses.add(BASE);
                }
                uses.remove(pkg);
                // Relocated libraries in the job jar are not packages of ours.
                uses.remove("shaded");
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deps;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
