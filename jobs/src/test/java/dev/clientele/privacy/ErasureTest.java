package dev.clientele.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.cli.ClienteleMain;
import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The right to be forgotten on the sample run: Chloé Dubois (accounts A0002 + loyalty card
 * L0000002, same e-mail, receipts in store and orders online; data-samples/README.md) is gone from
 * every table after {@code erase}, and stays gone after a full re-ingest of the unchanged files.
 */
@ExtendWith(SparkTest.class)
class ErasureTest {
  private static final String EMAIL = "chloe.dubois@example.fr";

  @Test
  void erasedPersonIsGoneFromEveryTableAndStaysGoneAfterReIngest() throws IOException {
    Path wh = copyOf(SamplePipeline.warehouse());
    String id = customerId(wh);
    assertEquals(0, cli(wh, "erase", "--customer-key", "accounts:A0002"), "erase exits 0");

    assertGone(wh, id);
    Dataset<Row> audit = read(wh, "erasure_audit");
    assertEquals(1, audit.count(), "one erasure recorded");
    String auditText = audit.collectAsList().toString().toLowerCase();
    assertFalse(
        auditText.contains("a0002") || auditText.contains("chloe"),
        "no PII in the audit: " + auditText);
    assertTrue(
        read(wh, "erasure_suppression").count() >= 2, "hashed key and identifiers suppressed");
    // The development key's fingerprint, worked out with
    // echo -n clientele-key-fingerprint | openssl dgst -sha256 -hmac clientele-development-secret
    assertEquals(
        List.of("3edabd01702a79c9"),
        read(wh, "erasure_suppression")
            .select("key_fingerprint")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList(),
        "every suppression entry names the key it was hashed with");

    // The unchanged source files are read again from scratch: the person must not come back.
    assertEquals(0, cli(wh, "ingest", "--full-refresh"), "full re-ingest exits 0");
    assertEquals(0, cli(wh, "resolve"), "resolve exits 0");
    assertGone(wh, null);
    assertTrue(
        read(wh, "quarantine").where("reason = 'erased'").count() > 0,
        "the person's rows are counted as erased, without their raw text");
    assertEquals(
        0, read(wh, "quarantine").where("reason = 'erased' AND raw_row IS NOT NULL").count());
  }

  private static void assertGone(Path wh, String customerId) {
    for (String table : tables(wh)) {
      Dataset<Row> t = read(wh, table);
      List<String> cols = Arrays.asList(t.columns());
      if (customerId != null && cols.contains("customer_id")) {
        assertEquals(
            0,
            t.where(org.apache.spark.sql.functions.col("customer_id").equalTo(customerId)).count(),
            table + " holds no row of the erased customer id");
      }
      if (cols.contains("customer_key")) {
        assertEquals(
            0,
            t.where("customer_key IN ('A0002', 'L0000002')").count(),
            table + ": source keys gone");
      }
      if (cols.contains("email")) {
        assertEquals(0, t.where("lower(email) = '" + EMAIL + "'").count(), table + ": e-mail gone");
      }
      if (cols.contains("loyalty_id")) {
        assertEquals(
            0, t.where("upper(loyalty_id) = 'L0000002'").count(), table + ": loyalty id gone");
      }
      if (cols.contains("record_a")) {
        assertEquals(
            0,
            t.where(
                    "record_a IN ('accounts|A0002', 'loyalty-cards|L0000002')"
                        + " OR record_b IN ('accounts|A0002', 'loyalty-cards|L0000002')")
                .count(),
            table + ": the person's records gone from the fuzzy matches");
      }
      if (cols.contains("raw_row")) {
        assertEquals(
            0,
            t.where("instr(lower(raw_row), '" + EMAIL + "') > 0 OR instr(raw_row, 'L0000002') > 0")
                .count(),
            table + ": raw rows gone");
      }
    }
    Dataset<Row> map = read(wh, "customer_identity_map");
    assertEquals(
        0, map.where("customer_key IN ('A0002', 'L0000002')").count(), "not resolved again");
  }

  private static String customerId(Path wh) {
    return read(wh, "customer_identity_map")
        .where("source = 'accounts' AND customer_key = 'A0002'")
        .select("customer_id")
        .first()
        .getString(0);
  }

  private static int cli(Path wh, String... args) {
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

  private static Dataset<Row> read(Path wh, String table) {
    return SparkTest.spark().read().format("delta").load(wh.resolve(table).toString());
  }

  private static String[] tables(Path wh) {
    return wh.toFile()
        .list(
            (dir, name) ->
                !name.startsWith("_")
                    && Files.isDirectory(dir.toPath().resolve(name).resolve("_delta_log")));
  }

  /** A copy, so the shared sample run stays intact for the other tests. */
  private static Path copyOf(Path source) throws IOException {
    Path target = Files.createTempDirectory("clientele-erasure-");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }
}
