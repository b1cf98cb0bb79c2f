package dev.clientele.ingest;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.DataFrameAssert;
import dev.clientele.testkit.SparkTest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkTest.class)
class IngestStageTest {
  static final String HEADER = "order,line,customer,email,ts,qty,price,amount,currency,category\n";
  // Each line's fate, worked out by hand from the contract (README, docs/ingest.md):
  static final String GOOD_1 = "O1,1,C1,,2024-01-05 10:00,2,5.00,10.00,EUR,books";
  static final String GOOD_2 = "O1,2,C1,,05/01/2024 10:00,1,3.50,3.50,EUR,home"; // 2nd format
  static final String BAD_DATE = "O2,1,C2,,2024-02-30 11:00,1,5.00,5.00,EUR,books"; // 30 Feb
  static final String GARBLED_DATE = "O3,1,C3,,yesterday,1,5.00,5.00,EUR,books";
  static final String NAN = "O4,1,C4,,2024-01-06 10:00,1,5.00,abc,EUR,books";
  static final String NO_DATE = "O5,1,C5,,,1,5.00,5.00,EUR,books";
  static final String XYZ = "O6,1,C6,,2024-01-07 10:00,1,5.00,5.00,XYZ,books";
  static final String RETURN = "O7,1,,Guest@Example.com,2024-01-08 10:00,-1,5.00,-5.00,EUR,books";
  static final String ANON = "O8,1,,,2024-01-08 12:00,1,7.50,7.50,EUR,home";
  static final String EXTRA = "O9,1,C9,,2024-01-09 10:00,1,5.00,5.00,EUR,books,EXTRA";
  static final String USD = "O11,1,C11,,2024-01-10 09:30,1,10.00,10.00,USD,books";

  static String shopConf(Path dir) {
    return "clientele { exchange-rates { USD = 0.9 }\n"
        + " ingest.max-quarantine-share = 1.0\n"
        + " sources.shop {\n"
        + "  path = \"" + dir.resolve("shop") + "/*.csv\"\n"
        + "  format = csv, channel = online, kind = transactions\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\", \"dd/MM/yyyy HH:mm\"]\n"
        + "  mapping { order_id = \"order\", line_id = \"line\", customer_key = \"customer\",\n"
        + "    email = \"lower(email)\", event_ts = \"ts\", quantity = \"qty\", unit_price = \"price\",\n"
        + "    amount = \"amount\", currency = \"currency\", product_category = \"category\" }\n"
        + " } }\n";
  }

  /** The first file: 13 lines, 5 good, 8 bad (one per reason code). */
  static byte[] firstFile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String before = HEADER + String.join("\n", GOOD_1, GOOD_2, BAD_DATE, GARBLED_DATE, NAN, NO_DATE,
        XYZ, GOOD_1, RETURN, ANON, EXTRA) + "\n" + "O10,1,C10,,2024-01-09 10:00,1,5.00,5.00,EUR,b";
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe}); // not UTF-8
    out.writeBytes(("oks\n" + USD + "\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static final StructType Q =
      new StructType().add("reason", DataTypes.StringType).add("raw_row", DataTypes.StringType);

  @Test
  void eachReasonCodeQuarantinesExactlyItsRow(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    StageResult r = f.run(f.config(shopConf(dir)));
    TableIO io = f.io();
    Dataset<Row> q = io.read(Tables.QUARANTINE).select("reason", "raw_row");
    assertDataFrameEquals(
        df(Q,
            row("impossible_date", BAD_DATE),
            row("unparseable_event_ts", GARBLED_DATE),
            row("not_a_number", NAN),
            row("missing_required", NO_DATE),
            row("unknown_currency", XYZ),
            row("duplicate", GOOD_1),
            row("malformed_row", EXTRA),
            row("invalid_utf8", "O10,1,C10,,2024-01-09 10:00,1,5.00,5.00,EUR,b\uFFFD\uFFFDoks")),
        q);
    assertReconciles(r, 13, 5, Map.of("impossible_date", 1L, "unparseable_event_ts", 1L,
        "not_a_number", 1L, "missing_required", 1L, "unknown_currency", 1L, "duplicate", 1L,
        "malformed_row", 1L, "invalid_utf8", 1L));
  }

  static void assertReconciles(StageResult r, long read, long accepted, Map<String, Long> reasons) {
    Map<String, Object> s = IngestFixture.source(r, "shop");
    assertEquals(read, s.get("read"), "rows read");
    assertEquals(accepted, s.get("accepted"), "rows accepted");
    assertEquals(read - accepted, s.get("quarantined"), "read = accepted + quarantined");
    assertEquals(reasons, s.get("reasons"), "quarantine reasons");
  }
}
