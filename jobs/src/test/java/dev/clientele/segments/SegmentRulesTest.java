package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.SegmentSettings;
import dev.clientele.testkit.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkTest.class)
class SegmentRulesTest {
  private static final StructType VIEW =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("clv_predicted", DataTypes.DoubleType);
  private static final StructType OUT =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("family", DataTypes.StringType)
          .add("segment", DataTypes.StringType)
          .add("rule", DataTypes.StringType);

  private static Dataset<Row> view() {
    return df(
        VIEW,
        row("a", "FR", 150.0),
        row("b", "DE", 50.0),
        row("c", "FR", null),
        row("d", null, 5.0));
  }

  static SegmentSettings settings(String families) {
    return SegmentSettings.from(
        ConfigFactory.parseString(
            "clientele.segments { online-preference-share = 0.8\n families { "
                + families
                + " } }"));
  }

  @Test
  void aRuleNamingAStatusNoLifecycleRuleGivesIsRefused() {
    com.typesafe.config.Config shipped =
        ConfigFactory.parseFile(
                dev.clientele.testkit.SparkTest.projectDir()
                    .resolve("conf/application.conf")
                    .toFile())
            .resolve();
    dev.clientele.config.LifecycleSettings lifecycle =
        dev.clientele.config.LifecycleSettings.from(shipped);
    // The shipped statuses (prospect_hot .. loyal, active) pass, a renamed one does not.
    SegmentRules.requireConfiguredStatuses(SegmentSettings.from(shipped), lifecycle);
    SegmentSettings renamed =
        settings(
            "life { mode = exclusive, default = Other, rules = ["
                + "{ name = Gold, when = \"lifecycle_status IN ('loyal', 'champion')\" } ] }");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.clientele.Errors.ClienteleException.class,
            () -> SegmentRules.requireConfiguredStatuses(renamed, lifecycle));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage()
            .contains(
                "segment family 'life', rule 'Gold' compares lifecycle_status with 'champion'"),
        e.getMessage());
  }

  @Test
  void exclusiveFamilyTakesTheFirstMatchingRuleElseTheDefault() {
    SegmentSettings s =
        settings(
            "tier { mode = exclusive, default = Low, rules = ["
                + "{ name = High, when = \"clv_predicted > 100\" },"
                + "{ name = Mid, when = \"clv_predicted > 10\" } ] }");
    // By hand: a (150) matches High and Mid -> High (first wins); b (50) -> Mid;
    // c (null: the comparisons are null, not true) -> Low; d (5) -> Low.
    assertDataFrameEquals(
        df(
            OUT,
            row("a", "tier", "High", "clv_predicted > 100"),
            row("b", "tier", "Mid", "clv_predicted > 10"),
            row("c", "tier", "Low", "default"),
            row("d", "tier", "Low", "default")),
        SegmentRules.assign(view(), s));
  }

  @Test
  void overlappingFamilyGivesEveryMatchingSegment() {
    SegmentSettings s =
        settings(
            "geo { mode = overlapping, default = Elsewhere, rules = ["
                + "{ name = France, when = \"country = 'FR'\" },"
                + "{ name = Big, when = \"clv_predicted > 100\" } ] }");
    // By hand: a is French and big (two rows); b matches nothing -> default; c French only;
    // d has no country and a small CLV -> default.
    assertDataFrameEquals(
        df(
            OUT,
            row("a", "geo", "France", "country = 'FR'"),
            row("a", "geo", "Big", "clv_predicted > 100"),
            row("b", "geo", "Elsewhere", "default"),
            row("c", "geo", "France", "country = 'FR'"),
            row("d", "geo", "Elsewhere", "default")),
        SegmentRules.assign(view(), s));
  }

  @Test
  void overlappingFamilyWithoutDefaultLeavesNonMembersOut() {
    SegmentSettings s =
        settings(
            "big { mode = overlapping, rules = [ { name = Big, when = \"clv_predicted > 100\" } ]"
                + " }");
    assertDataFrameEquals(
        df(OUT, row("a", "big", "Big", "clv_predicted > 100")), SegmentRules.assign(view(), s));
  }

  @Test
  void invalidExpressionIsRejectedWithTheSegmentNameAndTheParsersMessage() {
    String broken = "clv_predicted > 100 and (";
    SegmentSettings s =
        settings(
            "tier { mode = exclusive, default = Low, rules = ["
                + "{ name = Fine, when = \"clv_predicted > 1\" },"
                + "{ name = Broken, when = \""
                + broken
                + "\" } ] }");
    ClienteleException e = assertThrows(ClienteleException.class, () -> SegmentRules.validate(s));
    // The parser's own first line, obtained independently of SegmentRules.
    String parserMessage =
        assertThrows(Exception.class, () -> CatalystSqlParser$.MODULE$.parseExpression(broken))
            .getMessage()
            .lines()
            .findFirst()
            .orElseThrow()
            .trim();
    assertTrue(e.getMessage().contains("segment 'Broken'"), e.getMessage());
    assertTrue(e.getMessage().contains("clientele.segments.families.tier"), e.getMessage());
    assertTrue(e.getMessage().contains(parserMessage), e.getMessage() + " / " + parserMessage);
    assertTrue(e.getMessage().startsWith("configuration: "), "a configuration error (exit 2)");
    assertEquals(2, e.exitCode(), "configuration errors exit with 2");
  }

  @Test
  void unknownColumnIsRejectedWithTheSegmentName() {
    SegmentSettings s =
        settings(
            "geo { mode = overlapping, rules = [ { name = Lyon, when = \"town = 'Lyon'\" } ] }");
    SegmentRules.validate(s); // parses fine: the column is only known at run time
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> SegmentRules.check(view(), s));
    assertTrue(e.getMessage().contains("segment 'Lyon'"), e.getMessage());
    assertTrue(e.getMessage().contains("`town`"), "names the unknown column: " + e.getMessage());
    assertTrue(e.getMessage().contains("UNRESOLVED_COLUMN"), e.getMessage());
  }

  @Test
  void nonBooleanExpressionIsRejected() {
    SegmentSettings s =
        settings(
            "geo { mode = overlapping, rules = [ { name = Sum, when = \"clv_predicted + 1\" } ] }");
    ClienteleException e =
        assertThrows(ClienteleException.class, () -> SegmentRules.check(view(), s));
    assertTrue(
        e.getMessage().contains("segment 'Sum'") && e.getMessage().contains("not boolean"),
        e.getMessage());
  }

  @Test
  void exclusiveFamilyWithoutDefaultIsAConfigurationError() {
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> settings("tier { mode = exclusive, rules = [ { name = A, when = \"true\" } ] }"));
    assertTrue(
        e.getMessage().contains("tier") && e.getMessage().contains("default"), e.getMessage());
  }

  @Test
  void shippedFamiliesParseAndQuotesInRfmNamesWork() {
    SegmentSettings s = SegmentSettings.from(ConfigLoader.load(null, null, List.of(), Map.of()));
    SegmentRules.validate(s);
    List<String> names = s.families().stream().map(SegmentSettings.Family::name).toList();
    assertEquals(
        List.of(
            "behavioural",
            "demographics",
            "geography",
            "psychographic",
            "relationship",
            "satisfaction",
            "socio_economic",
            "value"),
        names,
        "the shipped families, sorted by name");
    // The rule "RFM: At risk" must match the literal RFM segment name with its apostrophe.
    Dataset<Row> rfm =
        df(
            new StructType()
                .add("customer_id", DataTypes.StringType)
                .add("rfm_segment", DataTypes.StringType),
            row("x", "Can't Lose Them"));
    String when =
        s.families().get(0).rules().stream()
            .filter(r -> r.name().equals("RFM: At risk"))
            .findFirst()
            .orElseThrow()
            .when();
    assertEquals(1, rfm.where(when).count(), "'Can''t Lose Them' in the rule matches the name");
  }
}
