package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.io.Runs;
import dev.clientele.io.TableIO;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.OutputCapture.Captured;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment export} through the command line (issue 18, point 4): refused targets, the write
 * by way of a temporary folder, the sha256 audience, the run summary and the audit row. Members: b1
 * (both consents, adult), b2 (SMS consent only), b3 (a minor); snapshot 2024-06-30, published.
 */
@ExtendWith(SparkTest.class)
class SegmentExportCommandTest {
  private static final LocalDate SNAPSHOT = LocalDate.of(2024, 6, 30);
  private static Path conf;
  @TempDir Path dir;

  @BeforeAll
  static void warehouse() throws IOException {
    conf = Files.createTempFile("export", ".conf");
    Files.writeString(conf, "clientele.warehouse = \"" + SparkTest.warehouse() + "\"\n");
    TableIO io = new TableIO(SparkTest.spark(), "file:" + SparkTest.warehouse());
    Timestamp now = Timestamp.valueOf("2024-07-01 00:00:00");
    List<Object[]> p = new ArrayList<>();
    p.add(profile("b1", "b1.smith@example.fr", "+33611111111", "1990-01-01", true, true, now));
    p.add(profile("b2", "b2@example.fr", "+33622222222", "1990-01-01", false, true, now));
    p.add(profile("b3", "b3@example.fr", "+33633333333", "2010-01-01", true, true, now));
    io.overwrite("unified_profiles", df(SegmentStageFixtures.PROFILES, p.toArray(Object[][]::new)));
    StructType segments =
        StructType.fromDDL("snapshot_date date, family string, segment string, customer_id string");
    Date d = Date.valueOf(SNAPSHOT);
    io.replaceSnapshot(
        "customer_segments",
        df(
            segments,
            row(d, "value", "gold", "b1"),
            row(d, "value", "gold", "b2"),
            row(d, "value", "gold", "b3")),
        SNAPSHOT);
    io.append(
        "bronze_customers",
        df(
            StructType.fromDDL("source string, customer_key string, email string"),
            row("accounts", "K1", " B1.Smith@Example.fr"),
            row("accounts", "K2", "b2@example.fr")));
    io.append(
        "customer_identity_map",
        df(
            StructType.fromDDL("source string, customer_key string, customer_id string"),
            row("accounts", "K1", "b1"),
            row("accounts", "K2", "b2")));
    // Published as the runner does it (the full runs schema: the export's own run row follows).
    new Runs(io)
        .record(
            new Runs.Entry(
                "pipeline-1",
                "pipeline",
                SNAPSHOT,
                "success",
                null,
                Instant.now(),
                "h",
                "v",
                "g",
                "{}"));
  }

  private static Object[] profile(
      String id,
      String email,
      String phone,
      String birth,
      boolean consentEmail,
      boolean consentSms,
      Timestamp now) {
    return row(
        id,
        "Given" + id,
        "Family" + id,
        email,
        phone,
        "eh-" + id,
        "ph-" + id,
        null,
        Date.valueOf(birth),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "person",
        "consumer",
        null,
        null,
        0,
        consentEmail,
        consentSms,
        true,
        "online",
        null,
        null,
        1L,
        "r",
        now);
  }

  private static Captured<Integer> export(String out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "segment",
                "export",
                "--config",
                conf.toString(),
                "--family",
                "value",
                "--segment",
                "gold",
                "--out",
                out));
    args.addAll(List.of(more));
    return OutputCapture.during(() -> ClienteleMain.execute(args.toArray(String[]::new)));
  }

  @Test
  void aTargetInsideTheWarehouseIsRefused() {
    Path inside = SparkTest.warehouse().resolve("audiences/gold");
    Captured<Integer> r = export(inside.toString());
    assertEquals(2, r.result(), "usage exit code");
    assertTrue(r.text().contains("is inside the warehouse"), r.text());
    assertFalse(Files.exists(inside), "nothing written");
    Captured<Integer> root = export(SparkTest.warehouse().toString());
    assertEquals(2, root.result(), "the warehouse itself: " + root.text());
    assertTrue(Files.exists(SparkTest.warehouse().resolve("unified_profiles")), "nothing deleted");
  }

  @Test
  void anExistingFileOrNonEmptyFolderIsRefusedAndKept() throws IOException {
    Path full = Files.createDirectories(dir.resolve("full"));
    Path mine = Files.writeString(full.resolve("my-notes.txt"), "keep me");
    Captured<Integer> r = export(full.toString());
    assertEquals(2, r.result(), "usage exit code");
    assertTrue(r.text().contains("is a folder that is not empty"), r.text());
    assertEquals("keep me", Files.readString(mine), "the user's file is untouched");
    try (Stream<Path> files = Files.list(full)) {
      assertEquals(List.of(mine), files.toList(), "nothing added either");
    }
    Captured<Integer> file = export(mine.toString());
    assertEquals(2, file.result(), "an existing file: " + file.text());
    assertTrue(file.text().contains("is an existing file"), file.text());
  }

  @Test
  void anAudienceGoesToANewFolderWithASummaryAndAnAuditRowAndNoPersonalData() throws IOException {
    Path out = dir.resolve("audience");
    Captured<Integer> r = export(out.toString(), "--run-id", "export-1");
    assertEquals(0, r.result(), r.text());
    // b1: both channels; b2: the phone only (SMS consent); b3 is 14: left out.
    assertDataFrameEquals(
        df(
            StructType.fromDDL("customer_id string, email_hash string, phone_hash string"),
            row("b1", "eh-b1", "ph-b1"),
            row("b2", null, "ph-b2")),
        SparkTest.spark().read().option("header", "true").csv(out.toString()));
    try (Stream<Path> siblings = Files.list(dir)) {
      assertEquals(List.of(out), siblings.toList(), "no temporary folder is left beside it");
    }
    Row audit =
        SparkTest.spark()
            .read()
            .format("delta")
            .load(SparkTest.warehouse().resolve("export_audit").toString())
            .where("run_id = 'export-1'")
            .first();
    assertEquals("gold", audit.getAs("segment"));
    assertEquals(2L, audit.<Long>getAs("exported_count"), "b1 and b2");
    assertEquals(1L, audit.<Long>getAs("excluded_age_count"), "b3");
    assertEquals(0L, audit.<Long>getAs("dropped_count"));
    assertEquals("hmac", audit.getAs("hash_kind"));
    assertEquals("file:" + out, audit.getAs("target_path"));
    Path summary = SparkTest.warehouse().resolve("_runs/" + SNAPSHOT + "/export-1.json");
    String json = Files.readString(summary);
    assertTrue(
        json.contains("\"status\" : \"success\"") || json.contains("\"status\":\"success\""), json);
    assertTrue(json.contains("nothing_exportable"), "the outcomes are in the summary: " + json);
    for (String pii : List.of("example.fr", "+336", "Given", "Family", "eh-b", "ph-b")) {
      assertFalse(json.contains(pii), "the summary holds no personal data: " + pii);
      assertFalse(r.text().contains(pii), "neither does the output: " + pii);
    }
  }

  @Test
  void sha256HashesTheTrimmedLowerCasedEmailAndTheE164PhoneIntoAnEmptyFolder() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Captured<Integer> r = export(empty.toString(), "--hash", "sha256", "--format", "parquet");
    assertEquals(0, r.result(), r.text());
    assertDataFrameEquals(
        df(
            StructType.fromDDL("customer_id string, email_hash string, phone_hash string"),
            row("b1", sha256("b1.smith@example.fr"), sha256("+33611111111")),
            row("b2", null, sha256("+33622222222"))),
        SparkTest.spark().read().parquet(empty.toString()));
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
