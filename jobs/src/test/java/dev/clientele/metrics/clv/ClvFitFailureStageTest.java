package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.metrics.ClvStage;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The clv stage on a first, tiny source (a new shop): models that cannot be fitted leave null
 * predictions and their reason, and the stage goes on, unless on-fit-failure = fail.
 */
@ExtendWith(SparkTest.class)
class ClvFitFailureStageTest {
  private static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

  /** Order lines: customer, day of June 2024, amount. */
  private static void transactions(Object[]... lines) {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (Object[] l : lines) {
      n++;
      BigDecimal amount = new BigDecimal((String) l[2]);
      Timestamp ts = Timestamp.valueOf("2024-06-" + String.format("%02d", l[1]) + " 12:00:00");
      rows.add(
          RowFactory.create(
              "shop",
              "online",
              "o" + n,
              "1",
              "k" + l[0],
              l[0],
              ts,
              1.0,
              amount,
              "EUR",
              amount,
              false,
              false));
    }
    io(settings("skip"))
        .overwrite(
            Tables.TRANSACTIONS, SparkTest.spark().createDataFrame(rows, CdnowFixture.SCHEMA));
  }

  private static Settings settings(String onFailure) {
    return new Settings(
        ConfigLoader.load(
            null,
            null,
            List.of(
                "clientele.warehouse=\"" + SparkTest.warehouse() + "\"",
                "clientele.clv.time-unit=days",
                "clientele.clv.on-fit-failure=" + onFailure),
            Map.of()));
  }

  private static TableIO io(Settings s) {
    return new TableIO(SparkTest.spark(), s.warehouse());
  }

  private static RunSummary run(String onFailure) {
    Settings s = settings(onFailure);
    RunSummary summary = new RunSummary("r", "clv", AS_OF.toString(), Instant.now(), "h");
    new ClvStage()
        .run(new RunContext(s, SparkTest.spark(), io(s), "r", AS_OF, Instant.now(), summary));
    return summary;
  }

  @Test
  void withoutRepeatBuyersCustomersGetNullPredictionsAndTheReasonIsRecorded() {
    // Four customers, five valid lines, nobody with two purchase days (c1's two lines are the
    // same day): neither BG/NBD (no repeat buyer) nor Gamma-Gamma (no repeat value) is identified.
    transactions(
        new Object[] {"c1", 2, "10.00"},
        new Object[] {"c1", 2, "5.00"},
        new Object[] {"c2", 10, "20.00"},
        new Object[] {"c3", 20, "7.50"},
        new Object[] {"c4", 30, "12.00"});
    RunSummary summary = run("skip");
    TableIO io = io(settings("skip"));
    List<Row> clv =
        io.readSnapshot(Tables.CUSTOMER_CLV, AS_OF).orderBy("customer_id").collectAsList();
    assertEquals(4, clv.size(), "every customer with a purchase day is written");
    Row c1 = clv.get(0);
    assertEquals(0.0, c1.<Double>getAs("btyd_x"), "c1: one purchase day");
    assertEquals(28.0, c1.<Double>getAs("btyd_t"), "c1: June 2 to June 30 in days");
    assertEquals("15.00", c1.getAs("clv_historical").toString(), "c1: 10 + 5");
    for (Row r : clv) {
      for (String c : List.of("p_alive", "expected_purchases", "expected_avg_order_value")) {
        assertTrue(r.isNullAt(r.fieldIndex(c)), c + " null for " + r);
      }
      assertTrue(r.isNullAt(r.fieldIndex("clv_predicted")), "clv_predicted null for " + r);
    }
    List<Row> model = io.readSnapshot(Tables.CLV_MODEL, AS_OF).collectAsList();
    assertEquals(7, model.size(), "one row per parameter: 4 BG/NBD + 3 Gamma-Gamma");
    for (Row r : model) {
      assertEquals("failed", r.getAs("status"), "status of " + r);
      assertTrue(r.isNullAt(r.fieldIndex("value")), "no value: " + r);
      assertEquals(false, r.getAs("is_selected"), "not used: " + r);
      assertEquals(0.001, r.<Double>getAs("l2_penalty"), "the retry's penalty: " + r);
      String reason = r.getAs("reason");
      if (r.getAs("model").equals("bgnbd")) {
        assertEquals(4L, r.<Long>getAs("customers"), "BG/NBD offered the 4 customers");
        assertTrue(
            reason.startsWith(
                "model: BG/NBD cannot be fitted: no customer has a repeat purchase day"),
            reason);
        assertTrue(reason.contains("; with l2-penalty 0.001: model: BG/NBD"), reason);
      } else {
        assertEquals(0L, r.<Long>getAs("customers"), "Gamma-Gamma offered no repeat customer");
        assertTrue(reason.startsWith("model: Gamma-Gamma cannot be fitted"), reason);
      }
    }
    Map<?, ?> bg = (Map<?, ?>) ((Map<?, ?>) summary.get("models")).get("bgnbd");
    assertEquals("failed", bg.get("status"), "run summary status");
    assertTrue(((String) bg.get("reason")).contains("no customer has a repeat"), "reason");
    assertEquals("none", ((Map<?, ?>) summary.get("data_quality")).get("clv_purchase_model"));
  }

  @Test
  void aModelThatNeedsThePenaltyIsFittedWithItAndSaysSo() {
    // c1 and c2 buy twice with the same repeat value 10: the Gamma-Gamma likelihood grows without
    // bound as q and gamma grow (no spread between customers), so only the retry fits it.
    transactions(
        new Object[] {"c1", 1, "10.00"},
        new Object[] {"c1", 8, "10.00"},
        new Object[] {"c2", 3, "10.00"},
        new Object[] {"c2", 20, "10.00"},
        new Object[] {"c3", 15, "30.00"});
    run("skip");
    Map<String, Row> gg = new java.util.HashMap<>();
    for (Row r : io(settings("skip")).readSnapshot(Tables.CLV_MODEL, AS_OF).collectAsList()) {
      if (r.getAs("model").equals("gamma_gamma")) {
        gg.put(r.getAs("parameter"), r);
      }
    }
    Row q = gg.get("q");
    assertEquals("fitted_with_penalty", q.getAs("status"), "status");
    assertEquals(0.001, q.<Double>getAs("l2_penalty"), "penalty of the retry");
    assertTrue(
        q.<String>getAs("reason")
            .startsWith("fitted with l2-penalty 0.001 after: model: Gamma-Gamma fit did not"),
        q.<String>getAs("reason"));
    assertTrue(q.<Double>getAs("value") > 1, "a finite q > 1");
    assertEquals(true, q.getAs("is_selected"), "its expected values are used");
  }

  @Test
  void onFitFailureFailStopsTheStageWithTheModelError() {
    transactions(new Object[] {"c1", 2, "10.00"}, new Object[] {"c2", 10, "20.00"});
    ClienteleException e = assertThrows(ClienteleException.class, () -> run("fail"));
    assertTrue(
        e.getMessage().startsWith("model: BG/NBD cannot be fitted: no customer has a repeat"),
        e.getMessage());
  }
}
