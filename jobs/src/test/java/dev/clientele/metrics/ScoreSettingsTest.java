package dev.clientele.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.clientele.Errors.ClienteleException;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.CostSettings;
import dev.clientele.config.LifecycleSettings;
import dev.clientele.config.ParetoSettings;
import dev.clientele.config.ParetoSettings.Measure;
import dev.clientele.config.RfmSettings;
import dev.clientele.config.RfmSettings.SegmentRule;
import dev.clientele.config.Settings;
import dev.clientele.testkit.SparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up checks of the score stage's configuration; no Spark needed. */
class ScoreSettingsTest {
  private static Config load(String... sets) {
    return ConfigLoader.load(null, null, List.of(sets), Map.of());
  }

  @Test
  void defaultSegmentRulesFitQuintilesAndMIsOptional() {
    RfmSettings s = RfmSettings.from(load());
    assertEquals(5, s.scoreBins());
    assertEquals(10, s.segments().size(), "the complete R x F grid has 10 named cells");
    assertEquals(
        new SegmentRule("Champions", 5, 5, 4, 5, 1, 5),
        s.segments().get(0),
        "a rule without m covers every m score 1..bins");
  }

  @Test
  void ruleOutsideTheBinsIsRejectedAtStartUpWithItsName() {
    // The default grid uses scores up to 5; with 4 bins "Champions" r = [5, 5] no longer fits.
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () -> new ScoreStage().validate(new Settings(load("clientele.rfm.score-bins=4"))));
    assertTrue(e.getMessage().contains("clientele.rfm.segments[0] 'Champions'"), e.getMessage());
    assertTrue(e.getMessage().contains("within 1..4"), e.getMessage());
    ClienteleException inverted =
        assertThrows(
            ClienteleException.class,
            () ->
                RfmSettings.from(
                    load("clientele.rfm.segments=[{name = X, r = [3, 2], f = [1, 5]}]")));
    assertTrue(inverted.getMessage().contains("r = [3, 2]"), inverted.getMessage());
    ClienteleException zero =
        assertThrows(
            ClienteleException.class,
            () ->
                RfmSettings.from(
                    load("clientele.rfm.segments=[{name = X, r = [1, 5], f = [0, 5]}]")));
    assertTrue(zero.getMessage().contains("f = [0, 5]"), zero.getMessage());
  }

  @Test
  void rankByAndCostSettingsAreCheckedAtStartUp() {
    ParetoSettings d = ParetoSettings.from(load());
    assertEquals(List.of(Measure.REVENUE, Measure.MARGIN), d.rankBy(), "default rank-by");
    CostSettings c = CostSettings.from(load());
    assertEquals(CostSettings.Allocation.ORDERS, c.allocation(), "default allocation");
    assertNull(c.marginRate(), "no margin rate by default");
    assertEquals(0.3, CostSettings.from(load("clientele.costs.margin-rate=0.3")).marginRate());
    Map<String, String> refused =
        Map.of(
            "clientele.pareto.rank-by=[margin]",
            "it must include 'revenue'",
            "clientele.pareto.rank-by=[revenue, profit]",
            "rank-by names 'profit'; use revenue, margin or value_net",
            "clientele.pareto.rank-by=[revenue, margin, margin]",
            "lists 'margin' twice",
            "clientele.costs.allocation=weighted",
            "clientele.costs.allocation is 'weighted'; use orders, revenue or equal",
            "clientele.costs.margin-rate=1.5",
            "clientele.costs.margin-rate must be in [0, 1], got 1.5",
            "clientele.costs.margin-rate=half",
            "clientele.costs.margin-rate is 'half'");
    refused.forEach(
        (set, message) -> {
          ClienteleException e =
              assertThrows(
                  ClienteleException.class,
                  () -> new ScoreStage().validate(new Settings(load(set))),
                  set);
          assertTrue(e.getMessage().contains(message), set + ": " + e.getMessage());
          assertEquals(dev.clientele.ExitCode.CONFIG, e.exit(), set);
        });
  }

  @Test
  void cranExampleMatchesThePackageTable() {
    Path file = SparkTest.projectDir().resolve("conf/examples/rfm-cran.conf");
    RfmSettings s = RfmSettings.from(ConfigLoader.load(null, file, List.of(), Map.of()));
    // rsquaredacademy/rfm, rfm_segment() example: recency_lower <- c(4, 2, 3, 4, 3, 2, 2, 1, 1, 1)
    // and so on; typed here from the package's vectors, independently of the conf file.
    int[] rLo = {4, 2, 3, 4, 3, 2, 2, 1, 1, 1};
    int[] rHi = {5, 5, 5, 5, 4, 3, 3, 2, 1, 2};
    int[] fLo = {4, 3, 1, 1, 1, 2, 1, 2, 4, 1};
    int[] fHi = {5, 5, 3, 1, 1, 3, 2, 5, 5, 2};
    assertEquals(10, s.segments().size());
    for (int i = 0; i < 10; i++) {
      SegmentRule r = s.segments().get(i);
      assertEquals(
          List.of(rLo[i], rHi[i], fLo[i], fHi[i], fLo[i], fHi[i]),
          List.of(r.rLo(), r.rHi(), r.fLo(), r.fHi(), r.mLo(), r.mHi()),
          r.name());
    }
    assertEquals("Champions", s.segments().get(0).name());
    assertEquals("Lost", s.segments().get(9).name());
    assertEquals("Others", s.defaultSegment());
  }

  @Test
  void lifecycleRulesFollowTheirParametersAndBadSqlIsRejected() {
    LifecycleSettings s =
        LifecycleSettings.from(
            load(
                "clientele.lifecycle.lost-after-days=180",
                "clientele.lifecycle.hot-prospect-days=14"));
    // The order of issue 20 point 3, typed from the issue: first match wins.
    assertEquals(
        List.of("prospect_hot", "prospect_cold", "lost", "inactive", "new", "at_risk", "loyal"),
        s.rules().stream().map(LifecycleSettings.StatusRule::status).toList());
    assertEquals(
        "order_count = 0 AND days_since_engagement <= 14",
        s.rules().get(0).condition(),
        "hot-prospect-days substituted after --set");
    assertEquals("recency_days > 180", s.rules().get(2).condition(), "substitution after --set");
    assertEquals("recency_days > 180", s.rules().get(3).condition(), "inactive-after-days 180");
    assertEquals("active", s.defaultStatus());
    assertEquals(
        List.of(
            "prospect_hot",
            "prospect_cold",
            "lost",
            "inactive",
            "new",
            "at_risk",
            "loyal",
            "active"),
        s.statuses(),
        "the report's order: the rules', then the default");
    assertEquals("abc_class = 'A' AND lifecycle_status = 'loyal'", s.vip());
    ClienteleException e =
        assertThrows(
            ClienteleException.class,
            () ->
                LifecycleSettings.from(
                    load("clientele.lifecycle.levels.volume-high=\"f_score >>\"")));
    assertTrue(e.getMessage().contains("clientele.lifecycle.levels.volume-high"), e.getMessage());
  }

  @Test
  void statusNamesAreOpenButMustBeIdentifiersAndAppearOnceInTheOrder() {
    // 'dormant' was refused by the old closed set; a name in two rules is listed once.
    LifecycleSettings s =
        LifecycleSettings.from(
            load(
                "clientele.lifecycle.rules = [{ status = dormant, condition = \"recency_days >"
                    + " 300\" }, { status = big_spender_2, condition = \"monetary_net > 1000\" },"
                    + " { status = dormant, condition = \"order_count = 0\" }]",
                "clientele.lifecycle.default-status = dormant",
                "clientele.lifecycle.active-statuses = [big_spender_2]",
                "clientele.lifecycle.levels.loyalty-high = \"false\"",
                "clientele.lifecycle.levels.risk-high = \"lifecycle_status = 'dormant'\"",
                "clientele.lifecycle.vip = \"lifecycle_status <=> 'big_spender_2'\""));
    assertEquals(List.of("dormant", "big_spender_2"), s.statuses());
    assertEquals(List.of("big_spender_2"), s.activeStatuses());
    for (String bad : List.of("Dormant", "at risk", "2nd", "prospect-hot", "")) {
      ClienteleException e =
          assertThrows(
              ClienteleException.class,
              () -> startUp("clientele.lifecycle.default-status = \"" + bad + "\""),
              bad);
      assertTrue(
          e.getMessage().contains("clientele.lifecycle.default-status = '" + bad + "'")
              && e.getMessage().contains("lower-case letters, digits and underscores"),
          e.getMessage());
    }
    ClienteleException rule =
        assertThrows(
            ClienteleException.class,
            () ->
                startUp(
                    "clientele.lifecycle.rules = [{ status = \"VIP!\", condition = \"true\" }]"));
    assertTrue(
        rule.getMessage().contains("clientele.lifecycle.rules[0].status"), rule.getMessage());
  }

  @Test
  void unparseableConditionsAndUnknownStatusesFailAtStartUp() {
    ClienteleException rule =
        assertThrows(
            ClienteleException.class,
            () ->
                startUp(
                    "clientele.lifecycle.rules = [{ status = lost, condition = \"recency_days"
                        + " >\" }]"));
    assertTrue(
        rule.getMessage().contains("clientele.lifecycle.rules[0]: cannot parse SQL condition"),
        rule.getMessage());
    ClienteleException vip =
        assertThrows(
            ClienteleException.class, () -> startUp("clientele.lifecycle.vip = \"abc_class = \""));
    assertTrue(
        vip.getMessage().contains("clientele.lifecycle.vip: cannot parse"), vip.getMessage());
    // Renaming 'loyal' without following it in the levels and the VIP condition is caught.
    ClienteleException renamed =
        assertThrows(
            ClienteleException.class,
            () ->
                startUp(
                    "clientele.lifecycle.rules = [{ status = faithful, condition = \"order_count"
                        + " >= 4\" }]",
                    "clientele.lifecycle.active-statuses = [active]"));
    assertTrue(
        renamed.getMessage().contains("clientele.lifecycle.levels.loyalty-high compares")
            && renamed.getMessage().contains("'loyal'")
            && renamed.getMessage().contains("[faithful, active]"),
        renamed.getMessage());
    ClienteleException active =
        assertThrows(
            ClienteleException.class,
            () -> startUp("clientele.lifecycle.active-statuses = [new, prospect]"));
    assertTrue(
        active.getMessage().contains("clientele.lifecycle.active-statuses names 'prospect'"),
        active.getMessage());
  }

  /** The score stage's start-up check, run before any data is read. */
  private static void startUp(String... sets) {
    new ScoreStage().validate(new Settings(load(sets)));
  }
}
