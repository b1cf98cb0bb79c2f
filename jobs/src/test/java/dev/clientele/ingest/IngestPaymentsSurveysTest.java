package dev.clientele.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.io.TableIO;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Tables;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources of kind payments and surveys: mapping, base currency, quarantine reasons and reconciled
 * counts, each row's fate worked out by hand from the contract (docs/ingest.md).
 */
@ExtendWith(SparkTest.class)
class IngestPaymentsSurveysTest {
  static final String PAY_HEADER = "invoice,customer,due,paid,amount,currency\n";
  static final String PAID = "I1,C1,2024-03-31,2024-03-28,120.00,EUR";
  static final String UNPAID = "I2,C1,2024-09-30,,100.00,GBP"; // 115.00 EUR, paid_date null
  static final String NO_CUSTOMER = "I3,,2024-09-30,,10.00,EUR";
  static final String BAD_DUE = "I4,C2,2024-02-30,,10.00,EUR";
  static final String BAD_AMOUNT = "I5,C2,2024-04-30,,ten,EUR";

  static final String SURVEY_HEADER = "id,customer,answered,satisfaction,nps\n";
  static final String BOTH = "R1,C1,2024-03-15,4,8";
  static final String NPS_ONLY = "R2,C2,2024-03-16,,10";
  static final String NEITHER = "R3,C2,2024-03-17,,";
  static final String NPS_11 = "R4,C3,2024-03-18,3,11";
  static final String NO_DATE = "R5,C3,,3,5";

  private static String conf(Path dir) {
    return "clientele { exchange-rates { GBP = 1.15 }\n"
        + " ingest.max-quarantine-share = 1.0\n"
        + " sources.invoices {\n"
        + "  path = \""
        + dir.resolve("payments")
        + "/*.csv\"\n"
        + "  format = csv, kind = payments, channel = online\n"
        + "  date-formats = [\"yyyy-MM-dd\"]\n"
        + "  mapping { payment_id = \"invoice\", customer_key = \"customer\", due_date = \"due\",\n"
        + "    paid_date = \"paid\", amount = \"amount\", currency = \"currency\" }\n"
        + " }\n"
        + " sources.nps {\n"
        + "  path = \""
        + dir.resolve("surveys")
        + "/*.csv\"\n"
        + "  format = csv, kind = surveys, channel = online\n"
        + "  date-formats = [\"yyyy-MM-dd\"]\n"
        + "  mapping { survey_id = \"id\", customer_key = \"customer\", response_date ="
        + " \"answered\",\n"
        + "    satisfaction = \"satisfaction\", nps_score = \"nps\" }\n"
        + " } }\n";
  }

  @Test
  void paymentsAndSurveysAreMappedAndQuarantinedWithTheirReasons(@TempDir Path dir)
      throws Exception {
    IngestFixture f = new IngestFixture(dir);
    f.write(
        "payments/p.csv",
        PAY_HEADER + String.join("\n", PAID, UNPAID, NO_CUSTOMER, BAD_DUE, BAD_AMOUNT) + "\n");
    f.write(
        "surveys/s.csv",
        SURVEY_HEADER + String.join("\n", BOTH, NPS_ONLY, NEITHER, NPS_11, NO_DATE) + "\n");
    StageResult r = f.run(f.config(conf(dir)));
    TableIO io = f.io();
    List<Row> payments =
        io.read(Tables.BRONZE_PAYMENTS)
            .orderBy("payment_id")
            .select("payment_id", "customer_key", "due_date", "paid_date", "amount_base")
            .collectAsList();
    assertEquals(2, payments.size());
    assertEquals("I1", payments.get(0).getString(0));
    assertEquals(0, dec("120.00").compareTo(payments.get(0).getDecimal(4)), "EUR as is");
    assertEquals(d("2024-03-28"), payments.get(0).getDate(3));
    assertEquals(null, payments.get(1).get(3), "unpaid: no paid_date");
    assertEquals(0, dec("115.00").compareTo(payments.get(1).getDecimal(4)), "100 GBP x 1.15");

    List<Row> answers =
        io.read(Tables.BRONZE_SURVEYS)
            .orderBy("survey_id")
            .select("survey_id", "satisfaction", "nps_score")
            .collectAsList();
    assertEquals(2, answers.size(), "R1 and R2");
    assertEquals(4.0, answers.get(0).getDouble(1), 1e-12);
    assertEquals(null, answers.get(1).get(1), "R2 answered the NPS question only");
    assertEquals(10, answers.get(1).getInt(2));

    Map<String, Object> pay = IngestFixture.source(r, "invoices");
    assertEquals(5L, pay.get("read"));
    assertEquals(2L, pay.get("accepted"));
    assertEquals(3L, pay.get("quarantined"), "read = accepted + quarantined");
    assertEquals(
        Map.of("missing_required", 1L, "impossible_date", 1L, "not_a_number", 1L),
        pay.get("reasons"));
    Map<String, Object> sur = IngestFixture.source(r, "nps");
    assertEquals(5L, sur.get("read"));
    assertEquals(2L, sur.get("accepted"));
    assertEquals(3L, sur.get("quarantined"));
    assertEquals(Map.of("missing_required", 2L, "out_of_range", 1L), sur.get("reasons"));
    assertEquals(
        1,
        io.read(Tables.QUARANTINE)
            .where("detail = 'a survey answer needs satisfaction or nps_score'")
            .count(),
        "R3 says why");
    assertEquals(
        1,
        io.read(Tables.QUARANTINE)
            .where(
                "reason = 'out_of_range' AND detail = 'nps_score: ''11'' is not between 0 and 10'")
            .count(),
        "R4 says why");
  }

  private static Date d(String s) {
    return Date.valueOf(s);
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }
}
