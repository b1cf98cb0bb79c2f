package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.StageResult;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stage on tiny bronze tables: guest linking, guards, suspicious clusters, outputs. */
@ExtendWith(SparkTest.class)
class ResolveStageTest {
  private static final StructType CUSTOMERS =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("channel", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("phone", DataTypes.StringType)
          .add("loyalty_id", DataTypes.StringType)
          .add("first_name", DataTypes.StringType)
          .add("last_name", DataTypes.StringType)
          .add("birth_date", DataTypes.DateType)
          .add("relationship", DataTypes.StringType)
          .add("consent_email", DataTypes.BooleanType)
          .add("updated_ts", DataTypes.TimestampType);
  private static final StructType TX =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("channel", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("line_id", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("phone", DataTypes.StringType)
          .add("loyalty_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("is_anonymous", DataTypes.BooleanType)
          .add("run_id", DataTypes.StringType);

  @Test
  void resolvesGuestsAppliesGuardsAndWritesTheTables() {
    Settings settings = settings();
    TableIO io = new TableIO(SparkTest.spark(), settings.warehouse());
    io.overwrite("bronze_customers", customers());
    io.overwrite("bronze_transactions", transactions(), "source");
    RunContext ctx =
        new RunContext(
            settings,
            SparkTest.spark(),
            io,
            "r1",
            LocalDate.of(2024, 6, 30),
            Instant.now(),
            new RunSummary("r1", "resolve", "2024-06-30", Instant.now(), "h"));
    StageResult result = new ResolveStage().run(ctx);

    Dataset<Row> map = io.read("customer_identity_map");
    // w1 and the guest sale with Ann's e-mail (gmail dots/tag removed) are one customer.
    String ann = idOf(map, "web", "w1");
    Dataset<Row> tx = io.read("transactions");
    assertEquals(ann, tx.where(col("order_id").equalTo("o1")).first().getAs("customer_id"));
    assertEquals(
        1L, tx.where(col("is_anonymous")).count(), "only o3 has neither key nor identifier");
    assertFalse(Arrays.asList(tx.columns()).contains("email"), "no raw e-mail in transactions");
    // shop@store.com (4 holders > 3) and test@test.com (blocked) link nothing: 4 + 2 customers.
    assertEquals(
        6L,
        map.where(col("customer_key").isin("w2", "w3", "w4", "w11", "w5", "w6"))
            .select("customer_id")
            .distinct()
            .count());
    // w7-w8 (phone), w8-w9 (loyalty), w9-w10 (phone): 4 > max-cluster-size 3, split to singles.
    assertEquals(4L, map.where(col("match_rule").equalTo("split:suspicious")).count());
    StructType sus =
        new StructType().add("cluster_size", DataTypes.LongType).add("rules", DataTypes.StringType);
    assertDataFrameEquals(
        df(sus, row(4L, "loyalty_id,phone")),
        io.read("suspicious_clusters")
            .select(col("cluster_size"), concat_ws(",", col("rules")).as("rules")));
    checkProfiles(io.read("unified_profiles"), ann);
    String details = result.details().toString();
    assertFalse(details.contains("shop@store.com") || details.contains("test@test.com"), details);
    assertTrue(details.contains("reason=frequency") && details.contains("reason=blocked"), details);
  }

  private static void checkProfiles(Dataset<Row> profiles, String ann) {
    // Customers: Ann (w1 + guest), w2, w3, w4, w11, w5, w6, w7..w10, pos|p9 = 12.
    assertEquals(12L, profiles.count());
    Row p = profiles.where(col("customer_id").equalTo(ann)).first();
    assertEquals("annlee@gmail.com", p.getAs("email"));
    assertEquals(new Hashing("s").hmacHex("annlee@gmail.com"), p.getAs("email_hash"));
    assertEquals("omnichannel", p.getAs("channels"), "web online + pos offline");
    assertEquals(2L, (long) p.getAs("source_record_count"));
    assertEquals("25-34", p.getAs("age_band"), "born 1990-01-15: 34 at 2024-06-30");
    assertTrue((boolean) p.getAs("is_marketable"), "consumer with e-mail consent");
    assertEquals(Date.valueOf("2024-05-01"), p.getAs("first_seen_date"), "w1 updated 2024-05-01");
    assertEquals(Date.valueOf("2024-06-02"), p.getAs("last_seen_date"), "guest sale 2024-06-02");
  }

  private static String idOf(Dataset<Row> map, String source, String key) {
    return map.where(col("source").equalTo(source).and(col("customer_key").equalTo(key)))
        .first()
        .getAs("customer_id");
  }

  private static Settings settings() {
    String overrides =
        "clientele { warehouse = \""
            + SparkTest.warehouse()
            + "\"\n"
            + "privacy { hmac-secret-env = \"CLIENTELE_TEST_SURELY_UNSET\", dev-secret = \"s\" }\n"
            + "identity { max-identifier-frequency = 3, max-cluster-size = 3, fuzzy.enabled = false,"
            + " blocked-identifiers = [\"test@test.com\"] } }";
    return new Settings(
        ConfigFactory.parseString(overrides)
            .withFallback(
                ConfigFactory.parseFile(
                    SparkTest.projectDir().resolve("conf/application.conf").toFile()))
            .resolve());
  }

  private static Dataset<Row> customers() {
    Timestamp ts = Timestamp.valueOf("2024-05-01 10:00:00");
    return df(
        CUSTOMERS,
        row(
            "web",
            "online",
            "w1",
            "Ann.Lee+x@gmail.com",
            null,
            null,
            "Ann",
            "Lee",
            Date.valueOf("1990-01-15"),
            "consumer",
            true,
            ts),
        c("w2", "shop@store.com", null, null),
        c("w3", "shop@store.com", null, null),
        c("w4", "shop@store.com", null, null),
        c("w11", "Shop@Store.com", null, null),
        c("w5", "test@test.com", null, null),
        c("w6", "test@test.com", null, null),
        c("w7", null, "06 11 11 11 11", null),
        c("w8", null, "0611111111", "L-1"),
        c("w9", null, "06 22 22 22 22", "l1"),
        c("w10", null, "+33622222222", null));
  }

  private static Object[] c(String key, String email, String phone, String loyalty) {
    return row(
        "web",
        "online",
        key,
        email,
        phone,
        loyalty,
        "N" + key,
        "X",
        null,
        null,
        false,
        Timestamp.valueOf("2024-05-01 10:00:00"));
  }

  private static Dataset<Row> transactions() {
    return df(
        TX,
        row(
            "pos",
            "offline",
            "o1",
            "1",
            null,
            "annlee@gmail.com",
            null,
            null,
            Timestamp.valueOf("2024-06-02 09:00:00"),
            false,
            "b"),
        row(
            "pos",
            "offline",
            "o2",
            "1",
            "p9",
            null,
            null,
            null,
            Timestamp.valueOf("2024-06-03 09:00:00"),
            false,
            "b"),
        row(
            "pos",
            "offline",
            "o3",
            "1",
            null,
            null,
            null,
            null,
            Timestamp.valueOf("2024-06-04 09:00:00"),
            true,
            "b"));
  }
}
