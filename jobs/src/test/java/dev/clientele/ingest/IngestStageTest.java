package dev.clientele.ingest;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
        + "  path = \""
        + dir.resolve("shop")
        + "/*.csv\"\n"
        + "  format = csv, channel = online, kind = transactions\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\", \"dd/MM/yyyy HH:mm\"]\n"
        + "  mapping { order_id = \"order\", line_id = \"line\", customer_key = \"customer\",\n"
        + "    email = \"lower(email)\", event_ts = \"ts\", quantity = \"qty\", unit_price ="
        + " \"price\",\n"
        + "    amount = \"amount\", currency = \"currency\", product_category = \"category\" }\n"
        + " } }\n";
  }

  /** The first file: 13 lines, 5 good, 8 bad (one per reason code). */
  static byte[] firstFile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String before =
        HEADER
            + String.join(
                "\n",
                GOOD_1,
                GOOD_2,
                BAD_DATE,
                GARBLED_DATE,
                NAN,
                NO_DATE,
                XYZ,
                GOOD_1,
                RETURN,
                ANON,
                EXTRA)
            + "\n"
            + "O10,1,C10,,2024-01-09 10:00,1,5.00,5.00,EUR,b";
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
        df(
            Q,
            row("impossible_date", BAD_DATE),
            row("unparseable_event_ts", GARBLED_DATE),
            row("not_a_number", NAN),
            row("missing_required", NO_DATE),
            row("unknown_currency", XYZ),
            row("duplicate", GOOD_1),
            row("malformed_row", EXTRA),
            row("invalid_utf8", "O10,1,C10,,2024-01-09 10:00,1,5.00,5.00,EUR,b\uFFFD\uFFFDoks")),
        q);
    assertReconciles(
        r,
        13,
        5,
        Map.of(
            "impossible_date",
            1L,
            "unparseable_event_ts",
            1L,
            "not_a_number",
            1L,
            "missing_required",
            1L,
            "unknown_currency",
            1L,
            "duplicate",
            1L,
            "malformed_row",
            1L,
            "invalid_utf8",
            1L));
  }

  static void assertReconciles(StageResult r, long read, long accepted, Map<String, Long> reasons) {
    Map<String, Object> s = IngestFixture.source(r, "shop");
    assertEquals(read, s.get("read"), "rows read");
    assertEquals(accepted, s.get("accepted"), "rows accepted");
    assertEquals(read - accepted, s.get("quarantined"), "read = accepted + quarantined");
    assertEquals(reasons, s.get("reasons"), "quarantine reasons");
  }

  static final StructType BRONZE_VIEW =
      new StructType()
          .add("order_id", DataTypes.StringType)
          .add("line_id", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("ts", DataTypes.StringType)
          .add("quantity", DataTypes.DoubleType)
          .add("amount", DataTypes.createDecimalType(18, 2))
          .add("currency", DataTypes.StringType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType)
          .add("is_anonymous", DataTypes.BooleanType);

  static Dataset<Row> bronzeView(TableIO io) {
    return io.read(Tables.BRONZE_TRANSACTIONS)
        .selectExpr(
            "order_id",
            "line_id",
            "customer_key",
            "email",
            "date_format(event_ts, 'yyyy-MM-dd HH:mm') AS ts",
            "quantity",
            "amount",
            "currency",
            "amount_base",
            "is_return",
            "is_anonymous");
  }

  @Test
  void acceptedRowsAreTypedFlaggedAndConverted(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    f.run(f.config(shopConf(dir)));
    BigDecimal ten = new BigDecimal("10.00");
    // GOOD_2 is read with the second format; the return keeps a lower-cased e-mail (guest checkout,
    // not anonymous); USD 10.00 at 0.9 is 9.00 EUR.
    assertDataFrameEquals(
        df(
            BRONZE_VIEW,
            row("O1", "1", "C1", null, "2024-01-05 10:00", 2.0, ten, "EUR", ten, false, false),
            row(
                "O1",
                "2",
                "C1",
                null,
                "2024-01-05 10:00",
                1.0,
                new BigDecimal("3.50"),
                "EUR",
                new BigDecimal("3.50"),
                false,
                false),
            row(
                "O7",
                "1",
                null,
                "guest@example.com",
                "2024-01-08 10:00",
                -1.0,
                new BigDecimal("-5.00"),
                "EUR",
                new BigDecimal("-5.00"),
                true,
                false),
            row(
                "O8",
                "1",
                null,
                null,
                "2024-01-08 12:00",
                1.0,
                new BigDecimal("7.50"),
                "EUR",
                new BigDecimal("7.50"),
                false,
                true),
            row(
                "O11",
                "1",
                "C11",
                null,
                "2024-01-10 09:30",
                1.0,
                ten,
                "USD",
                new BigDecimal("9.00"),
                false,
                false)),
        bronzeView(f.io()));
    // The README's canonical column list, typed out here (not taken from the code).
    assertEquals(
        "source channel order_id line_id customer_key email phone loyalty_id event_ts quantity "
            + "unit_price amount currency amount_base margin store_id product_id product_category "
            + "is_return is_anonymous ingest_file ingest_ts run_id computed_at_ts",
        String.join(" ", f.io().read(Tables.BRONZE_TRANSACTIONS).columns()));
    assertEquals(
        "source run_id reason detail raw_row ingest_file ingest_ts computed_at_ts",
        String.join(" ", f.io().read(Tables.QUARANTINE).columns()));
    assertTrue(
        f.io().exists(Tables.BRONZE_CUSTOMERS) && f.io().exists(Tables.BRONZE_EVENTS),
        "every bronze table exists after ingest, even without a source of that kind");
  }

  static final String NEW_LINE = "O12,1,C1,,2024-02-01 10:00,1,20.00,20.00,EUR,books";

  @Test
  void reRunsAreIdempotentNewFilesAddOnlyTheirRowsAndFullRefreshReplaces(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    Config conf = f.config(shopConf(dir));
    f.run(conf);
    StageResult second = f.run(conf);
    assertReconciles(second, 0, 0, Map.of());
    assertEquals(1, IngestFixture.source(second, "shop").get("files_skipped"), "day1 is skipped");
    assertEquals(5, f.io().read(Tables.BRONZE_TRANSACTIONS).count(), "same bronze rows");
    assertEquals(8, f.io().read(Tables.QUARANTINE).count(), "same quarantine rows");

    // Day 2: one new line and a copy of O1/1, which was ingested on day 1.
    f.write("shop/day2.csv", HEADER + NEW_LINE + "\n" + GOOD_1 + "\n");
    StageResult third = f.run(conf);
    assertReconciles(third, 2, 1, Map.of("duplicate", 1L));
    assertEquals(6, f.io().read(Tables.BRONZE_TRANSACTIONS).count(), "5 + the new line");
    assertEquals(
        1,
        f.io()
            .read(Tables.QUARANTINE)
            .where(
                "reason = 'duplicate' AND detail = " + "'the duplicate key was already ingested'")
            .count(),
        "day 2's copy of O1/1");

    // The mapping changed: a full refresh re-reads both files (13 + 2 lines) and replaces the
    // source's rows. O1/1 now appears three times: two duplicates.
    Config changed =
        f.config(
            shopConf(dir)
                .replace(
                    "product_category = \"category\"", "product_category = \"upper(category)\""),
            "clientele.ingest.full-refresh=true");
    StageResult refresh = f.run(changed);
    assertReconciles(
        refresh,
        15,
        6,
        Map.of(
            "impossible_date",
            1L,
            "unparseable_event_ts",
            1L,
            "not_a_number",
            1L,
            "missing_required",
            1L,
            "unknown_currency",
            1L,
            "duplicate",
            2L,
            "malformed_row",
            1L,
            "invalid_utf8",
            1L));
    Dataset<Row> bronze = f.io().read(Tables.BRONZE_TRANSACTIONS);
    assertEquals(6, bronze.count(), "rows replaced, not added");
    assertEquals(
        0,
        bronze.where("product_category <> upper(product_category)").count(),
        "every row carries the new mapping");
    assertEquals(9, f.io().read(Tables.QUARANTINE).count(), "quarantine replaced too");
    assertEquals(2, f.io().read(Tables.INGESTED_FILES).count(), "one ledger row per file");
  }

  @Test
  void aMappingNamingAColumnTheFileLacksFailsWithOneLine(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    Config conf = f.config(shopConf(dir).replace("amount = \"amount\"", "amount = \"TOTAL * 1\""));
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(
        "input: source 'shop' maps 'amount' from column 'TOTAL', which "
            + "file:"
            + dir.resolve("shop")
            + "/*.csv lacks; the file has 10 column(s), 9 named in the mapping (order, line,"
            + " customer, email, ts, qty, price, currency, category); the names of the others"
            + " (position(s) 8) are not shown, as a file without a header line has data there",
        e.getMessage());
    assertFalse(f.io().exists(Tables.BRONZE_TRANSACTIONS), "nothing written");
  }

  @Test
  void aFileWithoutAHeaderLineFailsWithoutQuotingItsFirstRecord(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    // No header: Spark reads the first record (a guest's e-mail among it) as the column names.
    f.writeBytes(
        "shop/day1.csv",
        (RETURN + "\n" + GOOD_1 + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> f.run(f.config(shopConf(dir))));
    // Which mapped column is reported first depends on the mapping's order; the rest does not.
    assertTrue(e.getMessage().startsWith("input: source 'shop' maps '"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "/*.csv lacks; the file has 10 column(s), none of them named in the mapping; the"
                    + " names of the others (position(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) are not"
                    + " shown, as a file without a header line has data there"),
        "sources, columns and positions, never values: " + e.getMessage());
    for (String value : List.of("O7", "Guest@Example.com", "guest@example.com", "2024-01-08")) {
      assertFalse(e.getMessage().contains(value), "the message quotes no value: " + value);
    }
  }

  @Test
  void aMappingThatDoesNotParseIsAConfigurationError(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    Config conf = f.config(shopConf(dir).replace("amount = \"amount\"", "amount = \"amount +\""));
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(ExitCode.CONFIG.code(), e.exitCode());
    assertTrue(
        e.getMessage()
            .startsWith(
                "configuration: source 'shop': mapping of 'amount': " + "cannot parse 'amount +'"),
        e.getMessage());
  }

  @Test
  void aMissingPathNamesTheSource(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> f.run(f.config(shopConf(dir))));
    assertEquals(
        "input: source 'shop': path file:"
            + dir.resolve("shop")
            + "/*.csv matches no "
            + "file; set clientele.sources.shop.path",
        e.getMessage());
  }

  @Test
  void theQualityGateFailsBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.writeBytes("shop/day1.csv", firstFile());
    Config conf = f.config(shopConf(dir), "clientele.ingest.max-quarantine-share=0.5");
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(ExitCode.QUALITY_GATE.code(), e.exitCode());
    // 8 of 13 rows = 0.615 > 0.5
    assertTrue(
        e.getMessage()
            .contains(
                "source 'shop' quarantined 8 of 13 rows (share of bad rows 0.615 > "
                    + "clientele.ingest.max-quarantine-share 0.500)"),
        e.getMessage());
    for (String t :
        new String[] {Tables.BRONZE_TRANSACTIONS, Tables.QUARANTINE, Tables.INGESTED_FILES}) {
      assertFalse(f.io().exists(t), t + " must not be written when the gate fails");
    }
  }
}
