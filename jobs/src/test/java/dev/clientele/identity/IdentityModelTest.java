package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clientele.identity.FellegiSunter.Comparison;
import dev.clientele.identity.FellegiSunter.Level;
import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Training through Spark: u against a hand count, EM against a generated truth, retraining. */
@ExtendWith(SparkTest.class)
class IdentityModelTest {
  private static final StructType PEOPLE =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("customer_key", DataTypes.StringType)
          .add("first_name", DataTypes.StringType)
          .add("last_name", DataTypes.StringType)
          .add("birth_date", DataTypes.DateType);

  private static final List<Comparison> NAME_AND_BIRTH =
      List.of(
          new Comparison(
              "first_name",
              List.of("first_name_norm"),
              List.of(new Level("exact", "l_first_name_norm = r_first_name_norm", ""))),
          new Comparison(
              "birth_date",
              List.of("birth_date"),
              List.of(new Level("exact", "l_birth_date = r_birth_date", ""))));

  private static Dataset<Row> records(Dataset<Row> customers) {
    return IdentityRecords.fromCustomers(customers, IdentityFixtures.recordParams());
  }

  private static ModelTraining.Params params(long sampleRecords, long samplePairs) {
    return new ModelTraining.Params(
        NAME_AND_BIRTH, sampleRecords, samplePairs, 1_000_000, 200, 7, IdentityFixtures.HASHING);
  }

  private static FuzzyMatch.Params blockOnLastName() {
    return new FuzzyMatch.Params(
        List.of("last_name_norm"), 0.88, List.of(), 1000, FuzzyMatch.MODEL, null, "", null);
  }

  @Test
  void uIsCountedOverAllPairsOfASmallSet() {
    Date d1 = Date.valueOf("1990-01-01");
    Dataset<Row> c =
        df(
            PEOPLE,
            row("s", "1", "Ann", "Lee", d1),
            row("s", "2", "Ann", "Ray", d1),
            row("s", "3", "Bob", "Lee", null),
            row("s", "4", "Ann", "Fox", Date.valueOf("1985-05-05")));
    // 4 records, at most 100 sampled, 1,000 pairs wanted: every one of the 6 pairs is drawn.
    // By hand: first names equal in (1,2), (1,4), (2,4) -> 3 of 6; birth dates known in (1,2),
    // (1,4), (2,4), equal in (1,2) -> 1 of 3.
    IdentityModel m =
        ModelTraining.train(records(c), blockOnLastName(), params(100, 1000), 1).model();
    assertEquals(6L, m.training().get("random_pairs"), "all pairs of 4 records");
    assertArrayEquals(new double[] {0.5, 0.5}, m.u()[0], 1e-12, "u first_name exact / other");
    assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, m.u()[1], 1e-12, "u birth_date");
  }

  /**
   * 400 people from 25 x 40 names, each with two records; the second record's birth date is
   * replaced with probability errorRate. Blocking on the surname, EM estimates first name and birth
   * date from the pairs of each surname block.
   */
  private static Dataset<Row> twins(double errorRate, long seed) {
    Random r = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String first = "first" + (char) ('a' + r.nextInt(25)) + (char) ('a' + r.nextInt(25));
      String last = "last" + (char) ('a' + r.nextInt(20)) + (char) ('a' + r.nextInt(2));
      LocalDate born = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(20_000));
      LocalDate other =
          r.nextDouble() < errorRate ? LocalDate.of(1940, 1, 1).plusDays(r.nextInt(20_000)) : born;
      rows.add(row("s", "a" + i, first, last, Date.valueOf(born)));
      rows.add(row("s", "b" + i, first, last, Date.valueOf(other)));
    }
    return df(PEOPLE, rows.toArray(Object[][]::new));
  }

  @Test
  void emRecoversTheBirthDateAgreementOfTheMatchesAndRetrainingFollowsTheErrorRate() {
    // m(birth_date exact) is the share of the 400 true pairs whose dates agree: 1 - error rate
    // (a replaced date equals the original with chance ~1/20,000). The non-matching pairs of a
    // block agree on neither first name (625 names) nor date, so EM separates them cleanly; the
    // tolerance 0.06 is about three binomial standard errors of a share among 400 pairs.
    IdentityModel clean =
        ModelTraining.train(records(twins(0.1, 1)), blockOnLastName(), params(800, 200_000), 1)
            .model();
    IdentityModel noisy =
        ModelTraining.train(records(twins(0.4, 2)), blockOnLastName(), params(800, 200_000), 2)
            .model();
    assertEquals(0.9, clean.m()[1][0], 0.06, "m(birth_date exact) at 10 % errors");
    assertEquals(0.6, noisy.m()[1][0], 0.06, "m(birth_date exact) at 40 % errors");
    assertTrue(
        noisy.weight(1, 0) < clean.weight(1, 0) && noisy.weight(1, 1) > clean.weight(1, 1),
        "more errors: agreement weighs less, disagreement costs less");
    assertEquals(1.0, clean.m()[0][0], 0.02, "first names never differ within a true pair");
  }

  @Test
  void theSameRecordsInAnotherPartitioningAndOrderTrainTheSameModelToTheLastBit() {
    // 200 of 800 records sampled for u and at most 300 pairs per rule for EM: both samples are
    // drawn, so the model would follow the partitioning if they were drawn by rand() or sample().
    Dataset<Row> one = records(twins(0.2, 3)).coalesce(1);
    Dataset<Row> other =
        records(twins(0.2, 3)).repartition(7).orderBy(org.apache.spark.sql.functions.rand(11));
    ModelTraining.Params p =
        new ModelTraining.Params(NAME_AND_BIRTH, 200, 2_000, 300, 200, 7, IdentityFixtures.HASHING);
    IdentityModel a = ModelTraining.train(one, blockOnLastName(), p, 1).model();
    IdentityModel b = ModelTraining.train(other, blockOnLastName(), p, 1).model();
    assertTrue((long) a.training().get("random_pairs") < 800L * 799 / 2, "u is sampled");
    for (int c = 0; c < NAME_AND_BIRTH.size(); c++) {
      assertArrayEquals(a.u()[c], b.u()[c], 0.0, "u of comparison " + c);
      assertArrayEquals(a.m()[c], b.m()[c], 0.0, "m of comparison " + c);
    }
    assertEquals(a.lambda(), b.lambda(), 0.0, "lambda");
  }

  private static final StructType WITH_EMAIL = PEOPLE.add("email", DataTypes.StringType);

  @Test
  void pairsLinkedByAnEmailGiveThePriorAndTheMOfTheOtherComparisons() {
    // 60 people with two records sharing an e-mail; the second record's birth date is a year and
    // a month later for every fourth person. 100 more people, one record each, no e-mail.
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      LocalDate born = LocalDate.of(1950, 1, 1).plusDays(97L * i);
      LocalDate second = i % 4 == 0 ? born.plusDays(400) : born;
      String mail = "p" + i + "@example.org";
      rows.add(row("s", "a" + i, "first" + i, "last" + (i % 7), Date.valueOf(born), mail));
      rows.add(row("s", "b" + i, "first" + i, "last" + (i % 7), Date.valueOf(second), mail));
    }
    for (int i = 0; i < 100; i++) {
      LocalDate born = LocalDate.of(1960, 1, 1).plusDays(31L * i);
      rows.add(row("s", "c" + i, "other" + i, "last" + (i % 7), Date.valueOf(born), null));
    }
    ModelTraining.Params p =
        new ModelTraining.Params(
            NAME_AND_BIRTH,
            1000,
            100_000,
            1_000_000,
            200,
            7,
            IdentityFixtures.HASHING,
            new DeterministicMatch.Params(List.of("email"), 20, List.of()),
            0.8);
    IdentityModel m =
        ModelTraining.train(
                records(df(WITH_EMAIL, rows.toArray(Object[][]::new))), blockOnLastName(), p, 1)
            .model();
    // By hand: 220 records, 220 * 219 / 2 = 24,090 pairs; 60 linked pairs found with recall 0.8
    // stand for 75 matching pairs. Among the 60: first names always equal, birth dates equal in 45.
    assertEquals(60L, m.training().get("linked_pairs"), "linked pairs");
    assertEquals(75.0 / 24_090, m.lambda(), 1e-12, "prior");
    assertArrayEquals(new double[] {1 - 1e-6, 0.5 / 60}, m.m()[0], 1e-12, "m first_name");
    assertArrayEquals(new double[] {45 / 60.0, 15 / 60.0}, m.m()[1], 1e-12, "m birth_date");
  }
}
