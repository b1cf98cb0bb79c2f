package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.ExitCode;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A source that gains a column, loses one, or changes a column's type between runs. */
@ExtendWith(SparkTest.class)
class InputDriftTest {

  private static String parquetConf(Path dir) {
    return "clientele { sources.orders {\n"
        + "  path = \""
        + dir.resolve("orders")
        + "\"\n"
        + "  format = parquet, channel = online, kind = transactions\n"
        + "  mapping { order_id = \"order_no\", line_id = \"1\", customer_key = \"cust\",\n"
        + "    event_ts = \"ts\", amount = \"total\" }\n"
        + " } }\n";
  }

  /** Writes the orders folder as Parquet from a SQL query over literal rows. */
  private static void writeOrders(Path dir, String select) {
    SparkTest.spark()
        .sql(select)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.resolve("orders").toString());
  }

  private static final String DAY1 =
      "SELECT * FROM VALUES ('A1', 17L, TIMESTAMP'2024-01-05 10:00:00', CAST(12.50 AS DECIMAL(10,2)))"
          + " AS t(order_no, cust, ts, total)";

  @Test
  void aMappedColumnThatChangesTypeFailsBeforeWritingNamingSourceColumnAndTypes(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    writeOrders(dir, DAY1);
    Config conf = f.config(parquetConf(dir));
    f.run(conf);
    long version = f.io().version(Tables.BRONZE_TRANSACTIONS);
    assertEquals(1, f.io().read(Tables.BRONZE_TRANSACTIONS).count());

    // The export now writes the customer number as text.
    writeOrders(
        dir,
        "SELECT * FROM VALUES ('A2', 'C-17', TIMESTAMP'2024-01-06 10:00:00',"
            + " CAST(8.00 AS DECIMAL(10,2))) AS t(order_no, cust, ts, total)");
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(ExitCode.INPUT.code(), e.exitCode());
    assertEquals(
        "input: source 'orders': column 'cust' changed type: expected BIGINT (as in the files"
            + " already ingested), found STRING in file:"
            + dir.resolve("orders")
            + "; nothing was written. After a deliberate change, run `ingest --full-refresh` to"
            + " re-read every file under the new schema",
        e.getMessage());
    assertEquals(version, f.io().version(Tables.BRONZE_TRANSACTIONS), "bronze unchanged");

    // The deliberate way past it: a full refresh reads the files under the new schema.
    StageResult r = f.run(f.config(parquetConf(dir), "clientele.ingest.full-refresh=true"));
    assertEquals(1L, IngestFixture.source(r, "orders").get("accepted"));
    assertEquals(
        List.of("C-17"),
        f.io()
            .read(Tables.BRONZE_TRANSACTIONS)
            .select("customer_key")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    // ...and records it: the next ordinary run compares with STRING.
    f.run(conf);
  }

  @Test
  void aMappedColumnThatDisappearsFailsNamingItsExpectedType(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    writeOrders(dir, DAY1);
    Config conf = f.config(parquetConf(dir));
    f.run(conf);
    writeOrders(
        dir,
        "SELECT * FROM VALUES ('A2', 17L, TIMESTAMP'2024-01-06 10:00:00')"
            + " AS t(order_no, cust, ts)");
    ClienteleException e = assertThrows(ClienteleException.class, () -> f.run(conf));
    assertEquals(
        "input: source 'orders': column 'total' (expected type DECIMAL(10,2), as in the files"
            + " already ingested) is missing from file:"
            + dir.resolve("orders")
            + "; the file has 3 column(s), 3 named in the mapping (order_no, cust, ts)",
        e.getMessage());
  }

  @Test
  void anUnknownColumnIsIgnoredWithAWarningOrFailsWhenTheContractIsStrict(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    writeOrders(
        dir,
        "SELECT * FROM VALUES ('A1', 17L, TIMESTAMP'2024-01-05 10:00:00',"
            + " CAST(12.50 AS DECIMAL(10,2)), 'SPRING10', 3) AS t(order_no, cust, ts, total,"
            + " coupon, basket_size)");

    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> f.run(f.config(parquetConf(dir), "clientele.ingest.unknown-columns=fail")));
    assertEquals(
        "input: source 'orders' has columns no mapping uses: coupon, basket_size"
            + " (clientele.ingest.unknown-columns = fail); map them or set it to ignore",
        e.getMessage());
    assertFalse(f.io().exists(Tables.BRONZE_TRANSACTIONS), "nothing written");

    StageResult r = f.run(f.config(parquetConf(dir)));
    Map<String, Object> orders = IngestFixture.source(r, "orders");
    assertEquals(List.of("coupon", "basket_size"), orders.get("unknown_columns"));
    assertEquals(1L, orders.get("accepted"));
  }

  @Test
  void driftChecksArePureFunctionsOfTheSchemas() {
    var s =
        dev.clientele.config.SourceSettings.from(
            "x",
            com.typesafe.config.ConfigFactory.parseString(
                "path = \"/tmp\", format = parquet, channel = online, kind = transactions,"
                    + " mapping { order_id = \"upper(OrderNo)\", amount = \"qty * price\" },"
                    + " return-marker = \"startswith(OrderNo, 'C')\""),
            "EUR");
    assertEquals(
        List.of("note"),
        SchemaDrift.unknownColumns(s, List.of("orderno", "QTY", "price", "note")),
        "names are matched case-insensitively, the return marker counts as a use");
    var before = org.apache.spark.sql.types.StructType.fromDDL("OrderNo STRING, qty INT");
    // A column earlier files did not have is not drift; same types pass.
    SchemaDrift.checkAgainstRecorded(
        s,
        org.apache.spark.sql.types.StructType.fromDDL("OrderNo STRING, qty INT, price DOUBLE"),
        SchemaDrift.ddl(before));
    SchemaDrift.checkAgainstRecorded(s, before, null);
    assertThrows(
        ClienteleException.class,
        () ->
            SchemaDrift.checkAgainstRecorded(
                s,
                org.apache.spark.sql.types.StructType.fromDDL("OrderNo STRING, qty BIGINT"),
                SchemaDrift.ddl(before)));
  }
}
