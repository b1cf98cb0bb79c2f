package dev.clientele.ingest;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import dev.clientele.config.ConfigLoader;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bundled samples and the example configurations. */
@ExtendWith(SparkTest.class)
class IngestExamplesTest {
  static Path project(String p) {
    return SparkTest.projectDir().resolve(p);
  }

  @Test
  void examplesReplaceTheProfilesSourcesAndRates() {
    Config c =
        ConfigLoader.load(
            "local", project("conf/examples/online-retail.conf"), List.of(), Map.of());
    assertEquals(
        Set.of("online-retail"),
        c.getConfig("clientele.sources").root().keySet(),
        "the local profile's sample sources are not pulled in");
    assertEquals(Set.of("GBP"), c.getConfig("clientele.exchange-rates").root().keySet());
  }

  @Test
  void theSamplesIngestWithExactlyThePlantedBadRows(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    List<String> sets = new ArrayList<>();
    Map<String, String> files =
        Map.of(
            "accounts",
            "online/accounts.json",
            "web-orders",
            "online/web_orders.csv",
            "page-views",
            "online/page_views.jsonl",
            "loyalty-cards",
            "offline/loyalty_cards.csv",
            "pos-receipts",
            "offline/pos_receipts.csv",
            "marketing-costs",
            "marketing/costs.csv");
    files.forEach(
        (s, p) ->
            sets.add("clientele.sources." + s + ".path=\"" + project("data-samples/" + p) + "\""));
    sets.add("clientele.warehouse=\"" + f.warehouse + "\"");
    StageResult r = f.run(ConfigLoader.load("local", project("conf/samples.conf"), sets, Map.of()));
    // Planted in scripts/make-samples.py and listed in data-samples/README.md; rows read = lines
    // of the file minus the CSV header.
    expect(
        r,
        "web-orders",
        lines(files.get("web-orders")) - 1,
        Map.of(
            "impossible_date",
            1L,
            "not_a_number",
            1L,
            "missing_required",
            1L,
            "unknown_currency",
            1L,
            "duplicate",
            1L));
    expect(
        r,
        "pos-receipts",
        lines(files.get("pos-receipts")) - 1,
        Map.of("impossible_date", 1L, "not_a_number", 1L, "missing_required", 1L, "duplicate", 1L));
    expect(
        r,
        "accounts",
        lines(files.get("accounts")),
        Map.of("malformed_row", 1L, "missing_required", 1L));
    // L0999999 born 31/02/1980: a customer record keeps its place with the birth date null.
    expect(r, "loyalty-cards", lines(files.get("loyalty-cards")) - 1, Map.of());
    assertEquals(
        Map.of("birth_date", Map.of("impossible_date", 1L)),
        IngestFixture.source(r, "loyalty-cards").get("attribute_issues"),
        "the planted birth date is counted as an attribute issue");
    assertDataFrameEquals(
        df(
            new StructType()
                .add("source", DataTypes.StringType)
                .add("customer_key", DataTypes.StringType)
                .add("column_name", DataTypes.StringType)
                .add("reason", DataTypes.StringType),
            row("loyalty-cards", "L0999999", "birth_date", "impossible_date")),
        f.io()
            .read(Tables.DATA_QUALITY_ISSUES)
            .select("source", "customer_key", "column_name", "reason"));
    expect(r, "page-views", lines(files.get("page-views")), Map.of("impossible_date", 1L));
    // The 2024-10-02 cost names no account, channel or campaign: nobody to carry it.
    expect(
        r,
        "marketing-costs",
        lines(files.get("marketing-costs")) - 1,
        Map.of("missing_required", 1L));
    // Camille Martin (A0001), by hand: 89.90 + 2 x 12.50 + 59.00 - 59.00 (returned) + 149.00.
    StructType s =
        new StructType()
            .add("net", DataTypes.createDecimalType(28, 2))
            .add("returns", DataTypes.LongType);
    assertDataFrameEquals(
        df(s, row(new BigDecimal("263.90"), 1L)),
        f.io()
            .read(Tables.BRONZE_TRANSACTIONS)
            .where("customer_key = 'A0001'")
            .selectExpr(
                "cast(sum(amount) as decimal(28,2)) AS net", "count_if(is_return) AS returns"));
  }

  static long lines(String sample) throws Exception {
    try (var l = Files.lines(project("data-samples/" + sample))) {
      return l.count();
    }
  }

  static void expect(StageResult r, String source, long read, Map<String, Long> reasons) {
    Map<String, Object> s = IngestFixture.source(r, source);
    long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(read, s.get("read"), source + " rows read");
    assertEquals(read - quarantined, s.get("accepted"), source + " rows accepted");
    assertEquals(reasons, s.get("reasons"), source + " reasons");
  }

  @Test
  void theCdnowSampleExampleReconciles(@TempDir Path dir) throws Exception {
    Path file = SparkTest.sharedDir().resolve("datasets/cdnow/CDNOW_sample.txt");
    assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent");
    IngestFixture f = new IngestFixture(dir);
    Config c =
        ConfigLoader.load(
            null,
            project("conf/examples/cdnow-sample.conf"),
            List.of(
                "clientele.sources.cdnow-sample.path=\"" + file + "\"",
                "clientele.warehouse=\"" + f.warehouse + "\""),
            Map.of());
    StageResult r = f.run(c);
    // Reference: every line is well formed, so only exact repeats of a line are quarantined.
    List<String> all = Files.readAllLines(file);
    long repeats = all.size() - all.stream().distinct().count();
    Map<String, Object> s = IngestFixture.source(r, "cdnow-sample");
    assertEquals(6919L, s.get("read"), "lines read");
    assertEquals(6919L - repeats, s.get("accepted"));
    assertEquals(repeats, s.get("quarantined"));
    assertEquals(Map.of("duplicate", repeats), s.get("reasons"));
  }

  @Test
  void theOnlineRetailExampleIngestsTheUciLayout(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    String header =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    String first =
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United"
            + " Kingdom\n";
    f.write(
        "retail/Online Retail.csv",
        header
            + first
            + "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom\n"
            + "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n"
            + "536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n"
            + first
            + "536999,22222,BAD PRICE,2,12/1/2010 12:00,abc,17850,United Kingdom\n");
    Config c =
        ConfigLoader.load(
            null,
            project("conf/examples/online-retail.conf"),
            List.of(
                "clientele.sources.online-retail.path=\"" + dir.resolve("retail") + "/*.csv*\"",
                "clientele.ingest.max-quarantine-share=0.5",
                "clientele.warehouse=\"" + f.warehouse + "\""),
            Map.of());
    StageResult r = f.run(c);
    Map<String, Object> s = IngestFixture.source(r, "online-retail");
    assertEquals(6L, s.get("read"));
    assertEquals(
        Map.of("duplicate", 1L, "not_a_number", 1L),
        s.get("reasons"),
        "the repeated line and the price that is not a number (Quantity * 'abc')");
    StructType v =
        new StructType()
            .add("order_id", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType)
            .add("ts", DataTypes.StringType)
            .add("amount", DataTypes.createDecimalType(18, 2))
            .add("is_return", DataTypes.BooleanType)
            .add("is_anonymous", DataTypes.BooleanType);
    // By hand: 6 x 2.55 = 15.30; 6 x 3.39 = 20.34; -1 x 27.5; 56 x 0 (no CustomerID: anonymous).
    assertDataFrameEquals(
        df(
            v,
            row("536365", "17850", "2010-12-01 08:26", new BigDecimal("15.30"), false, false),
            row("536365", "17850", "2010-12-01 08:26", new BigDecimal("20.34"), false, false),
            row("C536379", "14527", "2010-12-01 09:41", new BigDecimal("-27.50"), true, false),
            row("536414", null, "2010-12-01 11:52", new BigDecimal("0.00"), false, true)),
        f.io()
            .read(Tables.BRONZE_TRANSACTIONS)
            .selectExpr(
                "order_id",
                "customer_key",
                "date_format(event_ts, 'yyyy-MM-dd HH:mm') AS ts",
                "amount",
                "is_return",
                "is_anonymous"));
  }
}
