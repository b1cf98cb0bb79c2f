package dev.clientele.metrics;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.identity.SilverTransactions;
import dev.clientele.io.TableIO;
import dev.clientele.metrics.clv.ClvMargins;
import dev.clientele.metrics.clv.ClvSummary;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import dev.clientele.segments.Interests;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * order_days: hand-built bronze lines to hand-worked rows, the incremental refresh equal to a full
 * rebuild (added batch, removed line), and the metrics read from order days equal to those read
 * from the lines (session zone UTC).
 */
@ExtendWith(SparkTest.class)
class OrderDaysTest {
  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
  private static final Timestamp END = ts("2024-07-01 00:00:00");

  /** The aggregate's columns compared (the category map as sorted JSON, audit columns aside). */
  private static final StructType ROWS =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("node", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("line_date", DataTypes.DateType)
          .add("line_count", DataTypes.LongType)
          .add("net_amount", DataTypes.createDecimalType(28, 2))
          .add("gross_amount", DataTypes.createDecimalType(28, 2))
          .add("gross_online_amount", DataTypes.createDecimalType(28, 2))
          .add("categories", DataTypes.StringType)
          .add("margin_known", DataTypes.createDecimalType(28, 2))
          .add("margin_known_amount", DataTypes.createDecimalType(28, 2))
          .add("margin_scored", DataTypes.createDecimalType(28, 2))
          .add("first_line_ts", DataTypes.TimestampType)
          .add("first_line_channel", DataTypes.StringType)
          .add("has_return", DataTypes.BooleanType);

  static Timestamp ts(String s) {
    return Timestamp.from(Instant.parse(s.replace(' ', 'T') + "Z"));
  }

  static BigDecimal dec(String s) {
    return s == null ? null : new BigDecimal(s);
  }

  /**
   * One bronze line: source, channel, order, line, customer key, e-mail, instant, amount, margin,
   * category, return flag (quantity 1, store S1, EUR).
   */
  private static Row line(
      String source,
      String channel,
      String order,
      String lineId,
      String key,
      String email,
      String at,
      String amount,
      String margin,
      String category,
      Boolean isReturn) {
    StructType schema = CanonicalModel.bronze(Kind.TRANSACTIONS);
    Object[] v = new Object[schema.size()];
    List<String> names = Arrays.asList(schema.fieldNames());
    v[names.indexOf(Cols.SOURCE)] = source;
    v[names.indexOf(Cols.CHANNEL)] = channel;
    v[names.indexOf(Cols.ORDER_ID)] = order;
    v[names.indexOf(Cols.LINE_ID)] = lineId;
    v[names.indexOf(Cols.CUSTOMER_KEY)] = key;
    v[names.indexOf(Cols.EMAIL)] = email;
    v[names.indexOf(Cols.EVENT_TS)] = ts(at);
    v[names.indexOf(Cols.QUANTITY)] = 1.0;
    v[names.indexOf(Cols.AMOUNT)] = dec(amount);
    v[names.indexOf(Cols.CURRENCY)] = "EUR";
    v[names.indexOf(Cols.AMOUNT_BASE)] = dec(amount);
    v[names.indexOf(Cols.MARGIN)] = dec(margin);
    v[names.indexOf(Cols.STORE_ID)] = "S1";
    v[names.indexOf(Cols.PRODUCT_CATEGORY)] = category;
    v[names.indexOf(Cols.IS_RETURN)] = isReturn;
    v[names.indexOf(Cols.INGEST_FILE)] = "f-" + order;
    v[names.indexOf(Cols.RUN_ID)] = "t";
    return RowFactory.create(v);
  }

  private static Dataset<Row> bronze(Row... lines) {
    return SparkTest.spark()
        .createDataFrame(Arrays.asList(lines), CanonicalModel.bronze(Kind.TRANSACTIONS));
  }

  /**
   * Batch 1. K1 (pos) is one customer with two records (pos K1 and web account A1): o1 = 60 books +
   * 40 toys on 06-01, o2 = 30 and its return -30 on 06-10 (nets to zero), w1 = 50 books online. An
   * anonymous receipt a1.
   */
  private static Dataset<Row> batch1() {
    return bronze(
        line(
            "pos",
            "store",
            "o1",
            "1",
            "K1",
            null,
            "2024-06-01 10:00:00",
            "60.00",
            "10.00",
            "books",
            false),
        line(
            "pos",
            "store",
            "o1",
            "2",
            "K1",
            null,
            "2024-06-01 10:05:00",
            "40.00",
            null,
            "toys",
            false),
        line(
            "pos",
            "store",
            "o2",
            "1",
            "K1",
            null,
            "2024-06-10 18:00:00",
            "30.00",
            null,
            "toys",
            false),
        line(
            "pos",
            "store",
            "o2",
            "2",
            "K1",
            null,
            "2024-06-10 18:30:00",
            "-30.00",
            null,
            "toys",
            true),
        line(
            "web",
            "online",
            "w1",
            "1",
            "A1",
            null,
            "2024-06-02 21:00:00",
            "50.00",
            "5.00",
            "books",
            false),
        line(
            "pos",
            "store",
            "a1",
            "1",
            null,
            null,
            "2024-06-03 12:00:00",
            "20.00",
            null,
            null,
            false));
  }

  /**
   * Batch 2, days later: o1's toy returned on 06-05 (same order id), a second books line on w1's
   * day, and a guest web order g1 by e-mail only.
   */
  private static Dataset<Row> batch2() {
    return bronze(
        line(
            "pos",
            "store",
            "o1",
            "3",
            "K1",
            null,
            "2024-06-05 09:00:00",
            "-40.00",
            null,
            "toys",
            true),
        line(
            "web",
            "online",
            "w1",
            "2",
            "A1",
            null,
            "2024-06-02 20:00:00",
            "25.00",
            "2.50",
            "books",
            false),
        line(
            "web",
            "online",
            "g1",
            "1",
            null,
            "guest@example.org",
            "2024-06-20 08:00:00",
            "15.00",
            null,
            "garden",
            false));
  }

  /** The rows compared: the category map as sorted JSON, the other columns as they are. */
  private static Dataset<Row> comparable(Dataset<Row> orderDays) {
    List<Column> cols = new ArrayList<>();
    for (String c : ROWS.fieldNames()) {
      cols.add(
          c.equals("categories")
              ? to_json(array_sort(map_entries(col(Cols.CATEGORY_GROSS)))).as(c)
              : col(c));
    }
    return orderDays.select(cols.toArray(Column[]::new));
  }

  private static Dataset<Row> wide(Dataset<Row> orders) {
    return orders
        .withColumn(CustomerFacts.ORDER_NET, col(CustomerFacts.ORDER_NET).cast("decimal(38,2)"))
        .withColumn(
            CustomerFacts.ORDER_MARGIN, col(CustomerFacts.ORDER_MARGIN).cast("decimal(38,2)"));
  }

  @Test
  void linesAggregateToHandWorkedOrderDays() {
    Dataset<Row> lines =
        batch1()
            .unionByName(batch2())
            .withColumn(Cols.NODE, IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)));
    // The guest's node is keyed in the refresh test; here the guest line has no key: anonymous.
    Dataset<Row> actual = comparable(OrderDays.of(lines, Cols.NODE, null));
    Date d1 = Date.valueOf("2024-06-01");
    Dataset<Row> expected =
        df(
            ROWS,
            // o1 on 06-01: 60 + 40, books 60 and toys 40; only the books line carries a margin.
            row(
                "pos",
                "pos|K1",
                "o1",
                d1,
                2L,
                dec("100.00"),
                dec("100.00"),
                null,
                "[{\"key\":\"books\",\"value\":60.00},{\"key\":\"toys\",\"value\":40.00}]",
                dec("10.00"),
                dec("60.00"),
                dec("10.00"),
                ts("2024-06-01 10:00:00"),
                "store",
                false),
            // o1's return four days later: its own row, netted with 06-01 by the metrics.
            row(
                "pos",
                "pos|K1",
                "o1",
                Date.valueOf("2024-06-05"),
                1L,
                dec("-40.00"),
                null,
                null,
                "[]",
                null,
                null,
                null,
                ts("2024-06-05 09:00:00"),
                "store",
                true),
            // o2 nets to zero on one day: 30 gross, a return.
            row(
                "pos",
                "pos|K1",
                "o2",
                Date.valueOf("2024-06-10"),
                2L,
                dec("0.00"),
                dec("30.00"),
                null,
                "[{\"key\":\"toys\",\"value\":30.00}]",
                null,
                null,
                null,
                ts("2024-06-10 18:00:00"),
                "store",
                true),
            // w1: 50 + 25 online; the 20:00 line of batch 2 is the first.
            row(
                "web",
                "web|A1",
                "w1",
                Date.valueOf("2024-06-02"),
                2L,
                dec("75.00"),
                dec("75.00"),
                dec("75.00"),
                "[{\"key\":\"books\",\"value\":75.00}]",
                dec("7.50"),
                dec("75.00"),
                dec("7.50"),
                ts("2024-06-02 20:00:00"),
                "online",
                false),
            row(
                "pos",
                null,
                "a1",
                Date.valueOf("2024-06-03"),
                1L,
                dec("20.00"),
                dec("20.00"),
                null,
                "[]",
                null,
                null,
                null,
                ts("2024-06-03 12:00:00"),
                "store",
                false),
            row(
                "web",
                null,
                "g1",
                Date.valueOf("2024-06-20"),
                1L,
                dec("15.00"),
                dec("15.00"),
                dec("15.00"),
                "[{\"key\":\"garden\",\"value\":15.00}]",
                null,
                null,
                null,
                ts("2024-06-20 08:00:00"),
                "online",
                false));
    assertDataFrameEquals(expected, actual, 0.0);
    // With a margin rate, a line without a margin counts rate x its amount (NetValue).
    Row o1 =
        OrderDays.of(lines, Cols.NODE, 0.25)
            .where(col(Cols.ORDER_ID).equalTo("o1").and(col(Cols.LINE_COUNT).equalTo(2)))
            .first();
    assertEquals(
        dec("20.00"), o1.getAs(Cols.MARGIN_SCORED), "10.00 own + 0.25 x 40.00 for the toy line");
    assertEquals(dec("10.00"), o1.getAs(Cols.MARGIN_KNOWN), "the known margins only");
  }

  @Test
  void incrementalRefreshEqualsAFullRebuild(@TempDir Path dir) {
    TableIO io = new TableIO(SparkTest.spark(), dir.toUri().toString());
    RunContext ctx = context(io);
    io.append(Tables.BRONZE_TRANSACTIONS, batch1(), Cols.SOURCE);
    OrderDaysRefresh.Outcome first =
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    assertTrue(first.action().startsWith("full"), "no table yet: built in full: " + first);
    assertEquals(
        "current",
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL).action(),
        "nothing ingested since: nothing done");

    io.append(Tables.BRONZE_TRANSACTIONS, batch2(), Cols.SOURCE);
    OrderDaysRefresh.Outcome second =
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    assertEquals("incremental", second.action(), "an appended batch is added: " + second);
    assertEquals(3, second.linesRead(), "only batch 2's three lines are read");
    Dataset<Row> incremental = comparable(io.read(Tables.ORDER_DAYS)).cache();
    assertEquals(6, incremental.count(), "o1 (2 days), o2, w1, a1 and the guest's g1");
    Row guest = io.read(Tables.ORDER_DAYS).where(col(Cols.ORDER_ID).equalTo("g1")).first();
    String node = guest.getAs(Cols.NODE);
    assertTrue(
        node.startsWith("web|guest:") && !node.contains("example"),
        "the guest's record is its keyed hash, never the e-mail: " + node);
    assertEquals(
        dec("75.00"),
        io.read(Tables.ORDER_DAYS)
            .where(col(Cols.ORDER_ID).equalTo("w1"))
            .first()
            .getAs(Cols.NET_AMOUNT),
        "w1's new line merged into its existing row: 50 + 25");

    OrderDaysRefresh.Outcome full = OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.FULL);
    assertTrue(full.action().startsWith("full (full-refresh"), full.action());
    assertDataFrameEquals(comparable(io.read(Tables.ORDER_DAYS)), incremental, 0.0);

    // A compaction of bronze (a new version, files rewritten, no data change): nothing to add.
    SparkTest.spark().sql("OPTIMIZE " + io.sqlName(Tables.BRONZE_TRANSACTIONS)).collect();
    OrderDaysRefresh.Outcome empty =
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    assertEquals("incremental", empty.action(), empty.toString());
    assertEquals(0, empty.linesRead(), "a compaction adds no line");
    assertDataFrameEquals(incremental, comparable(io.read(Tables.ORDER_DAYS)), 0.0);
    // No change, no commit (Delta skips empty commits): the range is replayed, adding nothing.
    assertEquals(
        0,
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL).linesRead(),
        "the compaction's range read again adds no line");
    assertDataFrameEquals(incremental, comparable(io.read(Tables.ORDER_DAYS)), 0.0);

    // A removed line (an erasure, a re-ingested file) cannot be subtracted: its source (pos) is
    // re-aggregated from bronze, with a line added to web in the same range merged as usual.
    io.delete(
        Tables.BRONZE_TRANSACTIONS,
        col(Cols.ORDER_ID).equalTo("o2").and(col(Cols.LINE_ID).equalTo("2")));
    io.append(
        Tables.BRONZE_TRANSACTIONS,
        bronze(
            line(
                "web",
                "online",
                "w2",
                "1",
                "A1",
                null,
                "2024-06-22 12:00:00",
                "12.00",
                null,
                "books",
                false)));
    OrderDaysRefresh.Outcome removed =
        OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    assertEquals(
        "incremental, re-aggregated source(s) with removed data: pos",
        removed.action(),
        removed.toString());
    assertEquals(1, removed.linesRead(), "web's one new line read as an increment");
    Row o2 = io.read(Tables.ORDER_DAYS).where(col(Cols.ORDER_ID).equalTo("o2")).first();
    assertEquals(dec("30.00"), o2.getAs(Cols.NET_AMOUNT), "o2 without its return: 30");
    assertEquals(1L, (long) o2.getAs(Cols.LINE_COUNT), "one line left");
    assertEquals(false, o2.getAs(Cols.HAS_RETURN), "its return line is gone");
    Dataset<Row> afterRemoval = comparable(io.read(Tables.ORDER_DAYS)).cache();
    assertEquals(7, afterRemoval.count(), "the six rows and w2");
    OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.FULL);
    assertDataFrameEquals(comparable(io.read(Tables.ORDER_DAYS)), afterRemoval, 0.0);

    // All of a source's lines gone: its rows are deleted, not left behind.
    io.delete(Tables.BRONZE_TRANSACTIONS, col(Cols.SOURCE).equalTo("web"));
    OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    assertEquals(
        0,
        io.read(Tables.ORDER_DAYS).where(col(Cols.SOURCE).equalTo("web")).count(),
        "no web row once web has no line");
    assertEquals(4, io.read(Tables.ORDER_DAYS).count(), "pos: o1 (2 days), o2, a1");

    // A changed setting the rows depend on (the margin rate): rebuilt, not mixed.
    RunContext rated = context(io, "clientele.costs.margin-rate=0.5");
    assertTrue(
        OrderDaysRefresh.refresh(rated, OrderDaysRefresh.Mode.INCREMENTAL)
            .action()
            .startsWith("full (no watermark"),
        "another signature rebuilds");
  }

  @Test
  void metricsFromOrderDaysEqualThoseFromTheLines(@TempDir Path dir) {
    TableIO io = new TableIO(SparkTest.spark(), dir.toUri().toString());
    RunContext ctx = context(io, "clientele.costs.margin-rate=0.3");
    io.append(Tables.BRONZE_TRANSACTIONS, batch1(), Cols.SOURCE);
    io.append(Tables.BRONZE_TRANSACTIONS, richer(), Cols.SOURCE);
    io.append(Tables.BRONZE_TRANSACTIONS, batch2(), Cols.SOURCE);
    OrderDaysRefresh.refresh(ctx, OrderDaysRefresh.Mode.INCREMENTAL);
    Dataset<Row> bronze = io.read(Tables.BRONZE_TRANSACTIONS);
    Dataset<Row> keyed = OrderDaysRefresh.keyed(ctx, bronze);
    // One customer c1 for both of K1's records; c2 the guest; B1..B4 each their own.
    Dataset<Row> map = identityMap(keyed);
    // The lines as resolve writes them (the reference path), and the order days resolved.
    Dataset<Row> lines =
        SilverTransactions.of(
            keyed, map.withColumn(IdentityRecords.NODE, col("_node")).drop("_node"));
    Dataset<Row> days = OrderDays.resolve(io.read(Tables.ORDER_DAYS), map.drop("_node"));
    Dataset<Row> pseudo = OrderDays.asLines(days);
    for (CustomerFacts.Window w :
        List.of(
            new CustomerFacts.Window(null, END),
            new CustomerFacts.Window(ts("2024-06-05 00:00:00"), END))) {
      assertDataFrameEquals(
          CustomerFacts.summarise(
              NetValue.lineMargins(CustomerFacts.inWindow(lines, w), 0.3), AS_OF),
          CustomerFacts.summarise(CustomerFacts.inWindow(pseudo, w), AS_OF),
          0.0);
      // The orders costs are spread over (sums typed wider from order days: compared as such).
      assertDataFrameEquals(
          wide(CustomerFacts.orders(NetValue.lineMargins(CustomerFacts.inWindow(lines, w), 0.3))),
          wide(CustomerFacts.orders(CustomerFacts.inWindow(pseudo, w))),
          0.0);
    }
    ClvSummary.Params p = new ClvSummary.Params(END, AS_OF, 7.0);
    assertDataFrameEquals(ClvSummary.of(lines, p), ClvSummary.of(pseudo, p), 0.0);
    assertDataFrameEquals(
        ClvMargins.rates(lines, END), ClvMargins.rates(OrderDays.asMarginLines(days), END), 0.0);
    assertDataFrameEquals(
        Interests.fromTransactions(lines, END), Interests.fromTransactions(days, END), 0.0);
    // The reference can fail: c1's figures worked out by hand from the lines.
    Row c1 =
        CustomerFacts.summarise(
                CustomerFacts.inWindow(pseudo, new CustomerFacts.Window(null, END)), AS_OF)
            .where(col(Cols.CUSTOMER_ID).equalTo("c1"))
            .first();
    // o1 60 + 40 - 40 = 60, w1 75, o2 0 (no purchase), o3 nets 35: 170 net over 3 orders.
    assertEquals(dec("170.00"), c1.getAs(Cols.MONETARY_NET), "c1's net over both records");
    assertEquals(3L, (long) c1.getAs(Cols.ORDER_COUNT), "o1, w1, o3: o2 nets to zero");
  }

  /**
   * More orders of K1 and of single-record customers B1..B4 at different hours and weekdays, a
   * multi-day order with a late return, margins on some lines only.
   */
  private static Dataset<Row> richer() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        line(
            "pos",
            "store",
            "o3",
            "1",
            "K1",
            null,
            "2024-06-12 07:30:00",
            "45.00",
            null,
            "garden",
            false));
    rows.add(
        line(
            "pos",
            "store",
            "o3",
            "2",
            "K1",
            null,
            "2024-06-19 16:00:00",
            "-10.00",
            null,
            "garden",
            true));
    String[] hours = {"03:10:00", "09:20:00", "13:40:00", "19:50:00", "23:59:59"};
    for (int c = 1; c <= 4; c++) {
      for (int k = 0; k < 5; k++) {
        String day = String.format("2024-%02d-%02d", 3 + (k % 4), 1 + (c * 3 + k * 5) % 27);
        String amount = (10 * c + 7 * k) + ".5" + k;
        String margin = k % 2 == 0 ? (c + k) + ".00" : null;
        String channel = (c + k) % 3 == 0 ? "online" : "store";
        String category = k % 3 == 0 ? null : (k % 3 == 1 ? "books" : "toys");
        rows.add(
            line(
                "web",
                channel,
                "b" + c + "-" + k,
                "1",
                "B" + c,
                null,
                day + " " + hours[(c + k) % 5],
                amount,
                margin,
                category,
                false));
        if (k == 2) {
          // Returned a week later on the same order id.
          String later = String.format("2024-%02d-%02d", 3 + (k % 4), 8 + (c * 3 + k * 5) % 20);
          rows.add(
              line(
                  "web",
                  channel,
                  "b" + c + "-" + k,
                  "2",
                  "B" + c,
                  null,
                  later + " 11:00:00",
                  "-5.00",
                  null,
                  category,
                  true));
        }
      }
    }
    return bronze(rows.toArray(Row[]::new));
  }

  /** customer_identity_map rows (source, customer_key, customer_id) plus each record's node. */
  private static Dataset<Row> identityMap(Dataset<Row> keyed) {
    Dataset<Row> records =
        keyed
            .where(col(Cols.NODE).isNotNull())
            .select(
                col(IdentityRecords.KEY_SOURCE).as(Cols.SOURCE),
                col(IdentityRecords.RECORD_KEY).as(Cols.CUSTOMER_KEY),
                col(Cols.NODE).as("_node"))
            .distinct();
    Column id =
        org.apache
            .spark
            .sql
            .functions
            .when(col(Cols.CUSTOMER_KEY).isin("K1", "A1"), org.apache.spark.sql.functions.lit("c1"))
            .when(
                col(Cols.CUSTOMER_KEY).startsWith("guest:"),
                org.apache.spark.sql.functions.lit("c2"))
            .otherwise(col(Cols.CUSTOMER_KEY));
    return records.withColumn(Cols.CUSTOMER_ID, id);
  }

  private static RunContext context(TableIO io, String... sets) {
    List<String> all = new ArrayList<>(List.of("clientele.warehouse=\"" + io.warehouse() + "\""));
    all.addAll(List.of(sets));
    Settings s = new Settings(ConfigLoader.load(null, null, all, Map.of()));
    return new RunContext(
        s,
        SparkTest.spark(),
        io,
        "od",
        AS_OF,
        Instant.now(),
        new RunSummary("od", "score", AS_OF.toString(), Instant.now(), "t"));
  }
}
