package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed view of {@code clientele.identity}: normalisers, match rules, guards, survivorship. */
public record IdentitySettings(
    String defaultPhoneRegion,
    List<String> emailDotInsensitiveDomains,
    List<String> emailPlusTagDomains,
    List<String> matchKeys,
    long maxIdentifierFrequency,
    List<String> blockedIdentifiers,
    Fuzzy fuzzy,
    Model model,
    long maxClusterSize,
    int maxIterations,
    List<String> preferredSources,
    String defaultSurvivorshipRule,
    Map<String, String> survivorshipRules,
    boolean fullRefresh) {

  /**
   * The fuzzy rule: blocking expressions; rule "name-and-attribute" (name threshold, attributes of
   * which one must agree) or "score" (weighted comparisons, minimum score).
   */
  public record Fuzzy(
      boolean enabled,
      List<String> blockingKeys,
      String rule,
      double nameThreshold,
      List<String> agreeingAttributes,
      double minScore,
      List<Comparison> comparisons,
      long maxBlockSize,
      String subBlockingKey) {}

  /**
   * The Fellegi-Sunter model (rule "model"): its comparisons and the training and decision
   * parameters.
   */
  public record Model(
      double matchProbability,
      double bridgeProbability,
      long uSampleRecords,
      long uSamplePairs,
      long emMaxPairsPerRule,
      int emMaxIterations,
      long seed,
      double deterministicRecall,
      List<ModelComparison> comparisons) {}

  /** A model comparison: a pair with a null in any column is neutral; else its first level. */
  public record ModelComparison(String name, List<String> columns, List<ModelLevel> levels) {}

  /** A named level; termFrequency: the column whose value's rarity weighs exact agreement. */
  public record ModelLevel(String name, String when, String termFrequency) {}

  /** A scored comparison: ordered levels, the first whose condition holds gives its weight. */
  public record Comparison(String name, List<Level> levels) {}

  /** A Spark SQL condition over the pair (l_ / r_ columns) and its weight. */
  public record Level(String when, double weight) {}

  public static final List<String> FUZZY_RULES = List.of("model", "name-and-attribute", "score");

  public static final List<String> SURVIVORSHIP_RULES =
      List.of("most-recent", "most-frequent", "preferred-source");

  public static IdentitySettings from(Config root) {
    Config c = root.getConfig("clientele.identity");
    Config f = c.getConfig("fuzzy");
    Config s = c.getConfig("survivorship");
    Map<String, String> rules = new TreeMap<>();
    s.getConfig("rules").root().forEach((k, v) -> rules.put(k, String.valueOf(v.unwrapped())));
    IdentitySettings settings =
        new IdentitySettings(
            c.getString("default-phone-region"),
            c.getStringList("email-dot-insensitive-domains"),
            c.getStringList("email-plus-tag-domains"),
            c.getStringList("match-keys"),
            c.getLong("max-identifier-frequency"),
            c.getStringList("blocked-identifiers"),
            new Fuzzy(
                f.getBoolean("enabled"),
                f.getStringList("blocking-keys"),
                f.getString("rule"),
                f.getDouble("name-threshold"),
                f.getStringList("agreeing-attributes"),
                f.getDouble("score.min-score"),
                comparisons(f.getConfigList("score.comparisons")),
                f.getLong("max-block-size"),
                f.hasPath("sub-blocking-key") ? f.getString("sub-blocking-key") : ""),
            model(c.getConfig("model")),
            c.getLong("max-cluster-size"),
            c.getInt("max-iterations"),
            s.getStringList("preferred-sources"),
            s.getString("default-rule"),
            Map.copyOf(rules),
            c.getBoolean("full-refresh"));
    settings.check();
    return settings;
  }

  private static Model model(Config m) {
    return new Model(
        m.getDouble("match-probability"),
        m.getDouble("bridge-probability"),
        m.getLong("u-sample-records"),
        m.getLong("u-sample-pairs"),
        m.getLong("em-max-pairs-per-rule"),
        m.getInt("em-max-iterations"),
        m.getLong("seed"),
        m.getDouble("deterministic-recall"),
        m.getConfigList("comparisons").stream()
            .map(
                c ->
                    new ModelComparison(
                        c.getString("name"),
                        c.getStringList("columns"),
                        c.getConfigList("levels").stream()
                            .map(
                                l ->
                                    new ModelLevel(
                                        l.getString("name"),
                                        l.getString("when"),
                                        l.hasPath("term-frequency")
                                            ? l.getString("term-frequency")
                                            : ""))
                            .toList()))
            .toList());
  }

  private static List<Comparison> comparisons(List<? extends Config> list) {
    return list.stream()
        .map(
            c ->
                new Comparison(
                    c.getString("name"),
                    c.getConfigList("levels").stream()
                        .map(l -> new Level(l.getString("when"), l.getDouble("weight")))
                        .toList()))
        .toList();
  }

  private void check() {
    for (Map.Entry<String, String> e : survivorshipRules.entrySet()) {
      checkRule("clientele.identity.survivorship.rules." + e.getKey(), e.getValue());
    }
    checkRule("clientele.identity.survivorship.default-rule", defaultSurvivorshipRule);
    if (fuzzy.nameThreshold() <= 0 || fuzzy.nameThreshold() > 1) {
      throw Errors.config(
          "clientele.identity.fuzzy.name-threshold is "
              + fuzzy.nameThreshold()
              + "; it must be in (0, 1], e.g. 0.88");
    }
    if (!FUZZY_RULES.contains(fuzzy.rule())) {
      throw Errors.config(
          "clientele.identity.fuzzy.rule is '" + fuzzy.rule() + "'; use one of " + FUZZY_RULES);
    }
    if (fuzzy.rule().equals("score")) {
      checkScore();
    }
    if (fuzzy.rule().equals("model")) {
      checkModel();
    }
    if (maxClusterSize < 2 || maxIterations < 1) {
      throw Errors.config(
          "clientele.identity.max-cluster-size must be >= 2 and max-iterations >= 1");
    }
  }

  private void checkModel() {
    String at = "clientele.identity.model";
    for (double p : new double[] {model.matchProbability(), model.bridgeProbability()}) {
      if (!(p > 0 && p < 1)) {
        throw Errors.config(
            at + ".match-probability and bridge-probability must be in (0, 1); got " + p);
      }
    }
    if (!(model.deterministicRecall() >= 0 && model.deterministicRecall() <= 1)) {
      throw Errors.config(
          at
              + ".deterministic-recall must be in [0, 1] (0: EM alone); got "
              + model.deterministicRecall());
    }
    if (model.comparisons().isEmpty()) {
      throw Errors.config(at + ".comparisons is empty; the model needs at least one");
    }
    if (model.uSampleRecords() < 2 || model.uSamplePairs() < 1 || model.emMaxIterations() < 1) {
      throw Errors.config(
          at + ": u-sample-records >= 2, u-sample-pairs >= 1 and em-max-iterations >= 1");
    }
    for (ModelComparison c : model.comparisons()) {
      if (c.levels().isEmpty() || c.columns().isEmpty()) {
        throw Errors.config(at + ".comparisons '" + c.name() + "' needs columns and levels");
      }
    }
  }

  private void checkScore() {
    String at = "clientele.identity.fuzzy.score";
    if (fuzzy.comparisons().isEmpty()) {
      throw Errors.config(at + ".comparisons is empty; the score rule needs at least one");
    }
    if (!Double.isFinite(fuzzy.minScore()) || fuzzy.minScore() <= 0) {
      throw Errors.config(
          at + ".min-score is " + fuzzy.minScore() + "; it must be > 0 (no evidence is 0)");
    }
    for (Comparison c : fuzzy.comparisons()) {
      if (c.levels().isEmpty()) {
        throw Errors.config(at + ".comparisons '" + c.name() + "' has no levels");
      }
      for (Level l : c.levels()) {
        if (l.when().isBlank() || !Double.isFinite(l.weight())) {
          throw Errors.config(
              at + ".comparisons '" + c.name() + "': every level needs a condition and a weight");
        }
      }
    }
  }

  private static void checkRule(String key, String rule) {
    if (!SURVIVORSHIP_RULES.contains(rule)) {
      throw Errors.config(key + " is '" + rule + "'; use one of " + SURVIVORSHIP_RULES);
    }
  }

  /** The survivorship rule of one profile attribute. */
  public String ruleFor(String attribute) {
    return survivorshipRules.getOrDefault(attribute, defaultSurvivorshipRule);
  }
}
