package dev.clientele.identity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.clientele.config.IdentitySettings;
import dev.clientele.testkit.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Parameters shared by the identity tests. */
final class IdentityFixtures {
  private IdentityFixtures() {}

  static final Hashing HASHING = new Hashing("test-secret");

  static IdentityRecords.Params recordParams() {
    return new IdentityRecords.Params(
        new Normalise.EmailRules(List.of("gmail.com"), List.of("gmail.com")),
        "FR",
        List.of(),
        HASHING);
  }

  static Resolution.Params resolution(
      List<String> blockingKeys, double threshold, List<String> agreeing, long maxCluster) {
    return new Resolution.Params(
        new DeterministicMatch.Params(
            List.of("email", "phone", "loyalty_id"),
            20,
            List.of("0000000000", "noemail@example.com")),
        new FuzzyMatch.Params(blockingKeys, threshold, agreeing, 200),
        !blockingKeys.isEmpty(),
        maxCluster,
        40);
  }

  /**
   * The shipped configuration's identity section (conf/application.conf) with the score rule, the
   * given blocking keys and cluster-size guard.
   */
  /** The shipped configuration as is (rule "model", default blocking keys). */
  static IdentitySettings shipped() {
    Config c =
        ConfigFactory.parseFile(SparkTest.projectDir().resolve("conf/application.conf").toFile())
            .resolve();
    return IdentitySettings.from(c);
  }

  /**
   * The shipped defaults with a model trained on the records themselves (as the first resolve
   * does), through the same calls as the stage.
   */
  static Resolution.Params modelled(Dataset<Row> records) {
    IdentitySettings s = shipped();
    Resolution.Params p = ResolveStage.resolutionParams(s);
    ModelTraining.Trained t =
        ModelTraining.train(records, p.fuzzy(), ResolveStage.trainingParams(s, HASHING), 1);
    return p.withFuzzy(
        p.fuzzy()
            .withModel(
                new FuzzyMatch.ModelInput(
                    t.model(),
                    t.termFrequencies(),
                    HASHING,
                    s.model().matchProbability(),
                    s.model().bridgeProbability())));
  }

  static Resolution.Params scored(List<String> blockingKeys, long maxCluster) {
    Config c =
        ConfigFactory.parseFile(SparkTest.projectDir().resolve("conf/application.conf").toFile())
            .withValue("clientele.identity.fuzzy.rule", ConfigValueFactory.fromAnyRef("score"))
            .withValue(
                "clientele.identity.fuzzy.blocking-keys",
                ConfigValueFactory.fromIterable(blockingKeys))
            .withValue(
                "clientele.identity.max-cluster-size", ConfigValueFactory.fromAnyRef(maxCluster))
            .resolve();
    return ResolveStage.resolutionParams(IdentitySettings.from(c));
  }
}
