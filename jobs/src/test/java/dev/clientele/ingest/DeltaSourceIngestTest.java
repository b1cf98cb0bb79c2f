package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A delta source read by table version, its changes applied to bronze by key. */
@ExtendWith(SparkTest.class)
class DeltaSourceIngestTest {

  private static String conf(Path dir) {
    return "clientele.sources.orders {\n"
        + "  path = \""
        + dir.resolve("upstream")
        + "\"\n"
        + "  format = delta, channel = online, kind = transactions\n"
        + "  key = [order_id, line_id]\n"
        + "  timestamp-formats = [\"yyyy-MM-dd HH:mm\"]\n"
        + "  mapping { order_id = \"order_no\", line_id = \"cast(line_no AS STRING)\",\n"
        + "    customer_key = \"cust\", event_ts = \"ts\", amount = \"total\" }\n"
        + "}\n";
  }

  private static void sql(String statement, Path dir) {
    SparkTest.spark().sql(statement.replace("UPSTREAM", "delta.`" + dir.resolve("upstream") + "`"));
  }

  private static void create(Path dir, boolean changeDataFeed) {
    sql(
        "CREATE TABLE UPSTREAM (order_no STRING, line_no INT, cust STRING, ts STRING,"
            + " total STRING) USING delta TBLPROPERTIES (delta.enableChangeDataFeed = "
            + changeDataFeed
            + ")",
        dir);
    sql("INSERT INTO UPSTREAM VALUES ('A1', 1, 'C1', '2024-01-05 10:00', '10.00')", dir);
    sql(
        "INSERT INTO UPSTREAM VALUES ('A1', 2, 'C1', '2024-01-05 10:00', '5.00'),"
            + " ('A2', 1, 'C2', '2024-01-06 10:00', '7.00')",
        dir);
  }

  /** Bronze as "order/line amount", sorted. */
  private static List<String> bronze(IngestFixture f) {
    return f.io()
        .read(Tables.BRONZE_TRANSACTIONS)
        .selectExpr("concat(order_id, '/', line_id, ' ', cast(amount AS STRING))")
        .orderBy("order_id", "line_id")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static long ledgerVersion(IngestFixture f) {
    return f.io()
        .read(Tables.INGESTED_FILES)
        .where("source = 'orders'")
        .selectExpr("max(table_version)")
        .first()
        .getLong(0);
  }

  @Test
  void withChangeDataFeedInsertsUpdatesAndDeletesReachBronzeByKeyAndOptimizeAddsNothing(
      @TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    create(dir, true); // versions 0 (create), 1, 2
    Config conf = f.config(conf(dir));
    StageResult first = f.run(conf);
    Map<String, Object> one = IngestFixture.source(first, "orders");
    assertEquals("snapshot", one.get("read_as"), "the first read is the snapshot");
    assertEquals(3L, one.get("accepted"));
    assertEquals(List.of("A1/1 10.00", "A1/2 5.00", "A2/1 7.00"), bronze(f));
    assertEquals(2L, ledgerVersion(f));

    sql("UPDATE UPSTREAM SET total = '6.00' WHERE order_no = 'A1' AND line_no = 2", dir); // 3
    sql("DELETE FROM UPSTREAM WHERE order_no = 'A2'", dir); // 4
    sql("INSERT INTO UPSTREAM VALUES ('A3', 1, 'C3', '2024-01-07 10:00', '3.00')", dir); // 5
    sql("INSERT INTO UPSTREAM VALUES ('A4', 1, 'C4', '2024-01-08 10:00', '1.00')", dir); // 6
    sql("UPDATE UPSTREAM SET total = '2.00' WHERE order_no = 'A4'", dir); // 7
    sql("OPTIMIZE UPSTREAM", dir); // 8: rewrites files, changes no row
    StageResult second = f.run(conf);
    Map<String, Object> two = IngestFixture.source(second, "orders");
    assertEquals("change_data_feed", two.get("read_as"));
    // The last change of each key: A1/2's update, A3, A4's update (its insert superseded).
    assertEquals(3L, two.get("read"));
    assertEquals(3L, two.get("accepted"));
    assertEquals(List.of("A1/1 10.00", "A1/2 6.00", "A3/1 3.00", "A4/1 2.00"), bronze(f));
    assertEquals(8L, ledgerVersion(f));
    assertEquals(1, f.io().read(Tables.INGESTED_FILES).count(), "one ledger row per table");

    // Nothing moved upstream: nothing is read.
    StageResult third = f.run(conf);
    assertEquals(0L, IngestFixture.source(third, "orders").get("read"));
    assertEquals(1, IngestFixture.source(third, "orders").get("files_skipped"));
    assertEquals(4, f.io().read(Tables.BRONZE_TRANSACTIONS).count());
  }

  @Test
  void withoutChangeDataFeedAMovedVersionReReadsTheSnapshotSoOptimizeAddsNoDuplicate(
      @TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    create(dir, false);
    Config conf = f.config(conf(dir));
    f.run(conf);
    sql("OPTIMIZE UPSTREAM", dir);
    sql("DELETE FROM UPSTREAM WHERE order_no = 'A2'", dir);
    StageResult second = f.run(conf);
    assertEquals("snapshot", IngestFixture.source(second, "orders").get("read_as"));
    assertEquals(List.of("A1/1 10.00", "A1/2 5.00"), bronze(f), "no duplicate, A2 gone");
  }

  @Test
  void aDeltaSourceWithoutAKeyIsAConfigurationError(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    create(dir, false);
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> f.run(f.config(conf(dir).replace("  key = [order_id, line_id]\n", ""))));
    assertEquals(
        "configuration: source 'orders': a delta source needs key = [...]: the canonical columns"
            + " identifying an upstream row (e.g. [order_id, line_id]), by which its updates and"
            + " deletes are applied",
        e.getMessage());
  }
}
