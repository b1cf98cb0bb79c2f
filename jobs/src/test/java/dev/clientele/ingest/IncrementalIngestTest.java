package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.io.SourceFiles;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.ScannedFiles;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ingest finds new files from the listing and the ledger and opens those alone. */
@ExtendWith(SparkTest.class)
class IncrementalIngestTest {

  /**
   * Overwrites a file with bytes of the same length and puts its modification time back: the ledger
   * still knows it (same path, size, time), but a read of it would show.
   */
  private static void spoilKeepingIdentity(Path p) throws Exception {
    FileTime t = Files.getLastModifiedTime(p);
    byte[] b = Files.readAllBytes(p);
    for (int i = 0; i < b.length; i++) {
      b[i] = b[i] == '\n' ? (byte) '\n' : (byte) 'x';
    }
    Files.write(p, b);
    Files.setLastModifiedTime(p, t);
  }

  @Test
  void aSecondRunOpensOnlyTheNewFileNotEvenForTheCsvHeader(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    Path day1 =
        f.write(
            "shop/day1.csv",
            IngestStageTest.HEADER + IngestStageTest.GOOD_1 + "\n" + IngestStageTest.GOOD_2 + "\n");
    Config conf = f.config(IngestStageTest.shopConf(dir));
    f.run(conf);
    spoilKeepingIdentity(day1);
    f.write("shop/day2.csv", IngestStageTest.HEADER + IngestStageTest.NEW_LINE + "\n");

    StageResult second;
    List<String> scanned;
    try (ScannedFiles files = ScannedFiles.record(SparkTest.spark())) {
      second = f.run(conf);
      scanned = files.files();
    }
    Map<String, Object> shop = IngestFixture.source(second, "shop");
    assertEquals(1L, shop.get("read"), "the new file's one line");
    assertEquals(1L, shop.get("accepted"), "accepted, so day 1's spoilt header was never read");
    assertEquals(1, shop.get("files_read"));
    assertEquals(1, shop.get("files_skipped"));
    List<String> sourceFiles = scanned.stream().filter(p -> p.contains("/shop/")).toList();
    assertFalse(sourceFiles.isEmpty(), "the listener saw the read of day 2");
    assertTrue(
        sourceFiles.stream().allMatch(p -> p.endsWith("/shop/day2.csv")),
        "only day 2 is scanned: " + sourceFiles);
    assertEquals(3, f.io().read(Tables.BRONZE_TRANSACTIONS).count(), "2 + 1 rows");
    assertEquals(2, f.io().read(Tables.INGESTED_FILES).count(), "one ledger row per file");
  }

  /** A folder as a Spark job writes it: partition folders, markers, checksums, a temp folder. */
  private static Path partitionedOrders(IngestFixture f) throws Exception {
    f.write("orders/day=2024-12-30/a.json", "{\"id\":\"A1\",\"amount\":\"5.00\"}\n");
    f.write("orders/day=2024-12-31/b.json", "{\"id\":\"B1\",\"amount\":\"7.00\"}\n");
    // Glob characters in a name: the file is still read as itself.
    f.write("orders/day=2024-12-31/b[1].json", "{\"id\":\"B2\",\"amount\":\"2.00\"}\n");
    f.write("orders/day=2024-12-31/.b.json.crc", "crc");
    f.write("orders/day=2024-12-31/_c.json", "{\"id\":\"HIDDEN\",\"amount\":\"1.00\"}\n");
    f.write("orders/_SUCCESS", "");
    f.write("orders/_temporary/0/d.json", "{\"id\":\"TEMP\",\"amount\":\"1.00\"}\n");
    f.write("orders/.e.json", "{\"id\":\"DOT\",\"amount\":\"1.00\"}\n");
    return f.dir.resolve("orders");
  }

  private static List<String> sparkFiles(String path) {
    return SparkTest.spark()
        .read()
        .json(path)
        .select("_metadata.file_path")
        .distinct()
        .orderBy("file_path")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static List<String> listed(String path) {
    return SourceFiles.list(SparkTest.spark().sessionState().newHadoopConf(), path).stream()
        .map(l -> l.status().path())
        .toList();
  }

  @Test
  void theListingFindsWhatSparksFileIndexFindsForAFolderAGlobAndAFile(@TempDir Path dir)
      throws Exception {
    Path orders = partitionedOrders(new IngestFixture(dir));
    String uri = orders.toUri().toString();
    for (String path :
        List.of(uri, uri + "/day=*/*.json", uri + "/day=2024-12-31", uri + "/day=*/b.json")) {
      List<String> mine = listed(path);
      assertEquals(sparkFiles(path), mine, "same files as Spark for " + path);
    }
    assertEquals(3, listed(uri).size(), "a, b and b[1]; markers and hidden names skipped");
  }

  private static String ordersConf(Path dir) {
    return "clientele.sources.orders {\n"
        + "  path = \""
        + dir.resolve("orders")
        + "\"\n"
        + "  format = json, channel = online, kind = transactions\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\"]\n"
        + "  mapping { order_id = \"id\", event_ts = \"concat(cast(day AS STRING), ' 10:00')\",\n"
        + "    amount = \"amount\" }\n"
        + "}\n";
  }

  private static List<String> orderDays(IngestFixture f) {
    return f.io()
        .read(Tables.BRONZE_TRANSACTIONS)
        .selectExpr("concat(order_id, ' ', date_format(event_ts, 'yyyy-MM-dd HH:mm'))")
        .orderBy("order_id")
        .as(Encoders.STRING())
        .collectAsList();
  }

  @Test
  void hiddenFilesAreSkippedAndThePartitionFolderColumnIsKeptOnTheNewFilesToo(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    partitionedOrders(f);
    Config conf = f.config(ordersConf(dir));
    StageResult first = f.run(conf);
    assertEquals(3L, IngestFixture.source(first, "orders").get("read"), "a, b and b[1] only");
    assertEquals(
        List.of("A1 2024-12-30 10:00", "B1 2024-12-31 10:00", "B2 2024-12-31 10:00"), orderDays(f));

    // The new day: read alone, with the same base folder, so `day` is still a column.
    f.write("orders/day=2025-01-01/c.json", "{\"id\":\"C1\",\"amount\":\"1.00\"}\n");
    StageResult second = f.run(conf);
    assertEquals(1L, IngestFixture.source(second, "orders").get("accepted"));
    assertEquals(3, IngestFixture.source(second, "orders").get("files_skipped"));
    assertEquals(
        List.of(
            "A1 2024-12-30 10:00",
            "B1 2024-12-31 10:00",
            "B2 2024-12-31 10:00",
            "C1 2025-01-01 10:00"),
        orderDays(f));
  }

  private static String customersJsonConf(Path dir, String extra) {
    return "clientele.sources.crm {\n"
        + "  path = \""
        + dir.resolve("crm")
        + "\"\n"
        + "  format = json, channel = online, kind = transactions\n"
        + extra
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\"]\n"
        + "  mapping { order_id = \"id\", customer_key = \"cust.no\", email = \"email\",\n"
        + "    event_ts = \"ts\", amount = \"amount\" }\n"
        + "}\n";
  }

  @Test
  void aNewJsonFileIsInferredAloneAColumnItOmitsIsKeptAndAChangedTypeIsDrift(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write(
        "crm/1.json",
        "{\"id\":\"A1\",\"cust\":{\"no\":\"C1\",\"tier\":\"gold\"},\"email\":\"a@example.com\","
            + "\"ts\":\"2024-01-05 10:00\",\"amount\":\"5.00\"}\n");
    Config conf = f.config(customersJsonConf(dir, ""));
    f.run(conf);

    // JSON lines leave absent keys out: a file without any e-mail (nor tier) still has them.
    f.write(
        "crm/2.json",
        "{\"id\":\"A2\",\"cust\":{\"no\":\"C2\"},\"ts\":\"2024-01-06 10:00\",\"amount\":\"6.00\"}\n");
    StageResult second = f.run(conf);
    assertEquals(1L, IngestFixture.source(second, "crm").get("accepted"));

    // The export now writes the customer as a plain string: drift, caught from file 3 alone.
    f.write(
        "crm/3.json",
        "{\"id\":\"A3\",\"cust\":\"C3\",\"ts\":\"2024-01-07 10:00\",\"amount\":\"7.00\"}\n");
    long version = f.io().version(Tables.BRONZE_TRANSACTIONS);
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(ExitCode.INPUT.code(), e.exitCode());
    assertTrue(
        e.getMessage()
            .startsWith(
                "input: source 'crm': column 'cust' changed type: expected STRUCT<no: STRING, tier:"
                    + " STRING> (as"
                    + " in the files already ingested), found STRING in "),
        e.getMessage());
    assertEquals(version, f.io().version(Tables.BRONZE_TRANSACTIONS), "nothing written");
  }

  @Test
  void aDeclaredJsonSchemaIsUsedInsteadOfInferringOne(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    // `note` is not declared, so it is not a column; `email` is declared but in no file.
    f.write(
        "crm/1.json",
        "{\"id\":\"A1\",\"cust\":{\"no\":\"C1\"},\"note\":\"x\",\"ts\":\"2024-01-05 10:00\","
            + "\"amount\":\"5.00\"}\n");
    String declared = "id STRING, cust STRUCT<no: STRING>, email STRING, ts STRING, amount STRING";
    StageResult r = f.run(f.config(customersJsonConf(dir, "  schema = \"" + declared + "\"\n")));
    Map<String, Object> crm = IngestFixture.source(r, "crm");
    assertEquals(1L, crm.get("accepted"));
    assertFalse(crm.containsKey("unknown_columns"), "note is not a column of the source");
    Row ledger = f.io().read(Tables.INGESTED_FILES).select("source_schema").first();
    assertEquals(StructType.fromDDL(declared), StructType.fromDDL(ledger.getString(0)));
  }

  @Test
  void aDeclaredSchemaIsCheckedWhenTheSourceIsRead(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write("crm/1.json", "{}\n");
    ClienteleException bad =
        assertThrows(
            ClienteleException.class,
            () -> f.run(f.config(customersJsonConf(dir, "  schema = \"id STRING,, x\"\n"))));
    assertEquals(ExitCode.CONFIG.code(), bad.exitCode());
    assertTrue(
        bad.getMessage().startsWith("configuration: source 'crm': schema \"id STRING,, x\" is not"),
        bad.getMessage());
    f.write("shop/day1.csv", IngestStageTest.HEADER);
    ClienteleException csv =
        assertThrows(
            ClienteleException.class,
            () ->
                f.run(
                    f.config(
                        IngestStageTest.shopConf(dir)
                            .replace("format = csv", "schema = \"order STRING\", format = csv"))));
    assertEquals(
        "configuration: source 'shop': schema is for json sources only (csv sources take their"
            + " columns from the files); remove it",
        csv.getMessage());
  }

  @Test
  void aLedgerWrittenBeforeTableVersionsIsStillReadAndGainsTheColumn(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write("shop/day1.csv", IngestStageTest.HEADER + IngestStageTest.GOOD_1 + "\n");
    Config conf = f.config(IngestStageTest.shopConf(dir));
    f.run(conf);
    // The ledger as the previous release wrote it: no table_version column.
    String ledger = f.io().path(Tables.INGESTED_FILES);
    SparkTest.spark()
        .read()
        .format("delta")
        .load(ledger)
        .drop("table_version")
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(ledger);
    f.write("shop/day2.csv", IngestStageTest.HEADER + IngestStageTest.NEW_LINE + "\n");
    StageResult second = f.run(conf);
    assertEquals(1, IngestFixture.source(second, "shop").get("files_skipped"), "day 1 known");
    assertEquals(1L, IngestFixture.source(second, "shop").get("accepted"));
    assertEquals(
        2,
        f.io().read(Tables.INGESTED_FILES).where("table_version IS NULL").count(),
        "both rows, the column added");
  }
}
