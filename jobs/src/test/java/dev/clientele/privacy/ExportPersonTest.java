package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clientele.cli.ClienteleMain;
import dev.clientele.io.TableCatalogue;
import dev.clientele.io.TableSpec;
import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.OutputCapture.Captured;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-person} (the right of access, issue 18 point 4) on the shared sample run, which it
 * must leave as it is: Manon Girard (data-samples/README.md, person 5) by her account key, her
 * guest order written {@code Manon.Girard@example.fr} included, counted per table apart from the
 * job; refused targets and a refused placeholder identifier.
 */
@ExtendWith(SparkTest.class)
class ExportPersonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Manon's source keys (account, loyalty card) and values, from data-samples/. */
  private static final List<String> KEYS = List.of("A0004", "L0000004");

  private static final List<String> HER_VALUES =
      List.of("a0004", "l0000004", "manon", "girard", "+33699887766", "06.99.88.77.66");

  @TempDir Path dir;

  @Test
  void everyRowOfAPersonIsExportedGuestOrderIncludedAndTheWarehouseIsUntouched()
      throws IOException {
    Path wh = SamplePipeline.warehouse();
    Map<String, String> before = files(wh);
    Path out = dir.resolve("request-1");
    Captured<Integer> r = cli("export-person", "--customer-key", "accounts:A0004", "--out", out);
    assertEquals(0, r.result(), r.text());
    assertEquals(before, files(wh), "the warehouse is only read: no file added or changed");
    try (Stream<Path> siblings = Files.list(dir)) {
      assertEquals(List.of(out), siblings.toList(), "no temporary folder is left beside it");
    }

    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    Map<String, Long> exported = new TreeMap<>();
    for (JsonNode t : manifest.get("tables")) {
      String table = t.get("table").asText();
      long rows = t.get("rows").asLong();
      exported.put(table, rows);
      Path file = out.resolve(table + ".jsonl");
      assertEquals(rows > 0, Files.exists(file), table + ": a file exactly when it has rows");
      assertEquals(rows, rows > 0 ? lines(file).size() : 0, table + ": lines = manifest rows");
    }
    assertEquals(
        TableCatalogue.all().stream()
            .filter(TableSpec::keyedByPerson)
            .map(TableSpec::name)
            .collect(Collectors.toCollection(TreeSet::new)),
        exported.keySet(),
        "every table keyed by person is listed");
    assertEquals(expected(wh), exported, "rows per table, counted apart from the job");
    assertEquals(
        exported.values().stream().mapToLong(Long::longValue).sum(),
        manifest.get("rows_total").asLong(),
        "the manifest's total");

    List<String> orders = new ArrayList<>();
    for (String line : lines(out.resolve("bronze_transactions.jsonl"))) {
      orders.add(JSON.readTree(line).get("order_id").asText());
    }
    // W900007 is her guest order, carrying only "Manon.Girard@example.fr" (no customer key).
    assertTrue(orders.containsAll(List.of("W900006", "W900007", "P900009")), orders.toString());
    String profile = lines(out.resolve("unified_profiles.jsonl")).get(0);
    assertTrue(profile.contains("\"last_name\":\"Girard\""), "her profile, readable: " + profile);
    assertNoneOfHerValuesIn(r.text());
  }

  @Test
  void targetsThatExistOrLieInsideTheWarehouseAndPlaceholderIdentifiersAreRefused()
      throws IOException {
    Path wh = SamplePipeline.warehouse();
    Path full = Files.createDirectories(dir.resolve("full"));
    Path mine = Files.writeString(full.resolve("my-notes.txt"), "keep me");
    Captured<Integer> nonEmpty =
        cli("export-person", "--customer-key", "accounts:A0004", "--out", full);
    assertEquals(2, nonEmpty.result(), "a non-empty --out: usage exit code");
    assertTrue(nonEmpty.text().contains("is a folder that is not empty"), nonEmpty.text());
    assertEquals("keep me", Files.readString(mine), "the user's file is untouched");
    try (Stream<Path> files = Files.list(full)) {
      assertEquals(List.of(mine), files.toList(), "nothing added to it");
    }

    Path inside = wh.resolve("exports/request-1");
    Captured<Integer> inWarehouse =
        cli("export-person", "--customer-key", "accounts:A0004", "--out", inside);
    assertEquals(2, inWarehouse.result(), "--out inside the warehouse: usage exit code");
    assertTrue(inWarehouse.text().contains("is inside the warehouse"), inWarehouse.text());
    assertFalse(Files.exists(wh.resolve("exports")), "nothing written in the warehouse");

    Path fresh = dir.resolve("placeholder");
    Captured<Integer> blocked = cli("export-person", "--email", "Test@Test.com", "--out", fresh);
    assertEquals(3, blocked.result(), "a blocked identifier alone is refused");
    assertTrue(blocked.text().contains("blocked-identifiers"), blocked.text());
    assertTrue(blocked.text().contains("nothing is exported"), blocked.text());
    assertFalse(blocked.text().toLowerCase().contains("test@test.com"), "the value not echoed");
    assertFalse(Files.exists(fresh), "no folder for a refused request");

    Path requests =
        Files.writeString(
            dir.resolve("two.txt"),
            "customer-key=accounts:A0004\n" + "email=manon.girard@example.fr\n");
    Captured<Integer> two = cli("export-person", "--requests", requests.toString(), "--out", fresh);
    assertEquals(2, two.result(), "a requests file naming two people: usage exit code");
    assertTrue(two.text().contains("exports one person"), two.text());
    assertNoneOfHerValuesIn(nonEmpty.text() + inWarehouse.text() + two.text());
  }

  /**
   * Manon's rows per table, worked out from her source keys and e-mail with plain filters: her
   * customer id is the identity map's for her account; rows hold that id, one of her keys, or (in
   * bronze) one of her identifiers. She has no page views, no quarantined row, no former id.
   */
  private static Map<String, Long> expected(Path wh) {
    String id =
        read(wh, "customer_identity_map")
            .where(col("source").equalTo("accounts").and(col("customer_key").equalTo("A0004")))
            .select("customer_id")
            .first()
            .getString(0);
    Column byId = col("customer_id").equalTo(id);
    Column byKey = col("customer_key").isin(KEYS.toArray());
    // In bronze: her e-mail lower-cased, her card as a loyalty id, her phone's digits.
    Column byIdentifier =
        lower(trim(col("email")))
            .equalTo("manon.girard@example.fr")
            .or(upper(trim(col("loyalty_id"))).isin(KEYS.toArray()))
            .or(regexp_replace(col("phone"), "[^0-9]", "").endsWith("699887766"));
    Column fuzzy = lit(false);
    Column inRaw = lower(col("raw_row")).contains("manon.girard");
    for (String k : KEYS) {
      fuzzy = fuzzy.or(col("record_a").endsWith("|" + k)).or(col("record_b").endsWith("|" + k));
      inRaw = inRaw.or(col("raw_row").contains(k));
    }
    Map<String, Column> held = new LinkedHashMap<>();
    for (String t :
        List.of(
            "customer_segments",
            "segment_membership",
            "segment_changes",
            "customer_clv",
            "customer_metrics",
            "transactions",
            "unified_profiles",
            "customer_identity_map")) {
      held.put(t, byId);
    }
    held.put(
        "customer_id_history",
        col("old_customer_id").equalTo(id).or(col("new_customer_id").equalTo(id)));
    held.put("match_explanations", fuzzy);
    held.put("data_quality_issues", byKey);
    held.put("bronze_events", byKey);
    held.put("bronze_costs", byKey);
    held.put("bronze_payments", byKey);
    held.put("bronze_surveys", byKey);
    held.put("bronze_customers", byKey.or(byIdentifier));
    held.put("bronze_transactions", byKey.or(byIdentifier));
    held.put("quarantine", inRaw);
    Map<String, Long> counts = new TreeMap<>();
    held.forEach(
        (t, c) ->
            counts.put(t, Files.isDirectory(wh.resolve(t)) ? read(wh, t).where(c).count() : 0L));
    // order_days is keyed by identity record, not by customer id: her rows are those of her
    // orders, found from her silver lines (an order id is unique within its source).
    if (Files.isDirectory(wh.resolve("order_days"))) {
      Dataset<Row> herOrders =
          read(wh, "transactions").where(byId).select("source", "order_id").distinct();
      counts.put(
          "order_days",
          read(wh, "order_days")
              .join(
                  herOrders,
                  scala.jdk.javaapi.CollectionConverters.asScala(List.of("source", "order_id"))
                      .toSeq(),
                  "left_semi")
              .count());
    }
    assertEquals(2, counts.get("bronze_customers"), "her account and her card");
    assertTrue(counts.get("customer_metrics") > 0, "her metrics are in the sample run");
    return counts;
  }

  private static void assertNoneOfHerValuesIn(String output) {
    String text = output.toLowerCase();
    for (String v : HER_VALUES) {
      assertFalse(text.contains(v), "the console shows '" + v + "':\n" + output);
    }
  }

  private static Captured<Integer> cli(String command, Object... args) {
    List<String> all = new ArrayList<>(List.of(command));
    for (Object a : args) {
      all.add(a.toString());
    }
    all.addAll(
        List.of(
            "--config",
            SparkTest.projectDir().resolve("conf/samples.conf").toString(),
            "--set",
            "clientele.warehouse=" + SamplePipeline.warehouse()));
    return OutputCapture.during(() -> ClienteleMain.execute(all.toArray(String[]::new)));
  }

  private static Dataset<Row> read(Path wh, String table) {
    return SparkTest.spark().read().format("delta").load(wh.resolve(table).toString());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under the warehouse with its size and modification time. */
  private static Map<String, String> files(Path wh) throws IOException {
    try (Stream<Path> all = Files.walk(wh)) {
      return all.filter(Files::isRegularFile)
          .collect(
              Collectors.toMap(
                  p -> wh.relativize(p).toString(),
                  p -> p.toFile().length() + "@" + p.toFile().lastModified(),
                  (a, b) -> a,
                  TreeMap::new));
    }
  }
}
