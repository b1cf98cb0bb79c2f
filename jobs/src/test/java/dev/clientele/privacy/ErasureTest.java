package dev.clientele.privacy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.io.Runs;
import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import dev.clientele.testkit.WarehouseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The right to be forgotten on one copy of the sample run (data-samples/README.md), the people
 * erased one after another: Manon Girard by her account key (her guest order, written
 * Manon.Girard@..., goes with it), Chloé Dubois through a requests file by an e-mail spelled
 * otherwise, Hugo Lefèvre by his phone in another format, a person known only in quarantine,
 * erasures interrupted after a table and completed by a re-run, refusals of placeholder and shared
 * identifiers; then no value of theirs in the erase's Delta commits, and nobody back after a full
 * re-ingest.
 */
@ExtendWith(SparkTest.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureTest {
  private static Path wh;

  /** The commit files Chloé's erasure wrote (test 2). */
  private static final List<Path> CHLOE_COMMITS = new ArrayList<>();

  /** Quarantine rows planted in the copy: raw rows as ingest stores them. */
  private static final String CHLOE_WEB_ORDER =
      "W990009,1,A0002,,2024-13-45 10:00:00,BEA-2865,beauty,1,22.00,22.00,EUR,shop.example.fr";

  private static final String CHLOE_RECEIPT =
      "P990010;1;BDX01;L0000002;31/02/2024 10:00;VENTE;FAS-9049;fashion;1;45,00;45,00";
  private static final String OTHER_KEY_ACCOUNT =
      "{\"account_id\": \"A00020\", \"email\": \"paul.other@example.fr\", \"phone\"";
  private static final String ONLY_IN_QUARANTINE =
      "L0999998,Zoé,Quarantaine,Zoe.Quarantaine@Example.FR,,75011,Paris,31/02/1990,2022-03-15";

  @BeforeAll
  static void copyAndPlant() throws IOException {
    wh = WarehouseFiles.copy(SamplePipeline.warehouse(), "clientele-erasure-");
    Dataset<Row> q = read("quarantine");
    Timestamp ts = Timestamp.valueOf("2025-01-01 00:00:00");
    List<Row> rows = new ArrayList<>();
    String[][] planted = {
      {"web-orders", CHLOE_WEB_ORDER},
      {"pos-receipts", CHLOE_RECEIPT},
      {"accounts", OTHER_KEY_ACCOUNT},
      {"loyalty-cards", ONLY_IN_QUARANTINE}
    };
    for (String[] p : planted) {
      Object[] values = new Object[q.columns().length];
      List<String> cols = Arrays.asList(q.columns());
      values[cols.indexOf("source")] = p[0];
      values[cols.indexOf("run_id")] = "planted";
      values[cols.indexOf("reason")] = "impossible_date";
      values[cols.indexOf("raw_row")] = p[1];
      values[cols.indexOf("ingest_file")] = "planted";
      values[cols.indexOf("ingest_ts")] = ts;
      values[cols.indexOf("computed_at_ts")] = ts;
      rows.add(RowFactory.create(values));
    }
    SparkTest.spark()
        .createDataFrame(rows, q.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(wh.resolve("quarantine").toString());
  }

  @org.junit.jupiter.api.AfterAll
  static void deleteCopy() throws IOException {
    try (Stream<Path> files = Files.walk(wh)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void aGuestOrderSpelledOtherwiseGoesWithTheAccountAndAnInterruptedErasureIsCompleted() {
    // Lucas's erasure fails right after bronze_transactions (his receipts gone, his card not).
    String lucas = customerId("loyalty-cards", "L0000001");
    assertNotEquals(
        0,
        cli(
            "erase",
            "--customer-key",
            "loyalty-cards:L0000001",
            "--set",
            "clientele.testing.fail-after-table=bronze_transactions"),
        "the injected failure fails the run");
    assertTrue(
        read("bronze_customers").where(col("customer_key").equalTo("L0000001")).count() > 0,
        "bronze_customers not reached before the failure");

    // The next erase, of Manon by her account key, completes Lucas's first.
    String manon = customerId("accounts", "A0004");
    assertTrue(
        read("order_days")
                    .where(col("order_id").isin("W900007", "P900009"))
                    .select("order_id")
                    .distinct()
                    .count()
                == 2
            && read("order_days").where(col("node").endsWith("|A0004")).count() > 0,
        "order_days holds her guest order, her receipt and her account's orders before");
    assertEquals(0, cli("erase", "--customer-key", "accounts:A0004"), "erase exits 0");
    assertPersonGone(lucas, List.of("L0000001"), "+33622334455");
    assertPersonGone(manon, List.of("A0004", "L0000004"), "manon.girard@example.fr");
    // W900007 is the guest order with only "Manon.Girard@example.fr"; P900009 her card receipt.
    assertEquals(
        0,
        read("bronze_transactions").where(col("order_id").isin("W900007", "P900009")).count(),
        "her guest order and receipt are gone");
    assertEquals(
        0,
        read("order_days").where(col("order_id").isin("W900007", "P900009")).count(),
        "her guest order and receipt are gone from order_days (keyed by her records' nodes)");
    assertTrue(
        read("bronze_customers").where(col("customer_key").equalTo("A0002")).count() > 0,
        "another person's records are untouched");
    // Control: the same check fails for a person still there (Chloé, erased by the next test).
    org.junit.jupiter.api.Assertions.assertThrows(
        org.opentest4j.AssertionFailedError.class,
        () ->
            assertPersonGone(
                customerId("accounts", "A0002"),
                List.of("A0002", "L0000002"),
                "chloe.dubois@example.fr"),
        "the check finds a person who is still there");
    assertEquals(2, read("erasure_audit").count(), "two erasures done");
    assertFalse(
        read("erasure_audit").collectAsList().toString().toLowerCase().contains("a0004"),
        "no key in the audit");
  }

  @Test
  @Order(2)
  void aRequestsFileErasesByAnEMailSpelledOtherwiseAndQuarantineByWholeFields() throws IOException {
    String chloe = customerId("accounts", "A0002");
    Path file = Files.createTempFile("requests-", ".txt");
    // Chloé by her e-mail spelled otherwise; Zoé is known only by a quarantined row.
    Files.writeString(
        file,
        "# one person a line\n\nemail= CHLOE.Dubois@example.FR \nemail=zoe.quarantaine@example.fr\n");
    long quarantined = read("quarantine").count();
    List<Path> before = eraseCommits();
    // Killed after the last delete, before suppression and audit: the re-run of the file
    // completes Chloé's erasure (suppression included) and erases Zoé, never recorded before.
    assertNotEquals(
        0,
        cli(
            "erase",
            "--requests",
            file.toString(),
            "--set",
            "clientele.testing.fail-after-table=quarantine"),
        "the injected failure fails the run");
    assertEquals(2, read("erasure_audit").count(), "her erasure is not marked done");
    long suppressed = read("erasure_suppression").count();
    assertEquals(0, cli("erase", "--requests", file.toString()), "the re-run exits 0");
    assertTrue(
        read("erasure_suppression").count() > suppressed, "the re-run wrote her suppression");
    CHLOE_COMMITS.addAll(eraseCommits());
    CHLOE_COMMITS.removeAll(before);
    assertPersonGone(chloe, List.of("A0002", "L0000002"), "chloe.dubois@example.fr");
    List<String> raw =
        read("quarantine")
            .where(col("raw_row").isNotNull())
            .select("raw_row")
            .as(Encoders.STRING())
            .collectAsList();
    assertFalse(raw.contains(CHLOE_WEB_ORDER), "her key as a whole field in a web order");
    assertFalse(raw.contains(CHLOE_RECEIPT), "her card as a whole field in a receipt");
    assertTrue(raw.contains(OTHER_KEY_ACCOUNT), "A00020 contains A0002 but is not hers: kept");
    assertFalse(raw.contains(ONLY_IN_QUARANTINE), "a person known only in quarantine is erased");
    // Of the planted rows and the sample's own: her two planted rows, Zoé's, and the sample's
    // duplicate copy of P900005 (her receipt, quarantined as a duplicate).
    assertEquals(quarantined - 4, read("quarantine").count(), "exactly those rows deleted");
  }

  @Test
  @Order(4)
  void placeholderAndSharedIdentifiersAreRefusedWithoutEchoingThem() {
    long customers = read("bronze_customers").count();
    long requests = read("erasure_requests").count();
    OutputCapture.Captured<Integer> blocked =
        OutputCapture.during(() -> cli("erase", "--email", "Test@Test.com"));
    assertEquals(3, blocked.result(), "a blocked identifier alone is refused");
    assertTrue(blocked.text().contains("blocked-identifiers"), blocked.text());
    assertFalse(blocked.text().toLowerCase().contains("test@test.com"), "the value not echoed");

    // Hugo's phone is held by his account and his card: 2 records, over a frequency of 1.
    OutputCapture.Captured<Integer> shared =
        OutputCapture.during(
            () ->
                cli(
                    "erase",
                    "--phone",
                    "06 12 34 56 78",
                    "--set",
                    "clientele.identity.max-identifier-frequency=1"));
    assertEquals(3, shared.result(), "a shared identifier alone is refused");
    assertTrue(shared.text().contains("max-identifier-frequency"), shared.text());
    assertFalse(shared.text().contains("12 34 56 78"), "the value not echoed");
    assertEquals(customers, read("bronze_customers").count(), "nothing deleted");
    assertEquals(requests, read("erasure_requests").count(), "nothing recorded");
  }

  @Test
  @Order(5)
  void anErasureInterruptedAfterATableIsCompletedByTheReRun() {
    String hugo = customerId("accounts", "A0003");
    // Killed right after the identity map: the retry can no longer find him there.
    assertNotEquals(
        0,
        cli(
            "erase",
            "--phone",
            "+33 6 12 34 56 78",
            "--set",
            "clientele.testing.fail-after-table=customer_identity_map"),
        "the injected failure fails the run");
    assertEquals(
        0,
        read("customer_identity_map").where(col("customer_key").isin("A0003", "L0000003")).count(),
        "the identity map was deleted before the failure");
    assertTrue(
        read("bronze_customers").where(col("customer_key").equalTo("A0003")).count() > 0,
        "bronze not reached yet");
    assertEquals(0, cli("erase", "--phone", "06.12.34.56.78"), "the re-run exits 0");
    assertPersonGone(hugo, List.of("A0003", "L0000003"), "+33612345678");

    assertEquals(
        List.of(),
        read("erasure_requests")
            .select("erasure_id")
            .distinct()
            .join(
                read("erasure_audit").select("erasure_id"),
                new String[] {"erasure_id"},
                "left_anti")
            .as(Encoders.STRING())
            .collectAsList(),
        "every recorded erasure is audited (done)");
  }

  @Test
  @Order(6)
  void noErasedValueReachesTheEraseCommits() throws IOException {
    List<String> values =
        List.of(
            "manon.girard@example.fr",
            "chloe.dubois@example.fr",
            "zoe.quarantaine@example.fr",
            "a0002",
            "l0000002",
            "a0004",
            "+33612345678",
            "06 12 34 56 78");
    // Every erase commit's commitInfo (operation parameters: the DELETE predicates) holds none.
    List<String> found = new ArrayList<>();
    int commits = 0;
    for (Path log : eraseCommits()) {
      commits++;
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("{\"commitInfo\"")) {
          found.addAll(foundIn(line, values, log));
        }
      }
    }
    assertTrue(commits >= 10, "the erase commits were found: " + commits);
    assertEquals(List.of(), found, "erased values in the erase's commit info");
    // Chloé's erasure's commits hold none of her values at all, file statistics included (the
    // files it rewrote no longer hold her; those of later-erased people may still be in them).
    List<String> hers =
        List.of("chloe.dubois@example.fr", "a0002", "l0000002", "+33633445566", "06 33 44 55 66");
    assertTrue(CHLOE_COMMITS.size() >= 8, "her erasure's commits: " + CHLOE_COMMITS.size());
    for (Path log : CHLOE_COMMITS) {
      found.addAll(foundIn(Files.readString(log), hers, log));
    }
    assertEquals(List.of(), found, "her values in the commits of her erasure");

    // Positive control: a literal DELETE does leave its value in the commit the scan reads.
    Path t = wh.resolve("_control");
    SparkTest.spark()
        .createDataFrame(List.of(RowFactory.create("x.literal@example.fr")), schemaOfEmail())
        .write()
        .format("delta")
        .save(t.toString());
    io.delta.tables.DeltaTable.forPath(SparkTest.spark(), t.toString())
        .delete("email = 'x.literal@example.fr'");
    assertTrue(
        Files.readString(t.resolve("_delta_log/00000000000000000001.json"))
            .contains("x.literal@example.fr"),
        "the scan would see a literal predicate");
  }

  @Test
  @Order(7)
  void nobodyErasedComesBackAfterAFullReIngest() {
    assertEquals(0, cli("ingest", "--full-refresh"), "full re-ingest exits 0");
    // Resolve reads only bronze, so what bronze does not hold it cannot bring back.
    assertPersonGone(null, List.of("A0002", "L0000002"), "chloe.dubois@example.fr");
    assertPersonGone(null, List.of("A0004", "L0000004"), "manon.girard@example.fr");
    assertPersonGone(null, List.of("A0003", "L0000003"), "+33612345678");
    assertEquals(
        0,
        read("bronze_transactions").where(col("order_id").equalTo("W900007")).count(),
        "the guest order spelled Manon.Girard@ is suppressed at ingest");
    assertTrue(read("quarantine").where("reason = 'erased'").count() > 0, "counted as erased");
    assertEquals(0, read("quarantine").where("reason = 'erased' AND raw_row IS NOT NULL").count());
  }

  @Test
  @Order(8)
  void afterAPurgeNoFileUnderTheWarehouseHoldsAnErasedPerson() {
    // Every value of the five people erased above and of Camille, erased here with --purge, as a
    // whole token, in every file decoded.
    List<String> values = new ArrayList<>();
    for (String e :
        List.of(
            "manon.girard@example.fr",
            "chloe.dubois@example.fr",
            "zoe.quarantaine@example.fr",
            "camille.martin@example.fr")) {
      values.add(Pattern.quote(e));
    }
    for (String v :
        List.of(
            "A0002",
            "L0000002",
            "A0003",
            "L0000003",
            "A0004",
            "L0000004",
            "L0000001",
            "L0999998",
            "+33633445566",
            "0633445566",
            "06 33 44 55 66",
            "+33612345678",
            "0612345678",
            "06 12 34 56 78",
            "+33622334455",
            "0622334455",
            "06 22 33 44 55",
            "A0001",
            "+33611223344",
            "0611223344",
            "06 11 22 33 44")) {
      values.add(dev.clientele.testkit.WarehouseFiles.token(v));
    }
    List<String> before = dev.clientele.testkit.WarehouseFiles.find(wh, values);
    // Control: the files the erasures' deletes replaced still hold them (time travel reads them).
    assertTrue(
        before.stream().anyMatch(f -> f.startsWith(Pattern.quote("chloe.dubois@example.fr"))),
        "before the purge, older file versions hold Chloé: " + before);
    Map<String, Long> pinsBefore = new Runs(io()).publishedVersions();

    assertEquals(0, cli("erase", "--purge", "--customer-key", "accounts:A0001"), "erase --purge");

    assertEquals(List.of(), dev.clientele.testkit.WarehouseFiles.find(wh, values), "after it");
    // The published versions (what the BI views pin) still read: the purge kept their files, and
    // the erasures republished them past their deletes.
    Map<String, Long> pins = new Runs(io()).publishedVersions();
    assertEquals(pinsBefore.keySet(), pins.keySet(), "the same tables published");
    for (Map.Entry<String, Long> pin : pins.entrySet()) {
      long rows =
          SparkTest.spark()
              .read()
              .format("delta")
              .option("versionAsOf", pin.getValue())
              .load(wh.resolve(pin.getKey()).toString())
              .count();
      assertTrue(rows >= 0, pin.getKey() + " reads at its published version");
    }
    long latest =
        io.delta.tables.DeltaTable.forPath(
                SparkTest.spark(), wh.resolve("customer_metrics").toString())
            .history(1)
            .first()
            .getLong(0);
    assertEquals(
        latest,
        pins.get("customer_metrics"),
        "customer_metrics is published at its latest (post-erase) version");
  }

  private static dev.clientele.io.TableIO io() {
    return new dev.clientele.io.TableIO(SparkTest.spark(), "file:" + wh);
  }

  private static List<String> foundIn(String text, List<String> values, Path log) {
    List<String> found = new ArrayList<>();
    for (String v : values) {
      if (text.toLowerCase().contains(v)) {
        found.add(v + " in " + wh.relativize(log));
      }
    }
    return found;
  }

  /**
   * No row of the customer id, keys, e-mail (normalised) or phone (E.164) in any table. One query
   * per table: every condition is counted in the same aggregation.
   */
  private static void assertPersonGone(String customerId, List<String> keys, String identifier) {
    for (String table : tables()) {
      Dataset<Row> t = read(table);
      List<String> cols = Arrays.asList(t.columns());
      List<String> labels = new ArrayList<>();
      List<org.apache.spark.sql.Column> held = new ArrayList<>();
      for (String c : List.of("customer_id", "old_customer_id", "new_customer_id")) {
        if (customerId != null && cols.contains(c)) {
          labels.add(table + "." + c);
          held.add(col(c).equalTo(customerId));
        }
      }
      if (cols.contains("customer_key")) {
        labels.add(table + " key");
        held.add(col("customer_key").isin(keys.toArray()));
      }
      for (String c : List.of("email", "phone", "loyalty_id")) {
        if (cols.contains(c)) {
          // Worked out apart from the job: lower-cased e-mail, E.164 phone, upper-cased id.
          org.apache.spark.sql.Column v =
              identifier.startsWith("+")
                  ? dev.clientele.identity.Phones.e164(col(c), "FR")
                  : lower(trim(col(c)));
          labels.add(table + "." + c + " holds the person's value");
          held.add(
              v.equalTo(identifier)
                  .or(org.apache.spark.sql.functions.upper(trim(col(c))).isin(keys.toArray())));
        }
      }
      if (cols.contains("node")) {
        for (String k : keys) {
          labels.add(table + ": rows of the person's identity records");
          held.add(col("node").endsWith("|" + k));
        }
      }
      if (cols.contains("record_a")) {
        for (String k : keys) {
          labels.add(table + ": fuzzy matches of the person");
          held.add(col("record_a").endsWith("|" + k).or(col("record_b").endsWith("|" + k)));
        }
      }
      if (held.isEmpty()) {
        continue;
      }
      org.apache.spark.sql.Column[] counts =
          held.stream()
              .map(h -> org.apache.spark.sql.functions.count_if(coalesce(h, lit(false))))
              .toArray(org.apache.spark.sql.Column[]::new);
      Row row = t.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
      for (int i = 0; i < labels.size(); i++) {
        assertEquals(0L, row.getLong(i), labels.get(i));
      }
    }
  }

  private static String customerId(String source, String key) {
    return read("customer_identity_map")
        .where(col("source").equalTo(source).and(col("customer_key").equalTo(key)))
        .select("customer_id")
        .first()
        .getString(0);
  }

  /** The commit files written after the copy was made: the erase's and later runs'. */
  private static List<Path> eraseCommits() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(wh)) {
      files
          .filter(p -> p.getParent().getFileName().toString().equals("_delta_log"))
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.startsWith(wh.resolve("_control")))
          .filter(ErasureTest::writtenByErase)
          .forEach(out::add);
    }
    return out;
  }

  private static boolean writtenByErase(Path commit) {
    if (commit.toString().contains("/erasure_")) {
      return true;
    }
    try {
      String text = Files.readString(commit);
      return text.contains("\"operation\":\"DELETE\"");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static org.apache.spark.sql.types.StructType schemaOfEmail() {
    return new org.apache.spark.sql.types.StructType().add("email", "string");
  }

  private static int cli(String... args) {
    String[] common = {
      "--as-of",
      SamplePipeline.AS_OF,
      "--config",
      SparkTest.projectDir().resolve("conf/samples.conf").toString(),
      "--set",
      "clientele.warehouse=" + wh
    };
    String[] all = new String[args.length + common.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    return ClienteleMain.execute(all);
  }

  private static Dataset<Row> read(String table) {
    return SparkTest.spark().read().format("delta").load(wh.resolve(table).toString());
  }

  private static String[] tables() {
    return wh.toFile()
        .list(
            (dir, name) ->
                !name.startsWith("_")
                    && Files.isDirectory(dir.toPath().resolve(name).resolve("_delta_log")));
  }
}
