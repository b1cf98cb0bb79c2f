package dev.clientele.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.testkit.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkTest.class)
class BenchTest {
  @TempDir Path tmp;

  /** All lines of all part files of a folder, sorted: equal content whatever the file names. */
  static List<String> lines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("part-"))
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void sameSeedSameFilesAndPlausibleShares() throws IOException {
    SparkSession spark = SparkTest.spark();
    GenParams g = GenParams.defaults(300, 7, 0.3, 0.02);
    DataGenerator.generate(spark, g, tmp.resolve("a"));
    DataGenerator.generate(spark, g, tmp.resolve("b"));
    for (String d : List.of("web_accounts", "loyalty_cards", "web_orders", "pos_receipts")) {
      assertEquals(lines(tmp.resolve("a/" + d)), lines(tmp.resolve("b/" + d)), d + " differs");
    }
    // 300 persons, each both online and offline w.p. 0.3: binomial sd = sqrt(300*.3*.7) ~ 7.9,
    // so 90 +- 4 sd is [58, 122].
    long both =
        spark
            .read()
            .parquet(tmp.resolve("a/truth/customers").toString())
            .groupBy("person_id")
            .count()
            .where("count = 2")
            .count();
    assertTrue(both >= 58 && both <= 122, "persons known on both sides: " + both);
    // Every person has exactly one record on each side where known: 300 persons + both records.
    long records = spark.read().parquet(tmp.resolve("a/truth/customers").toString()).count();
    assertEquals(300 + both, records, "one customer record per person and side");
    Row bad =
        spark
            .read()
            .parquet(tmp.resolve("a/truth/transactions").toString())
            .selectExpr("avg(cast(is_bad as double))", "count(*)")
            .first();
    // ~3000 lines with p = 0.02 -> about 60 bad; sd ~ 7.7; accept 0.005..0.04.
    assertTrue(bad.getDouble(0) > 0.005 && bad.getDouble(0) < 0.04, "bad share " + bad);
  }

  @Test
  void theMessyCrmModeAddsHandTypedContactsWithTruthAndChangesNoOtherSource() throws IOException {
    SparkSession spark = SparkTest.spark();
    GenParams plain = GenParams.defaults(300, 7, 0.3, 0.02);
    GenParams messy = plain.withCrmShare(0.5);
    DataGenerator.generate(spark, plain, tmp.resolve("plain"));
    DataGenerator.generate(spark, messy, tmp.resolve("m1"));
    DataGenerator.generate(spark, messy, tmp.resolve("m2"));
    // Its own random stream: the other sources are the same as without the CRM.
    for (String d : List.of("web_accounts", "loyalty_cards", "web_orders", "pos_receipts")) {
      assertEquals(lines(tmp.resolve("plain/" + d)), lines(tmp.resolve("m1/" + d)), d);
    }
    assertEquals(lines(tmp.resolve("m1/crm_contacts")), lines(tmp.resolve("m2/crm_contacts")));
    Row shares =
        spark
            .read()
            .parquet(tmp.resolve("m1/truth/customers").toString())
            .where("source = 'crm_contacts'")
            .selectExpr("count(*)", "count(distinct person_id)", "count(distinct record_key)")
            .first();
    // 300 persons w.p. 0.5: binomial sd ~ 8.7, 150 +- 4 sd is [115, 185]; 1 to 3 contacts each.
    long persons = shares.getLong(1);
    assertTrue(persons >= 115 && persons <= 185, "persons with CRM contacts: " + persons);
    assertEquals(shares.getLong(0), shares.getLong(2), "one truth row per contact key");
    assertTrue(shares.getLong(0) >= persons && shares.getLong(0) <= 3 * persons);
    Dataset<Row> contacts =
        spark
            .read()
            .option("header", "true")
            .csv(tmp.resolve("m1/crm_contacts").toString())
            .join(
                spark
                    .read()
                    .parquet(tmp.resolve("m1/truth/customers").toString())
                    .withColumnRenamed("record_key", "contact_id"),
                "contact_id");
    // No e-mail is held by two persons (it would merge them by rule, not by the errors).
    assertEquals(
        0,
        contacts
            .where("email is not null")
            .groupBy(functions.lower(functions.col("email")))
            .agg(functions.countDistinct("person_id").as("people"))
            .where("people > 1")
            .count());
    // The errors are there: contacts without e-mail and phone, unreadable birth dates.
    assertTrue(contacts.where("email is null and phone is null").count() > 0);
    assertTrue(
        contacts.where("birth_date is not null and try_to_date(birth_date) is null").count() > 0);
    String conf = Files.readString(tmp.resolve("m1/clientele.conf"));
    assertTrue(conf.contains("crm_contacts {"), conf);
    assertTrue(!Files.readString(tmp.resolve("plain/clientele.conf")).contains("crm_contacts"));
  }

  @Test
  void sparkAndDuckDbAgreeOnHandWorkedRfm() throws Exception {
    SparkSession spark = SparkTest.spark();
    // c1: order o1 100 (2025-01-10), order o2 50 then fully returned -> 1 order, net 100,
    //     last purchase 2025-01-10 -> recency to 2025-01-31 = 21.
    // c2: o3 300 on 2025-01-30 -> recency 1, 1 order, net 300.
    // c3: o4 20 on 2025-01-31 23:00 and o5 on 2025-02-01 (after the as-of: ignored) -> recency 0.
    // Pareto over 420: c2 300/420 = 0.714 (A), c1 cum 400/420 = 0.952, before 0.714 < .8 -> A,
    // c3 before 0.952 >= 0.95 -> C.
    spark
        .sql(
            """
        SELECT * FROM VALUES
          ('c1', 'o1', timestamp'2025-01-10 10:00:00', 100.00BD, false),
          ('c1', 'o2', timestamp'2025-01-12 10:00:00', 50.00BD, false),
          ('c1', 'o2', timestamp'2025-01-15 10:00:00', -50.00BD, true),
          ('c2', 'o3', timestamp'2025-01-30 09:00:00', 300.00BD, false),
          ('c3', 'o4', timestamp'2025-01-31 23:00:00', 20.00BD, false),
          ('c3', 'o5', timestamp'2025-02-01 01:00:00', 999.00BD, false)
          AS t(customer_id, order_id, event_ts, amount_base, is_return)""")
        .selectExpr(
            "customer_id",
            "order_id",
            "event_ts",
            "cast(amount_base as decimal(18,2)) amount_base",
            "is_return")
        .write()
        .parquet(tmp.resolve("in").toString());
    RfmPeerBenchmark.Result r =
        RfmPeerBenchmark.run(
            spark, tmp.resolve("in"), tmp.resolve("out"), LocalDate.of(2025, 1, 31));
    assertEquals(0, r.mismatches(), "Spark and DuckDB differ");
    assertEquals(0, r.abcMismatches(), "ABC classes differ");
    List<String> got =
        spark
            .read()
            .parquet(tmp.resolve("out/spark_rfm").toString())
            .selectExpr(
                "concat_ws(',', customer_id, recency_days, order_count, monetary_net, abc_class)")
            .orderBy("customer_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(List.of("c1,21,1,100.00,A", "c2,1,1,300.00,A", "c3,0,1,20.00,C"), got);
  }

  @Test
  void resolutionQualityCountsPairsPerGroup() {
    SparkSession spark = SparkTest.spark();
    // Person P1 has records a, b, c; P2 has d, e; a spoiled record z is left out.
    var truth =
        spark.sql(
            "SELECT * FROM VALUES ('s', 'a', 1L, false), ('s', 'b', 1L, false), ('t', 'c', 1L,"
                + " false), ('t', 'd', 2L, false), ('t', 'e', 2L, false), ('t', 'z', 2L, true)"
                + " AS t(source, record_key, person_id, is_bad)");
    // Resolved: X = {a, b}, Y = {c, d, e, z}.
    var map =
        spark.sql(
            "SELECT * FROM VALUES ('s', 'a', 'X'), ('s', 'b', 'X'), ('t', 'c', 'Y'),"
                + " ('t', 'd', 'Y'), ('t', 'e', 'Y'), ('t', 'z', 'Y')"
                + " AS t(source, customer_key, customer_id)");
    ResolutionQuality.Result r = ResolutionQuality.measure(truth, map);
    // True pairs within (customer, person): X-P1 {a,b} 1, Y-P2 {d,e} 1 -> 2. Predicted: X 1 + Y 3.
    // Actual: P1 3 + P2 1.
    assertEquals(5, r.records());
    assertEquals(2, r.people());
    assertEquals(2, r.customers());
    assertEquals(2.0, r.tp());
    assertEquals(4.0, r.predicted());
    assertEquals(4.0, r.actual());
    assertEquals(0.5, r.precision(), 1e-12);
    assertEquals(0.5, r.recall(), 1e-12);
  }

  @Test
  void eMailsAndMobilesAreUniquePerPerson() {
    // 200,000 people: with e-mails and mobiles drawn from name pools and random digits, dozens
    // would collide (and be merged by the deterministic rules); the generator makes them unique.
    GenParams g = GenParams.defaults(200_000, 42, 0.3, 0.002);
    java.util.Set<String> emails = new java.util.HashSet<>();
    java.util.Set<String> mobiles = new java.util.HashSet<>();
    for (long id = 0; id < 200_000; id++) {
      Person p = new Person(g, id);
      assertTrue(emails.add(p.email), "e-mail shared: " + p.email);
      assertTrue(mobiles.add(p.mobile), "mobile shared: " + p.mobile);
    }
  }
}
