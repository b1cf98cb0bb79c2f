package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.clientele.Sampling;
import dev.clientele.identity.FellegiSunter.Comparison;
import dev.clientele.identity.FellegiSunter.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the Fellegi-Sunter model without labels. u from random record pairs (a seeded sample of
 * records, paired within random buckets so the pairs number about uSamplePairs); m by EM over the
 * candidate pairs of each blocking rule in turn (sampled down to emMaxPairsPerRule), leaving out
 * the comparisons the rule reads, then averaged per comparison over the rules that did not read it.
 * Spark only computes counts per comparison-vector pattern; EM runs on the driver over those.
 */
public final class ModelTraining {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTraining.class);

  private ModelTraining() {}

  /** Values held by fewer records are left out of the term frequencies (and so of the model). */
  static final long MIN_TF_RECORDS = 2;

  public record Params(
      List<Comparison> comparisons,
      long uSampleRecords,
      long uSamplePairs,
      long emMaxPairsPerRule,
      int emMaxIterations,
      long seed,
      Hashing hashing,
      DeterministicMatch.Params deterministic,
      double deterministicRecall) {
    /** Without deterministic keys: m and the prior from EM alone. */
    public Params(
        List<Comparison> comparisons,
        long uSampleRecords,
        long uSamplePairs,
        long emMaxPairsPerRule,
        int emMaxIterations,
        long seed,
        Hashing hashing) {
      this(
          comparisons,
          uSampleRecords,
          uSamplePairs,
          emMaxPairsPerRule,
          emMaxIterations,
          seed,
          hashing,
          null,
          0);
    }
  }

  /** A comparison is taken from the deterministic pairs when this many of them are non-null. */
  static final long MIN_LINKED_PAIRS = 50;

  private static final int LINKED = -3;

  /** The model and its term-frequency table (column_name, value_hmac, tf, records). */
  public record Trained(IdentityModel model, Dataset<Row> termFrequencies) {}

  public static Trained train(
      Dataset<Row> records, FuzzyMatch.Params blocking, Params p, int version) {
    FuzzyMatch.registerJaroWinkler(records.sparkSession());
    // Read by the sample, every blocking rule and both sides of every pair: computed once.
    Dataset<Row> named =
        FuzzyMatch.named(records)
            .dropDuplicates(IdentityRecords.NODE)
            .persist(StorageLevel.MEMORY_AND_DISK());
    long n = named.count();
    List<Comparison> comps = p.comparisons();
    List<Pattern> random = patterns(randomPairs(named, n, p), comps, null).get(-1);
    double[][] u = FellegiSunter.uProbabilities(comps, random == null ? List.of() : random);
    double randomCount = random == null ? 0 : random.stream().mapToDouble(Pattern::count).sum();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("records", n);
    training.put("random_pairs", (long) randomCount);
    EmRounds rounds = emRounds(named, blocking, comps, u, p, n);
    training.put("rules", rounds.figures());
    double allPairs = Math.max(1.0, n * (n - 1) / 2.0);
    double lambda = FellegiSunter.clamp(rounds.matchesEstimate() / allPairs);
    training.put("estimated_matching_pairs", Math.round(rounds.matchesEstimate()));
    double[][] m = rounds.m();
    List<Pattern> linked = linkedPatterns(named, comps, p);
    if (!linked.isEmpty()) {
      // Records sharing an e-mail, phone or card are known matches: they give the prior and m
      // directly. EM alone latches on to whatever clusters the blocked pairs most (people with a
      // common name in one town) and takes it for a match.
      double linkedPairs = linked.stream().mapToDouble(Pattern::count).sum();
      lambda = FellegiSunter.clamp(linkedPairs / p.deterministicRecall() / allPairs);
      m = FellegiSunter.mFromMatches(comps, linked, m, MIN_LINKED_PAIRS, excluded(comps, p));
      training.put("linked_pairs", (long) linkedPairs);
      training.put("deterministic_recall", p.deterministicRecall());
      training.put("estimated_matching_pairs", Math.round(lambda * allPairs));
    }
    IdentityModel model = new IdentityModel(version, comps, m, u, lambda, training);
    LOG.info("identity model v{}: {}", version, model.describe());
    Dataset<Row> tf =
        ConnectedComponents.cut(termFrequencies(named, model.termFrequencyColumns(), p.hashing()));
    named.unpersist();
    return new Trained(model, tf);
  }

  /**
   * Comparison patterns of the record pairs the deterministic keys link (a star per identifier:
   * each holder with the identifier's smallest holder); empty without deterministic keys.
   */
  static List<Pattern> linkedPatterns(Dataset<Row> named, List<Comparison> comps, Params p) {
    if (p.deterministic() == null || p.deterministicRecall() <= 0) {
      return List.of();
    }
    Dataset<Row> edges =
        DeterministicMatch.match(named, p.deterministic())
            .edges()
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .least(col(DeterministicMatch.SRC), col(DeterministicMatch.DST))
                    .as("a"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .greatest(col(DeterministicMatch.SRC), col(DeterministicMatch.DST))
                    .as("b"))
            .distinct()
            .withColumn(FuzzyMatch.BLOCK_RULE, lit(LINKED));
    return patterns(FuzzyMatch.pairWith(edges, named), comps, null).getOrDefault(LINKED, List.of());
  }

  /** Comparisons that read a deterministic key's column: always agreeing on linked pairs. */
  private static boolean[] excluded(List<Comparison> comps, Params p) {
    boolean[] out = new boolean[comps.size()];
    for (int c = 0; c < comps.size(); c++) {
      for (String key : p.deterministic().matchKeys()) {
        String column = DeterministicMatch.valueColumn(key);
        out[c] |= comps.get(c).columns().contains(column);
      }
    }
    return out;
  }

  /** Random pairs among a seeded sample of the records: about uSamplePairs of them. */
  static Dataset<Row> randomPairs(Dataset<Row> named, long n, Params p) {
    double fraction = Math.min(1.0, (double) p.uSampleRecords() / Math.max(1, n));
    double sampled = n * fraction;
    long buckets = Math.max(1, (long) Math.ceil(sampled * sampled / 2 / p.uSamplePairs()));
    Dataset<Row> s =
        (fraction < 1
                ? named.where(Sampling.keep(fraction, p.seed(), col(IdentityRecords.NODE)))
                : named)
            .withColumn(
                "_bucket", pmod(xxhash64(col(IdentityRecords.NODE), lit(p.seed())), lit(buckets)));
    Dataset<Row> left = FuzzyMatch.prefixedFor(s, "l_");
    Dataset<Row> right = FuzzyMatch.prefixedFor(s, "r_");
    return left.join(
            right,
            col("l__bucket")
                .equalTo(col("r__bucket"))
                .and(col("l_" + IdentityRecords.NODE).lt(col("r_" + IdentityRecords.NODE))))
        .withColumn(FuzzyMatch.BLOCK_RULE, lit(-1));
  }

  /** Per block_rule, the distinct comparison vectors and their counts (a small aggregate). */
  static Map<Integer, List<Pattern>> patterns(
      Dataset<Row> pairs, List<Comparison> comps, Column sample) {
    List<Column> g = new ArrayList<>(List.of(col(FuzzyMatch.BLOCK_RULE)));
    g.addAll(IdentityModel.gammas(comps));
    Dataset<Row> v =
        (sample == null ? pairs : pairs.where(sample)).select(g.toArray(Column[]::new));
    Column[] keys = new Column[comps.size() + 1];
    keys[0] = col(FuzzyMatch.BLOCK_RULE);
    for (int c = 0; c < comps.size(); c++) {
      keys[c + 1] = col(IdentityModel.gammaColumn(c));
    }
    Map<Integer, List<Pattern>> out = new LinkedHashMap<>();
    // One row per rule and distinct comparison vector: bounded by rules x the product of the
    // level counts, in practice a few thousand rows whatever the data size.
    for (Row r : v.groupBy(keys).agg(count(lit(1)).as("n")).collectAsList()) {
      int[] gamma = new int[comps.size()];
      for (int c = 0; c < gamma.length; c++) {
        gamma[c] = r.getInt(c + 1);
      }
      out.computeIfAbsent(r.getInt(0), k -> new ArrayList<>())
          .add(new Pattern(gamma, r.getLong(comps.size() + 1)));
    }
    // collectAsList returns the groups in no fixed order, and EM sums doubles over them: sort so
    // that the same data gives the same model to the last bit, locally and on a cluster.
    for (List<Pattern> ps : out.values()) {
      ps.sort((x, y) -> java.util.Arrays.compare(x.gamma(), y.gamma()));
    }
    return out;
  }

  private static Column pairHashUnit(long seed) {
    return Sampling.unit(seed, col("a"), col("b"));
  }

  private static final int UNION = -2;

  /**
   * A rule whose EM puts (almost) every pair in the match class is not used. It happens when the
   * rule's blocks share more than their key: in a postcode block non-matches agree on the city as
   * well, which breaks the model's conditional independence, and EM's fixed point lambda = 1 then
   * takes m to be the distribution of all blocked pairs. Its m and its share of matches would
   * inflate the prior and merge different people.
   */
  static final double MAX_RULE_LAMBDA = 0.99;

  record EmRounds(double[][] m, double matchesEstimate, List<Map<String, Object>> figures) {}

  private static EmRounds emRounds(
      Dataset<Row> named,
      FuzzyMatch.Params blocking,
      List<Comparison> comps,
      double[][] u,
      Params p,
      long n) {
    FuzzyMatch.Blocking b = FuzzyMatch.block(named, blocking);
    // One row per blocking rule.
    Map<Integer, Long> pairsPerRule = new LinkedHashMap<>();
    for (Row r :
        b.assignments()
            .groupBy(FuzzyMatch.BLOCK_RULE, "block")
            .agg(count(lit(1)).as("n"))
            .groupBy(FuzzyMatch.BLOCK_RULE)
            .agg(functions_sum())
            .collectAsList()) {
      pairsPerRule.put(r.getInt(0), r.isNullAt(1) ? 0L : r.getLong(1));
    }
    Column sample = lit(true);
    for (Map.Entry<Integer, Long> e : pairsPerRule.entrySet()) {
      double f = Math.min(1.0, (double) p.emMaxPairsPerRule() / Math.max(1, e.getValue()));
      if (f < 1) {
        sample =
            when(col(FuzzyMatch.BLOCK_RULE).equalTo(e.getKey()), pairHashUnit(p.seed()).lt(f))
                .otherwise(sample);
      }
    }
    // The candidate pairs of all rules, once: the per-rule rounds and the union both read them.
    Dataset<Row> rulePairs = ConnectedComponents.cut(FuzzyMatch.rulePairs(b.assignments()));
    Dataset<Row> pairs = FuzzyMatch.pairWith(rulePairs, named);
    Map<Integer, List<Pattern>> byRule = patterns(pairs, comps, sample);
    double[][] m0 = FellegiSunter.initialM(comps);
    List<double[][]> fits = new ArrayList<>();
    List<boolean[]> actives = new ArrayList<>();
    List<Map<String, Object>> figures = new ArrayList<>();
    double matches = 0;
    for (int rule = 0; rule < blocking.blockingKeys().size(); rule++) {
      boolean[] active = new boolean[comps.size()];
      List<String> used = new ArrayList<>();
      for (int c = 0; c < comps.size(); c++) {
        final String key = blocking.blockingKeys().get(rule);
        active[c] = comps.get(c).columns().stream().noneMatch(col -> FuzzyMatch.reads(key, col));
        if (active[c]) {
          used.add(comps.get(c).name());
        }
      }
      List<Pattern> ps = byRule.getOrDefault(rule, List.of());
      Map<String, Object> fig = new LinkedHashMap<>();
      fig.put("rule", rule);
      fig.put("pairs", pairsPerRule.getOrDefault(rule, 0L));
      fig.put("sampled_pairs", (long) ps.stream().mapToDouble(Pattern::count).sum());
      fig.put("estimated_comparisons", used);
      if (!ps.isEmpty() && !used.isEmpty()) {
        FellegiSunter.Fit fit = FellegiSunter.em(ps, u, m0, 0.1, active, p.emMaxIterations(), 1e-6);
        boolean degenerate = fit.lambda() > MAX_RULE_LAMBDA;
        if (!degenerate) {
          fits.add(fit.m());
          actives.add(active);
          matches = Math.max(matches, fit.lambda() * pairsPerRule.getOrDefault(rule, 0L));
        }
        fig.put("lambda", fit.lambda());
        fig.put("iterations", fit.iterations());
        fig.put("converged", fit.converged());
        fig.put("used", !degenerate);
        LOG.info(
            "identity model: rule {} EM lambda {} after {} iterations{}",
            rule,
            fit.lambda(),
            fit.iterations(),
            degenerate ? " (degenerate: every pair taken as a match; left out)" : "");
      }
      figures.add(fig);
    }
    double[][] m = FellegiSunter.averageM(fits, actives, m0);
    // How many pairs match: lambda over the union of the candidate pairs, with m and u fixed (a
    // single rule only finds its share of the matches, so the largest rule alone undercounts).
    Dataset<Row> union =
        FuzzyMatch.pairWith(
            rulePairs.select("a", "b").distinct().withColumn(FuzzyMatch.BLOCK_RULE, lit(UNION)),
            named);
    long unionPairs = union.count();
    double fraction = Math.min(1.0, (double) p.emMaxPairsPerRule() / Math.max(1, unionPairs));
    List<Pattern> all =
        patterns(union, comps, fraction < 1 ? pairHashUnit(p.seed()).lt(fraction) : null)
            .getOrDefault(UNION, List.of());
    if (!all.isEmpty()) {
      double lambdaUnion = FellegiSunter.lambdaOnly(all, m, u, 0.1, p.emMaxIterations() * 10);
      matches = Math.max(matches, lambdaUnion * unionPairs);
      Map<String, Object> fig = new LinkedHashMap<>();
      fig.put("rule", "union");
      fig.put("pairs", unionPairs);
      fig.put("lambda", lambdaUnion);
      figures.add(fig);
    }
    return new EmRounds(m, matches, figures);
  }

  private static Column functions_sum() {
    return org.apache
        .spark
        .sql
        .functions
        .sum(col("n").multiply(col("n").minus(1)).divide(2))
        .cast("long")
        .as("pairs");
  }

  /** tf = records holding the value / records with a value, keyed by the value's HMAC. */
  static Dataset<Row> termFrequencies(Dataset<Row> named, List<String> columns, Hashing hashing) {
    Dataset<Row> out = null;
    for (String c : columns) {
      Dataset<Row> values = named.where(col(c).isNotNull()).select(col(c).cast("string").as("v"));
      Dataset<Row> counts = values.groupBy("v").agg(count(lit(1)).as("records"));
      Dataset<Row> total = values.agg(count(lit(1)).as("total"));
      Dataset<Row> tf =
          counts
              .where(col("records").geq(MIN_TF_RECORDS))
              .crossJoin(total)
              .select(
                  lit(c).as("column_name"),
                  hashing.hmacHex(col("v")).as("value_hmac"),
                  col("records").divide(col("total")).as("tf"),
                  col("records"));
      out = out == null ? tf : out.unionByName(tf);
    }
    if (out == null) {
      return named.sparkSession().createDataFrame(List.of(), ModelStore.TF_SCHEMA);
    }
    return out;
  }
}
