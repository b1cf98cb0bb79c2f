package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated malformed CSV and JSON rows (seeded): the stage never crashes on data, every bad row
 * lands in quarantine with a reason (the reason the contract names, where it names one), every good
 * row lands in bronze, and read = accepted + quarantined = the data lines written.
 */
@ExtendWith(SparkTest.class)
class IngestFuzzTest {
  private static final Set<String> REASONS =
      Set.of(
          "malformed_row",
          "invalid_utf8",
          "missing_required",
          "not_a_number",
          "impossible_date",
          "unparseable_event_ts",
          "implausible_amount");
  private static final String ANY = "*";

  /** The generated rows: order id to the reason it must get (null: accepted; ANY: some reason). */
  private static final class Expected {
    final Map<String, String> fate = new TreeMap<>();
    int good;
    int bad;

    String good(String id) {
      fate.put(id, null);
      good++;
      return id;
    }

    String bad(String id, String reason) {
      fate.put(id, reason);
      bad++;
      return id;
    }
  }

  private static String mapping() {
    return "  mapping { order_id = \"order\", line_id = \"line\", customer_key = \"customer\",\n"
        + "    event_ts = \"ts\", quantity = \"qty\", amount = \"amount\","
        + " product_category = \"category\" }\n";
  }

  private static String conf(Path dir) {
    return "clientele { ingest.max-quarantine-share = 1.0\n"
        + " sources.fuzzcsv {\n  path = \""
        + dir.resolve("csv")
        + "/*.csv\"\n  format = csv, channel = offline, kind = transactions\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\"]\n"
        + mapping()
        + " }\n sources.fuzzjson {\n  path = \""
        + dir.resolve("json")
        + "/*.json\"\n  format = json, channel = online, kind = transactions\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\"]\n"
        + mapping()
        + " } }\n";
  }

  private static String ts(Random rnd) {
    return String.format(
        "2024-%02d-%02d %02d:%02d",
        1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60));
  }

  private static String money(Random rnd) {
    return String.format(java.util.Locale.ROOT, "%.2f", 1 + rnd.nextInt(50000) / 100.0);
  }

  /** CSV lines: good ones (incl. returns, anonymous and huge fields) and bad ones of each kind. */
  private static byte[] csvFile(Random rnd, Expected exp, int file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("order,line,customer,ts,qty,amount,category\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 60; i++) {
      String id = String.format("F%dR%03d", file, i);
      String line;
      byte[] raw = null;
      switch (rnd.nextInt(14)) {
        case 0 -> line = exp.good(id) + ",1,C" + rnd.nextInt(99) + "," + ts(rnd) + ",-1,-12.50,b";
        case 1 -> line = exp.good(id) + ",1,," + ts(rnd) + ",2," + money(rnd) + ",anonymous";
        case 2 ->
            line =
                exp.good(id) + ",1,C1," + ts(rnd) + ",1," + money(rnd) + "," + "x".repeat(100_000);
        case 3 ->
            line = String.join(";", exp.bad(id, ANY), "1", "C1", ts(rnd), "1", money(rnd), "b");
        case 4 -> line = exp.bad(id, ANY) + ",1,C1,\"" + ts(rnd) + ",1," + money(rnd) + ",b";
        case 5 -> {
          line = null;
          raw =
              concat(
                  (exp.bad(id, "invalid_utf8") + ",1,C1," + ts(rnd) + ",1,5.00,b"),
                  new byte[] {(byte) 0xc3, (byte) 0x28},
                  "ok");
        }
        case 6 -> line = exp.bad(id, "malformed_row") + ",1,C1," + ts(rnd) + ",1,5.00,b,extra,more";
        case 7 -> line = exp.bad(id, "not_a_number") + ",1,C1," + ts(rnd) + ",1,\"12,50\",b";
        case 8 -> line = exp.bad(id, "implausible_amount") + ",1,C1," + ts(rnd) + ",1,9999999999,b";
        case 9 -> line = exp.bad(id, "not_a_number") + ",1,C1," + ts(rnd) + ",1,1e30,b";
        case 10 -> line = exp.bad(id, "impossible_date") + ",1,C1,9999-12-31 10:00,1,5.00,b";
        case 11 -> line = exp.bad(id, "impossible_date") + ",1,C1,1800-01-01 10:00,1,5.00,b";
        case 12 -> line = exp.bad(id, "missing_required") + ",1,C1," + ts(rnd) + ",1,,b";
        default ->
            line =
                exp.good(id) + ",1,C" + rnd.nextInt(99) + "," + ts(rnd) + ",1," + money(rnd) + ",b";
      }
      out.writeBytes(raw != null ? raw : line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static String json(String id, String ts, String amount, String extra) {
    return "{\"order\":\""
        + id
        + "\",\"line\":\"1\",\"customer\":\"C1\",\"ts\":\""
        + ts
        + "\",\"qty\":1,\"amount\":"
        + amount
        + extra
        + "}";
  }

  private static byte[] jsonFile(Random rnd, Expected exp, int file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 60; i++) {
      String id = String.format("J%dR%03d", file, i);
      String line;
      byte[] raw = null;
      switch (rnd.nextInt(13)) {
        case 0 -> line = json(exp.good(id), ts(rnd), "-12.5", ",\"category\":\"refund\"");
        case 1 ->
            line =
                json(
                    exp.good(id), ts(rnd), money(rnd), ",\"note\":\"" + "y".repeat(100_000) + "\"");
        case 2 -> line = json(exp.bad(id, "malformed_row"), ts(rnd), "5", "").substring(0, 40);
        case 3 -> line = "[\"" + exp.bad(id, ANY) + "\", 1, 2]";
        case 4 -> {
          line = null;
          String s = json(exp.bad(id, ANY), ts(rnd), "5", ",\"category\":\"");
          raw = concat(s, new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}");
        }
        case 5 -> line = json(exp.bad(id, "not_a_number"), ts(rnd), "{\"value\":5}", "");
        case 6 -> line = json(exp.bad(id, "implausible_amount"), ts(rnd), "-5e9", "");
        case 7 -> line = json(exp.bad(id, "not_a_number"), ts(rnd), "1e400", "");
        case 8 -> line = json(exp.bad(id, "impossible_date"), "9999-01-01 00:00", "5", "");
        case 9 -> line = json(exp.bad(id, "impossible_date"), "1800-06-30 00:00", "5", "");
        case 10 -> line = json(exp.bad(id, "not_a_number"), ts(rnd), "\"NaN\"", "");
        default -> line = json(exp.good(id), ts(rnd), money(rnd), ",\"category\":\"b\"");
      }
      out.writeBytes(raw != null ? raw : line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] concat(String a, byte[] b, String c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(b);
    out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void malformedRowsAreQuarantinedNeverCrashingAndTheCountsReconcile(@TempDir Path dir)
      throws Exception {
    Random rnd = new Random(20261123L);
    IngestFixture f = new IngestFixture(dir);
    Expected csv = new Expected();
    Expected json = new Expected();
    for (int file = 0; file < 3; file++) {
      f.writeBytes("csv/part-" + file + ".csv", csvFile(rnd, csv, file));
      f.writeBytes("json/part-" + file + ".json", jsonFile(rnd, json, file));
    }
    f.writeBytes("csv/empty.csv", new byte[0]);
    f.write("csv/header-only.csv", "order,line,customer,ts,qty,amount,category\n");
    f.writeBytes("json/empty.json", new byte[0]);

    StageResult r = f.run(f.config(conf(dir)));

    check(f, r, "fuzzcsv", csv);
    check(f, r, "fuzzjson", json);
  }

  private static void check(IngestFixture f, StageResult r, String source, Expected exp) {
    Map<String, Object> counts = IngestFixture.source(r, source);
    assertEquals((long) exp.good + exp.bad, counts.get("read"), source + ": every line is read");
    assertEquals((long) exp.good, counts.get("accepted"), source + ": the good lines");
    assertEquals((long) exp.bad, counts.get("quarantined"), source + ": the bad lines");

    Map<String, Integer> inBronze = new HashMap<>();
    for (Row row :
        f.io()
            .read(Tables.BRONZE_TRANSACTIONS)
            .where("source = '" + source + "'")
            .select("order_id")
            .collectAsList()) {
      inBronze.merge(row.getString(0), 1, Integer::sum);
    }
    List<Row> quarantined =
        f.io()
            .read(Tables.QUARANTINE)
            .where("source = '" + source + "'")
            .select("reason", "raw_row")
            .collectAsList();
    for (Map.Entry<String, String> e : exp.fate.entrySet()) {
      String id = e.getKey();
      List<String> reasons = new ArrayList<>();
      for (Row q : quarantined) {
        if (q.getString(1) != null && q.getString(1).contains(id)) {
          reasons.add(q.getString(0));
        }
      }
      if (e.getValue() == null) {
        assertEquals(1, inBronze.getOrDefault(id, 0), source + " " + id + " accepted once");
        assertTrue(reasons.isEmpty(), source + " " + id + " not quarantined: " + reasons);
      } else {
        assertEquals(0, inBronze.getOrDefault(id, 0), source + " " + id + " not in bronze");
        assertEquals(1, reasons.size(), source + " " + id + " quarantined once: " + reasons);
        String reason = reasons.get(0);
        assertNotNull(reason);
        assertTrue(REASONS.contains(reason), source + " " + id + ": documented reason " + reason);
        if (!ANY.equals(e.getValue())) {
          assertEquals(e.getValue(), reason, source + " " + id);
        }
      }
    }
  }
}
