package dev.clientele.metrics.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.config.ConfigLoader;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.metrics.ClvStage;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The clv stage on the CDNOW sample written as the transactions table. */
@ExtendWith(SparkTest.class)
class ClvStageTest {
  private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  private static final LocalDate HOLDOUT_AS_OF = LocalDate.of(1998, 6, 30);

  @BeforeAll
  static void writeTransactions() throws IOException {
    CdnowFixture.rawFile();
    io(settings(0)).overwrite(Tables.TRANSACTIONS, CdnowFixture.transactions());
  }

  private static Settings settings(int holdoutDays) {
    return new Settings(
        ConfigLoader.load(
            null,
            null,
            List.of(
                "clientele.warehouse=\"" + SparkTest.warehouse() + "\"",
                "clientele.clv.time-unit=weeks",
                "clientele.clv.holdout-days=" + holdoutDays),
            Map.of()));
  }

  private static TableIO io(Settings s) {
    return new TableIO(SparkTest.spark(), s.warehouse());
  }

  private static RunSummary run(int holdoutDays, LocalDate asOf) {
    Settings s = settings(holdoutDays);
    RunSummary summary =
        new RunSummary("r" + holdoutDays, "clv", asOf.toString(), Instant.now(), "h");
    new ClvStage()
        .run(
            new RunContext(
                s, SparkTest.spark(), io(s), "r" + holdoutDays, asOf, Instant.now(), summary));
    return summary;
  }

  @Test
  void productionRunWritesModelAndCustomerClv() {
    RunSummary summary = run(0, CALIBRATION_END);
    TableIO io = io(settings(0));
    // clv_model: 7 rows (4 + 3 parameters).
    Map<String, Double> params = new HashMap<>();
    for (Row r : io.readSnapshot(Tables.CLV_MODEL, CALIBRATION_END).collectAsList()) {
      params.put(r.<String>getAs("parameter"), r.<Double>getAs("value"));
      long customers = r.getAs("customers");
      assertEquals(r.<String>getAs("model").equals("bgnbd") ? 2357 : 946, customers, "customers");
    }
    assertEquals(0.243, params.get("r"), 0.01, "r");
    assertEquals(4.414, params.get("alpha"), 0.01, "alpha");
    assertEquals(0.793, params.get("a"), 0.01, "a");
    assertEquals(2.426, params.get("b"), 0.01, "b");
    assertEquals(6.25, params.get("p"), 0.01, "p");
    assertEquals(3.74, params.get("q"), 0.01, "q");
    assertEquals(15.44, params.get("gamma"), 15.44 * 0.005, "gamma");
    assertTrue(((Map<?, ?>) summary.get("models")).containsKey("bgnbd"), "bgnbd in run summary");
    // Customer 00004 (ID 1): Jan 1 29.33, Jan 18 29.73, Aug 2 14.96 before Sep 30 (Dec 12 after):
    // x = 2, t_x = 213 / 7, T = 272 / 7, zbar = (29.73 + 14.96) / 2 = 22.345, history 74.02.
    Row c =
        io.readSnapshot(Tables.CUSTOMER_CLV, CALIBRATION_END)
            .where("customer_id = '00004'")
            .collectAsList()
            .get(0);
    assertEquals(2.0, c.<Double>getAs("btyd_x"), 1e-12, "x");
    assertEquals(213 / 7.0, c.<Double>getAs("btyd_t_x"), 1e-12, "t_x");
    assertEquals(272 / 7.0, c.<Double>getAs("btyd_t"), 1e-12, "T");
    assertEquals(22.345, c.<Double>getAs("btyd_mean_repeat_value"), 1e-9, "zbar");
    assertEquals("74.02", c.getAs("clv_historical").toString(), "net revenue to date");
    // By hand with the published parameters (ClvPredictionsTest): p_alive 0.7266, E[M] 24.66.
    assertEquals(0.7266, c.<Double>getAs("p_alive"), 0.005, "p_alive");
    assertEquals(24.66, c.<Double>getAs("expected_avg_order_value"), 0.05, "E[M]");
    assertEquals(12, c.<Integer>getAs("clv_horizon_months"), "default horizon");
    assertEquals(
        c.<Double>getAs("clv_predicted"),
        c.<Double>getAs("clv_net"),
        1e-12,
        "clv.retention-cost-per-purchase defaults to 0: clv_net = clv_predicted");
    assertEquals(2357, io.readSnapshot(Tables.CUSTOMER_CLV, CALIBRATION_END).count(), "rows");
  }

  @Test
  void holdoutWritesOnlyClvHoldout() throws IOException {
    // Fit at 1997-09-30 (as-of minus 273 days), predict the 39 weeks up to 1998-06-30.
    RunSummary summary = run(273, HOLDOUT_AS_OF);
    TableIO io = io(settings(273));
    List<Row> groups = io.readSnapshot(Tables.CLV_HOLDOUT, HOLDOUT_AS_OF).collectAsList();
    // Reference: distinct holdout purchase days per customer and calibration frequency group,
    // straight from the raw lines (CDNOW has no returns, so every dated line is a purchase).
    Map<String, Set<LocalDate>> calDays = new HashMap<>();
    Map<String, Set<LocalDate>> holdDays = new HashMap<>();
    for (CdnowFixture.Line l : CdnowFixture.lines()) {
      boolean cal = !l.date().isAfter(CALIBRATION_END);
      (cal ? calDays : holdDays).computeIfAbsent(l.customer(), k -> new HashSet<>()).add(l.date());
    }
    Map<String, double[]> expected = new HashMap<>();
    for (Map.Entry<String, Set<LocalDate>> e : calDays.entrySet()) {
      int x = e.getValue().size() - 1;
      String g = x >= 7 ? "7+" : String.valueOf(x);
      double[] acc = expected.computeIfAbsent(g, k -> new double[2]);
      acc[0] += 1;
      acc[1] += holdDays.getOrDefault(e.getKey(), Set.of()).size();
    }
    assertEquals(expected.size(), groups.size(), "frequency groups");
    double mae = groups.get(0).getAs("mae");
    for (Row r : groups) {
      double[] e = expected.get(r.<String>getAs("frequency_group"));
      assertEquals((long) e[0], r.<Long>getAs("customers"), "customers of " + r);
      assertEquals(e[1] / e[0], r.<Double>getAs("actual_purchases_mean"), 1e-9, "actual " + r);
      assertEquals(mae, r.<Double>getAs("mae"), 0.0, "same MAE on every row");
      assertEquals(CALIBRATION_END, r.<java.sql.Date>getAs("calibration_end_date").toLocalDate());
    }
    assertTrue(mae > 0 && mae < 2, "MAE plausible: " + mae);
    assertEquals(mae, (Double) ((Map<?, ?>) summary.get("data_quality")).get("clv_holdout_mae"));
    // The calibration fit is the paper's.
    Map<?, ?> bg = (Map<?, ?>) ((Map<?, ?>) summary.get("models")).get("bgnbd_holdout");
    assertEquals(0.243, (Double) bg.get("r"), 0.01, "holdout calibration r");
    assertEquals(4.414, (Double) bg.get("alpha"), 0.01, "holdout calibration alpha");
    // Never the production tables of the holdout snapshot.
    for (String t : List.of(Tables.CUSTOMER_CLV, Tables.CLV_MODEL)) {
      if (io.exists(t)) {
        assertEquals(0, io.readSnapshot(t, HOLDOUT_AS_OF).count(), t + " untouched");
      }
    }
  }
}
