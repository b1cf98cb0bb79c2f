package dev.clientele.ingest;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A source of kind costs: mapping, base currency, quarantine reasons and reconciled counts. */
@ExtendWith(SparkTest.class)
class IngestCostsTest {
  static final String HEADER = "date,amount,currency,type,customer,channel,campaign\n";
  // Each line's fate, worked out by hand from the contract (docs/ingest.md, "Costs"):
  static final String OWN = "2024-03-05,12.50,EUR,service,C1,,"; // the customer's own
  static final String CHANNEL = "2024-03-31,100.00,GBP,marketing,,Online,spring"; // 115.00 EUR
  static final String CAMPAIGN = "2024-04-01,40.00,EUR,marketing,,,spring"; // campaign only
  static final String NOBODY = "2024-04-02,30.00,EUR,acquisition,,,"; // no key, channel, campaign
  static final String NAN = "2024-04-03,abc,EUR,marketing,,offline,";
  static final String FEB_30 = "2024-02-30,10.00,EUR,marketing,,offline,";
  static final String SOON = "soon,10.00,EUR,marketing,,offline,";
  static final String NO_DATE = ",10.00,EUR,marketing,,offline,";
  static final String XYZ = "2024-04-05,5.00,XYZ,service,C2,,";

  static String costsConf(Path dir, String extra) {
    return "clientele { exchange-rates { GBP = 1.15 }\n"
        + " ingest.max-quarantine-share = 1.0\n"
        + " sources.ads {\n"
        + "  path = \""
        + dir.resolve("costs")
        + "/*.csv\"\n"
        + "  format = csv, kind = costs\n"
        + extra
        + "  date-formats = [\"yyyy-MM-dd\"]\n"
        + "  mapping { cost_date = \"date\", amount = \"amount\", currency = \"currency\",\n"
        + "    cost_type = \"type\", customer_key = \"customer\", channel = \"channel\","
        + " campaign = \"campaign\" }\n"
        + " } }\n";
  }

  private static final StructType BRONZE =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("cost_date", DataTypes.DateType)
          .add("amount", DataTypes.createDecimalType(18, 2))
          .add("currency", DataTypes.StringType)
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("cost_type", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("channel", DataTypes.StringType)
          .add("campaign", DataTypes.StringType);

  @Test
  void costsAreMappedConvertedAndQuarantinedWithTheirReasons(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write(
        "costs/2024-q1.csv",
        HEADER
            + String.join("\n", OWN, CHANNEL, CAMPAIGN, NOBODY, NAN, FEB_30, SOON, NO_DATE, XYZ)
            + "\n");
    StageResult r = f.run(f.config(costsConf(dir, "")));
    TableIO io = f.io();
    // 100.00 GBP x 1.15 = 115.00; the channel is read in lower case to match the transactions'.
    assertDataFrameEquals(
        df(
            BRONZE,
            row(
                "ads",
                Date.valueOf("2024-03-05"),
                dec("12.50"),
                "EUR",
                dec("12.50"),
                "service",
                "C1",
                null,
                null),
            row(
                "ads",
                Date.valueOf("2024-03-31"),
                dec("100.00"),
                "GBP",
                dec("115.00"),
                "marketing",
                null,
                "online",
                "spring"),
            row(
                "ads",
                Date.valueOf("2024-04-01"),
                dec("40.00"),
                "EUR",
                dec("40.00"),
                "marketing",
                null,
                null,
                "spring")),
        io.read(Tables.BRONZE_COSTS).select(BRONZE.fieldNames()[0], rest(BRONZE)));
    assertDataFrameEquals(
        df(
            IngestStageTest.Q,
            row("missing_required", NOBODY),
            row("not_a_number", NAN),
            row("impossible_date", FEB_30),
            row("unparseable_cost_date", SOON),
            row("missing_required", NO_DATE),
            row("unknown_currency", XYZ)),
        io.read(Tables.QUARANTINE).select("reason", "raw_row"));
    assertEquals(
        1,
        io.read(Tables.QUARANTINE)
            .where("detail = 'a cost needs customer_key, channel or campaign'")
            .count(),
        "the row with nobody to carry it says why");
    Map<String, Object> s = IngestFixture.source(r, "ads");
    assertEquals(9L, s.get("read"), "rows read");
    assertEquals(3L, s.get("accepted"), "rows accepted");
    assertEquals(6L, s.get("quarantined"), "read = accepted + quarantined");
    assertEquals(
        Map.of(
            "missing_required",
            2L,
            "not_a_number",
            1L,
            "impossible_date",
            1L,
            "unparseable_cost_date",
            1L,
            "unknown_currency",
            1L),
        s.get("reasons"));
    assertTrue(
        io.deltaDetail(Tables.BRONZE_COSTS)
            .getList(io.deltaDetail(Tables.BRONZE_COSTS).fieldIndex("partitionColumns"))
            .contains("source"),
        "partitioned by source like the other bronze tables");
  }

  @Test
  void aCostsSourceNamesEachRowsChannelNotItsOwn(@TempDir Path dir) throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write("costs/a.csv", HEADER + OWN + "\n");
    ClienteleException e =
        assertThrows(
            ClienteleException.class, () -> f.run(f.config(costsConf(dir, " channel = online\n"))));
    assertTrue(
        e.getMessage().contains("source 'ads': a costs source has no channel; map each row's"),
        e.getMessage());
  }

  private static String[] rest(StructType s) {
    return java.util.Arrays.copyOfRange(s.fieldNames(), 1, s.fieldNames().length);
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }
}
