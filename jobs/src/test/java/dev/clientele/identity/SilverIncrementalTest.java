package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.testkit.SparkTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silver transactions written by MERGE (new lines, re-keyed lines of records whose id moved,
 * deletes) against the full rewrite of the same bronze, and the fallbacks to the full rewrite.
 */
@ExtendWith(SparkTest.class)
class SilverIncrementalTest {
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
          .add("amount_base", DataTypes.createDecimalType(18, 2))
          .add("is_anonymous", DataTypes.BooleanType)
          .add("ingest_ts", DataTypes.TimestampType)
          .add("run_id", DataTypes.StringType);

  private static final Timestamp DAY1 = Timestamp.valueOf("2024-06-01 06:00:00");
  private static final Timestamp DAY2 = Timestamp.valueOf("2024-06-02 06:00:00");
  private static final Timestamp DAY3 = Timestamp.valueOf("2024-06-03 06:00:00");

  @Test
  void mergeEqualsTheFullRewriteAndKeepsUnchangedLines() {
    Env env = new Env("merge", "");
    env.day1();
    Map<String, Object> first = env.resolve("r1");
    assertEquals(Map.of("mode", "full", "reason", "no_silver"), pick(first, "mode", "reason"));
    assertEquals(5L, first.get("rows_written"), "five bronze lines");
    String w1 = env.idOf("o2"); // Ann's web account
    String p1 = env.idOf("o1"); // the pos card with Ann's phone
    assertNotEquals(w1, p1, "day 1: nothing links w1 and p1");

    env.day2();
    Map<String, Object> second = env.resolve("r2");
    // o6 and o7 are new; o3 is gone from bronze; w3 joins w1 (e-mail) and p1 (phone), and the
    // merged customer keeps w1's id (first seen 2024-05-01, before p1's 2024-05-10): only o1 moves.
    assertEquals(
        Map.of("mode", "merge", "rows_inserted", 2L, "rows_updated", 1L, "rows_deleted", 1L),
        pick(second, "mode", "rows_inserted", "rows_updated", "rows_deleted"),
        second.toString());
    assertEquals(w1, env.idOf("o1"), "o1 re-keyed to the surviving id");
    assertEquals(w1, env.idOf("o6"), "w3's new line under the merged customer");
    StructType runs =
        new StructType().add("order_id", DataTypes.StringType).add("run_id", DataTypes.StringType);
    assertDataFrameEquals(
        df(
            runs,
            row("o1", "r2"),
            row("o2", "r1"),
            row("o4", "r1"),
            row("o5", "r1"),
            row("o6", "r2"),
            row("o7", "r2")),
        env.silver().select("order_id", "run_id"));
    long merged = env.io.version("transactions");
    Dataset<Row> byMerge = comparable(env.silverAt(merged));

    Env full = new Env("merge", "identity.full-refresh = true");
    Map<String, Object> third = full.resolve("r3");
    assertEquals(
        Map.of("mode", "full", "reason", "full_refresh"),
        pick(third, "mode", "reason"),
        third.toString());
    assertDataFrameEquals(comparable(full.silver()), byMerge);
  }

  @Test
  void fallsBackAfterAnInterruptedRunADuplicateKeyAndASchemaChange() {
    Env env = new Env("fallback", "");
    env.day1();
    env.resolve("r1");
    String p1 = env.idOf("o1");
    env.day2();
    // r2 stops between silver and the identity map: an append-only map refuses r2's update of
    // p1's row, so the stage fails after silver took r2's ids.
    String map = env.io.sqlName("customer_identity_map");
    SparkTest.spark()
        .sql("ALTER TABLE " + map + " SET TBLPROPERTIES ('delta.appendOnly' = 'true')");
    assertThrows(RuntimeException.class, () -> env.resolve("r2"));
    assertNotEquals(p1, env.idOf("o1"), "silver took r2's merged id");
    SparkTest.spark()
        .sql("ALTER TABLE " + map + " SET TBLPROPERTIES ('delta.appendOnly' = 'false')");
    // Before the retry the record that merged w1 and p1 is erased, so the retry's map equals the
    // stored one for p1: a comparison of the two maps alone would leave o1 under the id that never
    // landed.
    env.io.delete("bronze_customers", col("customer_key").equalTo("w3"));
    env.io.delete("bronze_transactions", col("order_id").equalTo("o6"));
    Map<String, Object> retry = env.resolve("r3");
    assertEquals(
        Map.of("mode", "full", "reason", "interrupted_run"),
        pick(retry, "mode", "reason"),
        retry.toString());
    assertEquals(p1, env.idOf("o1"), "o1 back under p1's own id");
    assertEquals(
        1L,
        env.io.read("customer_id_history").where(col("old_customer_id").equalTo(p1)).count(),
        "r2 recorded p1's merge before its map write failed");

    // A re-sent line: same (source, order_id, line_id) as o7, ingested again.
    env.io.append(
        "bronze_transactions",
        df(TX, tx("web", "o7", "w2", null, null, "2024-06-01 12:00:00", "9.00", DAY3)),
        "source");
    Map<String, Object> dup = env.resolve("r4");
    assertEquals(
        Map.of("mode", "full", "reason", "duplicate_keys"),
        pick(dup, "mode", "reason"),
        dup.toString());

    env.io.delete("bronze_transactions", col("ingest_ts").equalTo(DAY3));
    Dataset<Row> wider =
        df(TX, tx("web", "o8", "w2", null, null, "2024-06-02 12:00:00", "4.00", DAY3))
            .withColumn("coupon", org.apache.spark.sql.functions.lit("SUMMER"));
    wider
        .write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(env.io.path("bronze_transactions"));
    Map<String, Object> widened = env.resolve("r5");
    assertEquals(
        Map.of("mode", "full", "reason", "schema_change"),
        pick(widened, "mode", "reason"),
        widened.toString());
    assertEquals(
        "SUMMER", env.silver().where(col("order_id").equalTo("o8")).first().getAs("coupon"));
  }

  /** Every column but the audit ones (run_id, computed_at_ts). */
  private static Dataset<Row> comparable(Dataset<Row> silver) {
    return silver.drop("run_id", "computed_at_ts");
  }

  private static Map<String, Object> pick(Map<String, Object> m, String... keys) {
    Map<String, Object> out = new java.util.HashMap<>();
    for (String k : keys) {
      out.put(k, m.get(k));
    }
    return out;
  }

  private static Object[] tx(
      String source,
      String order,
      String key,
      String email,
      String phone,
      String eventTs,
      String amount,
      Timestamp ingested) {
    return row(
        source,
        "web".equals(source) ? "online" : "offline",
        order,
        "1",
        key,
        email,
        phone,
        null,
        Timestamp.valueOf(eventTs),
        new BigDecimal(amount),
        key == null && email == null && phone == null,
        ingested,
        "ingest");
  }

  private static Object[] customer(String key, String email, String phone, String updated) {
    return row(
        "web", "online", key, email, phone, null, "N" + key, "X", Timestamp.valueOf(updated));
  }

  /** One warehouse and the settings of its runs. */
  private static final class Env {
    final Settings settings;
    final TableIO io;

    Env(String dir, String extra) {
      String overrides =
          "clientele { warehouse = \""
              + SparkTest.warehouse().resolve(dir)
              + "\"\n"
              + "privacy { hmac-secret-env = \"CLIENTELE_TEST_SURELY_UNSET\", dev-secret = \"s\" }\n"
              + "identity { fuzzy.enabled = false }\n"
              + extra
              + " }";
      settings =
          new Settings(
              ConfigFactory.parseString(overrides)
                  .withFallback(
                      ConfigFactory.parseFile(
                          SparkTest.projectDir().resolve("conf/application.conf").toFile()))
                  .resolve());
      io = new TableIO(SparkTest.spark(), settings.warehouse());
    }

    /**
     * Ann's web account w1, Bob's w2; o1 on a pos card p1 with Ann's phone (no e-mail, so not
     * linked), an anonymous sale o4 and a guest sale o5.
     */
    void day1() {
      io.overwrite(
          "bronze_customers",
          df(
              CUSTOMERS,
              customer("w1", "ann@example.com", null, "2024-05-01 10:00:00"),
              customer("w2", "bob@example.com", null, "2024-05-02 10:00:00")),
          "source");
      io.overwrite(
          "bronze_transactions",
          df(
              TX,
              tx("pos", "o1", "p1", null, "06 12 34 56 78", "2024-05-10 09:00:00", "10.00", DAY1),
              tx("web", "o2", "w1", null, null, "2024-05-11 09:00:00", "20.00", DAY1),
              tx("web", "o3", "w2", null, null, "2024-05-12 09:00:00", "30.00", DAY1),
              tx("pos", "o4", null, null, null, "2024-05-13 09:00:00", "40.00", DAY1),
              tx(
                  "pos",
                  "o5",
                  null,
                  "carol@example.com",
                  null,
                  "2024-05-14 09:00:00",
                  "50.00",
                  DAY1)),
          "source");
    }

    /** A new record w3 with Ann's e-mail and phone, new lines o6 (w3) and o7 (w2), o3 deleted. */
    void day2() {
      io.append(
          "bronze_customers",
          df(CUSTOMERS, customer("w3", "ann@example.com", "0612345678", "2024-06-01 10:00:00")),
          "source");
      io.append(
          "bronze_transactions",
          df(
              TX,
              tx("web", "o6", "w3", null, null, "2024-06-01 09:00:00", "60.00", DAY2),
              tx("web", "o7", "w2", null, null, "2024-06-01 12:00:00", "70.00", DAY2)),
          "source");
      io.delete("bronze_transactions", col("order_id").equalTo("o3"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resolve(String runId) {
      RunContext ctx =
          new RunContext(
              settings,
              SparkTest.spark(),
              io,
              runId,
              LocalDate.of(2024, 6, 30),
              Instant.now(),
              new RunSummary(runId, "resolve", "2024-06-30", Instant.now(), "h"));
      return (Map<String, Object>) new ResolveStage().run(ctx).details().get("silver_transactions");
    }

    Dataset<Row> silver() {
      return io.read("transactions");
    }

    Dataset<Row> silverAt(long version) {
      return SparkTest.spark()
          .read()
          .format("delta")
          .option("versionAsOf", version)
          .load(io.path("transactions"));
    }

    String idOf(String order) {
      return silver().where(col("order_id").equalTo(order)).first().getAs("customer_id");
    }
  }
}
