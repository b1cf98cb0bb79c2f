package dev.clientele.identity;

import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clientele.testkit.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class NormaliseTest {
  private static final Normalise.EmailRules RULES =
      new Normalise.EmailRules(List.of("gmail.com"), List.of("gmail.com", "outlook.com"));

  @Test
  void phonesBecomeE164InTheDefaultRegionOrNull() {
    // French mobile written nationally, with the 00 international prefix, and already in E.164.
    assertEquals("+33612345678", Phones.e164(" 06 12 34 56 78 ", "FR"));
    assertEquals("+33612345678", Phones.e164("0033 6 12 34 56 78", "FR"));
    assertEquals("+33612345678", Phones.e164("+33612345678", "GB"));
    // A London number with an explicit country code is kept in its own country.
    assertEquals("+442070313000", Phones.e164("+44 20 7031 3000", "FR"));
    assertNull(Phones.e164("0000000000", "FR"), "placeholder phone is invalid");
    assertNull(Phones.e164("06 12", "FR"), "too short");
    assertNull(Phones.e164("call me", "FR"), "not a number");
    assertNull(Phones.e164("  ", "FR"), "blank");
  }

  @Test
  void emailsFollowTheProviderRules() {
    assertEquals(
        "johnsmith@gmail.com", email(" John.Smith+news@GMail.com "), "gmail: dots and tag");
    assertEquals("john.smith@outlook.com", email("john.smith+shop@outlook.com"), "tag only");
    assertEquals("first.last+x@corp.example", email("First.Last+x@Corp.Example"), "no rule");
    assertNull(email("not-an-email"), "no @");
    assertNull(email(""), "blank");
  }

  @Test
  void loyaltyNamesAndPostcodes() {
    assertEquals("AB123456", one(Normalise.loyalty(col("v")), " ab-12 34.56 "));
    assertEquals("jose emile dupont", one(Normalise.name(col("v")), "  José   Émile-DUPONT "));
    assertEquals("francois", one(Normalise.name(col("v")), "FRANÇOIS"));
    assertNull(one(Normalise.name(col("v")), " - "), "punctuation only");
    assertEquals("SW1A1AA", one(Normalise.postcode(col("v")), "sw1a 1aa"));
  }

  @Test
  void ageBandsUseCompletedYearsAtTheAsOfDate() {
    StructType schema = new StructType().add("b", DataTypes.DateType);
    var in =
        df(
            schema,
            row(Date.valueOf("2006-07-01")),
            row(Date.valueOf("2006-06-30")),
            row(Date.valueOf("1959-07-01")),
            row(Date.valueOf("1959-06-30")),
            row((Object) null));
    List<Row> out =
        in.select(col("b").cast("string"), Profiles.ageBand(col("b"), LocalDate.of(2024, 6, 30)))
            .collectAsList();
    // 17 the day before the 18th birthday; 18 on it; 64 the day before 65; 65 on it.
    java.util.Map<String, String> got = new java.util.HashMap<>();
    out.forEach(r -> got.put(r.getString(0), r.getString(1)));
    assertNull(got.get("2006-07-01"));
    assertEquals("18-24", got.get("2006-06-30"));
    assertEquals("55-64", got.get("1959-07-01"));
    assertEquals("65+", got.get("1959-06-30"));
  }

  private static String email(String raw) {
    return one(Normalise.email(col("v"), RULES), raw);
  }

  private static String one(Column expr, String value) {
    StructType schema = new StructType().add("v", DataTypes.StringType);
    return df(schema, row(value)).select(expr).first().getString(0);
  }
}
