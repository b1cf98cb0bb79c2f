package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The fuzzy rule: records in the same block of a blocking rule (a configured SQL expression, e.g.
 * the birth date) are compared pairwise. A block above maxBlockSize is split on a second key (the
 * sub-blocking key appended to the block) and only sub-blocks still above the limit are skipped, so
 * the candidate pairs stay at most records x maxBlockSize per blocking rule. Rule {@value #MODEL}:
 * a trained Fellegi-Sunter model ({@link IdentityModel}) gives each pair a match probability. Rule
 * {@value #NAME_AND_ATTRIBUTE}: the full names have Jaro-Winkler similarity >= threshold and at
 * least one further attribute agrees, not counting an attribute the pair was blocked on (every pair
 * of a postcode block agrees on postcode). Rule {@value #SCORE}: hand-set weights per level, a pair
 * matches when the sum reaches the minimum score.
 */
public final class FuzzyMatch {
  private FuzzyMatch() {}

  public static final String NAME_AND_ATTRIBUTE = "name-and-attribute";
  public static final String SCORE = "score";
  public static final String MODEL = "model";

  /** SQL function (string, string) -> Jaro-Winkler similarity, null when either side is null. */
  public static final String JARO_WINKLER_SQL = "jaro_winkler";

  public static final String BLOCK_RULE = "block_rule";

  /**
   * rule: {@link #NAME_AND_ATTRIBUTE} (nameThreshold, agreeingAttributes), {@link #SCORE} (score)
   * or {@link #MODEL} (model, set by the stage once trained or loaded).
   */
  public record Params(
      List<String> blockingKeys,
      double nameThreshold,
      List<String> agreeingAttributes,
      long maxBlockSize,
      String rule,
      Score score,
      String subBlockingKey,
      ModelInput model) {
    /** The name-and-attribute rule. */
    public Params(
        List<String> blockingKeys,
        double nameThreshold,
        List<String> agreeingAttributes,
        long maxBlockSize) {
      this(
          blockingKeys,
          nameThreshold,
          agreeingAttributes,
          maxBlockSize,
          NAME_AND_ATTRIBUTE,
          null,
          "",
          null);
    }

    public Params withModel(ModelInput m) {
      return new Params(
          blockingKeys,
          nameThreshold,
          agreeingAttributes,
          maxBlockSize,
          rule,
          score,
          subBlockingKey,
          m);
    }
  }

  /**
   * The trained model, its term-frequency table (column_name, value_hmac, tf) and the keyed hash
   * its entries are keyed by; matchProbability: the threshold.
   */
  public record ModelInput(
      IdentityModel model,
      Dataset<Row> termFrequencies,
      Hashing hashing,
      double matchProbability,
      double bridgeProbability)
      implements java.io.Serializable {}

  /** A pair matches when the sum of its comparisons' weights is >= minScore. */
  public record Score(double minScore, List<Comparison> comparisons) {}

  /**
   * One compared attribute: the weight of the first level whose condition (Spark SQL over the
   * pair's columns l_&lt;column&gt; and r_&lt;column&gt;) is true; 0 when none is (null is not
   * true).
   */
  public record Comparison(String name, List<Level> levels) {}

  public record Level(String when, double weight) {}

  /**
   * Match edges (src, dst, rule = 'fuzzy'); the distinct candidate pairs (a, b); per blocking rule
   * and block the blocks split on the sub-key or skipped (block_rule, block, block_size, outcome);
   * with the model, the kept matches' weights (a, b, match_weight, match_probability, w_*).
   */
  public record Result(
      Dataset<Row> edges,
      Dataset<Row> candidatePairs,
      Dataset<Row> oversizedBlocks,
      Dataset<Row> explanations) {}

  /** The records the fuzzy rule compares: customer records with a name. */
  static Dataset<Row> named(Dataset<Row> records) {
    return records.where(
        col(IdentityRecords.KIND)
            .equalTo("customer")
            .and(col(IdentityRecords.FULL_NAME_NORM).isNotNull()));
  }

  public static Result match(Dataset<Row> records, Params p) {
    Dataset<Row> named = named(records);
    // Comparisons may use any record column.
    registerJaroWinkler(records.sparkSession());
    Dataset<Row> people = named.dropDuplicates(IdentityRecords.NODE);
    Blocking blocking = block(named, p);
    Dataset<Row> perRule = ConnectedComponents.cut(rulePairs(blocking.assignments()));
    Dataset<Row> candidates = perRule.select("a", "b").distinct();
    if (NAME_AND_ATTRIBUTE.equals(p.rule())) {
      Dataset<Row> edges =
          pairWith(perRule, people)
              .where(nameAnd(p))
              .select(
                  col("a").as(DeterministicMatch.SRC),
                  col("b").as(DeterministicMatch.DST),
                  lit("fuzzy").as(DeterministicMatch.RULE))
              .distinct();
      return new Result(edges, candidates, blocking.oversized(), null);
    }
    if (MODEL.equals(p.rule())) {
      Dataset<Row> scored = ConnectedComponents.cut(scoreWithModel(candidates, people, p.model()));
      Dataset<Row> kept =
          scored.where(col(IdentityModel.PROBABILITY).geq(p.model().matchProbability()));
      Dataset<Row> edges =
          kept.select(
              col("a").as(DeterministicMatch.SRC),
              col("b").as(DeterministicMatch.DST),
              lit("fuzzy").as(DeterministicMatch.RULE));
      return new Result(edges, candidates, blocking.oversized(), kept);
    }
    Dataset<Row> edges =
        pairWith(candidates, people)
            .where(score(p.score()).geq(p.score().minScore()))
            .select(
                col("a").as(DeterministicMatch.SRC),
                col("b").as(DeterministicMatch.DST),
                lit("fuzzy").as(DeterministicMatch.RULE));
    return new Result(edges, candidates, blocking.oversized(), null);
  }

  /** Pairs (a, b) with the model's comparison weights, total weight and match probability. */
  static Dataset<Row> scoreWithModel(Dataset<Row> pairs, Dataset<Row> people, ModelInput mi) {
    IdentityModel model = mi.model();
    Dataset<Row> withTf = withTermFrequencies(people, model.termFrequencyColumns(), mi);
    Dataset<Row> paired = pairWith(pairs, withTf);
    List<Column> gam = new ArrayList<>(List.of(col("a"), col("b")));
    gam.addAll(IdentityModel.gammas(model.comparisons()));
    // The l_ term frequencies are kept for the weights: both sides hold the same value on exact.
    for (String t : model.termFrequencyColumns()) {
      gam.add(col("l_" + IdentityModel.tfColumn(t)));
    }
    Dataset<Row> g = paired.select(gam.toArray(Column[]::new));
    List<Column> w = new ArrayList<>(List.of(col("a"), col("b")));
    w.addAll(model.weights());
    Dataset<Row> weighted = g.select(w.toArray(Column[]::new));
    return weighted
        .withColumn(IdentityModel.WEIGHT, model.totalWeight())
        .withColumn(
            IdentityModel.PROBABILITY, IdentityModel.probability(col(IdentityModel.WEIGHT)));
  }

  /** Adds tf_&lt;column&gt; (the trained frequency of the record's value, null when unknown). */
  static Dataset<Row> withTermFrequencies(
      Dataset<Row> people, List<String> columns, ModelInput mi) {
    Dataset<Row> out = people;
    for (String c : columns) {
      Dataset<Row> tf =
          mi.termFrequencies()
              .where(col("column_name").equalTo(c))
              .select(col("value_hmac").as("_tf_key"), col("tf").as(IdentityModel.tfColumn(c)));
      out =
          out.withColumn("_tf_key", mi.hashing().hmacHex(col(c).cast("string")))
              .join(functions.broadcast(tf), new String[] {"_tf_key"}, "left")
              .drop("_tf_key");
    }
    return out;
  }

  /** Each node's block per rule (node, block_rule, block) and the oversized blocks. */
  record Blocking(Dataset<Row> assignments, Dataset<Row> oversized) {}

  static Blocking block(Dataset<Row> named, Params p) {
    if (p.blockingKeys().isEmpty()) {
      throw dev.clientele.Errors.config(
          "clientele.identity.fuzzy.blocking-keys is empty; add one or set fuzzy.enabled = false");
    }
    Column sub =
        p.subBlockingKey() == null || p.subBlockingKey().isBlank()
            ? lit(null).cast("string")
            : expr(p.subBlockingKey()).cast("string");
    // One pass over the records for all rules: an array of (rule, block) per record, exploded,
    // rather than a union of one scan per rule.
    Column[] perRule = new Column[p.blockingKeys().size()];
    for (int i = 0; i < perRule.length; i++) {
      // Blocking keys may use any record column, so they are computed before any projection.
      perRule[i] =
          functions.struct(
              lit(i).as(BLOCK_RULE), expr(p.blockingKeys().get(i)).cast("string").as("block"));
    }
    Dataset<Row> blocked =
        named
            .select(
                col(IdentityRecords.NODE),
                sub.as("sub"),
                functions.explode(functions.array(perRule)).as("_b"))
            .select(
                col(IdentityRecords.NODE),
                col("_b." + BLOCK_RULE).as(BLOCK_RULE),
                col("_b.block").as("block"),
                col("sub"));
    Dataset<Row> nonEmpty =
        blocked
            .where(col("block").isNotNull().and(col("block").notEqual("")))
            .dropDuplicates(IdentityRecords.NODE, BLOCK_RULE);
    Dataset<Row> sizes = nonEmpty.groupBy(BLOCK_RULE, "block").agg(count(lit(1)).as("block_size"));
    // An oversized block is split on the sub-key: its records without one are left out.
    Dataset<Row> keyed =
        nonEmpty
            .join(sizes, new String[] {BLOCK_RULE, "block"})
            .select(
                col(IdentityRecords.NODE),
                col(BLOCK_RULE),
                when(col("block_size").leq(p.maxBlockSize()), col("block"))
                    .otherwise(functions.concat(col("block"), lit("\u0001"), col("sub")))
                    .as("block"))
            .where(col("block").isNotNull());
    Dataset<Row> subSizes = keyed.groupBy(BLOCK_RULE, "block").agg(count(lit(1)).as("sub_size"));
    Dataset<Row> usable =
        keyed
            .join(
                subSizes.where(col("sub_size").leq(p.maxBlockSize())),
                new String[] {BLOCK_RULE, "block"})
            .select(IdentityRecords.NODE, BLOCK_RULE, "block");
    Dataset<Row> oversized =
        sizes
            .where(col("block_size").gt(p.maxBlockSize()))
            .select(col(BLOCK_RULE), col("block_size"), lit("sub-blocked").as("outcome"))
            .unionByName(
                subSizes
                    .where(col("sub_size").gt(p.maxBlockSize()))
                    .select(
                        col(BLOCK_RULE),
                        col("sub_size").as("block_size"),
                        lit("skipped").as("outcome")));
    return new Blocking(usable, oversized);
  }

  /** Distinct (a, b, block_rule) with a < b: the pairs each rule generates. */
  static Dataset<Row> rulePairs(Dataset<Row> assignments) {
    Dataset<Row> a =
        assignments.select(col(BLOCK_RULE), col("block"), col(IdentityRecords.NODE).as("a"));
    Dataset<Row> b =
        assignments.select(col(BLOCK_RULE), col("block"), col(IdentityRecords.NODE).as("b"));
    return a.join(b, new String[] {BLOCK_RULE, "block"})
        .where(col("a").lt(col("b")))
        .select("a", "b", BLOCK_RULE)
        .distinct();
  }

  /**
   * Comparisons each blocking rule generates, before any pair is built: per rule the sum over its
   * (sub-)blocks of n (n - 1) / 2. One row per rule.
   */
  public static Dataset<Row> plan(Dataset<Row> records, Params p) {
    Blocking b = block(named(records), p);
    return b.assignments()
        .groupBy(BLOCK_RULE, "block")
        .agg(count(lit(1)).as("n"))
        .groupBy(BLOCK_RULE)
        .agg(
            functions
                .sum(col("n").multiply(col("n").minus(1)).divide(2))
                .cast("long")
                .as("comparisons"),
            count(lit(1)).as("blocks"),
            functions.max("n").as("largest_block"));
  }

  static Dataset<Row> pairWith(Dataset<Row> pairs, Dataset<Row> people) {
    Dataset<Row> left = prefixed(people, "l_");
    Dataset<Row> right = prefixed(people, "r_");
    return pairs
        .join(left, col("a").equalTo(col("l_" + IdentityRecords.NODE)))
        .join(right, col("b").equalTo(col("r_" + IdentityRecords.NODE)));
  }

  /** Whether a blocking expression reads the column (as a whole identifier). */
  static boolean reads(String blockingKey, String column) {
    return java.util.regex.Pattern.compile(
            "(?<![A-Za-z0-9_])" + java.util.regex.Pattern.quote(column) + "(?![A-Za-z0-9_])")
        .matcher(blockingKey)
        .find();
  }

  /**
   * Names similar and at least one agreeing attribute equal that the pair's blocking rule does not
   * read: agreement on the blocking attribute is how the pair was found, not evidence.
   */
  private static Column nameAnd(Params p) {
    Column agree = lit(false);
    for (String attr : p.agreeingAttributes()) {
      List<Integer> blockedOn = new ArrayList<>();
      for (int i = 0; i < p.blockingKeys().size(); i++) {
        if (reads(p.blockingKeys().get(i), attr)) {
          blockedOn.add(i);
        }
      }
      Column counts = col("l_" + attr).equalTo(col("r_" + attr));
      if (!blockedOn.isEmpty()) {
        counts = counts.and(not(col(BLOCK_RULE).isin(blockedOn.toArray())));
      }
      agree = agree.or(counts);
    }
    Column similar =
        jaroWinkler(
                col("l_" + IdentityRecords.FULL_NAME_NORM),
                col("r_" + IdentityRecords.FULL_NAME_NORM))
            .geq(p.nameThreshold());
    return similar.and(agree);
  }

  /** Sum over the comparisons of the weight of the first level that holds (else 0). */
  static Column score(Score s) {
    Column total = lit(0.0);
    for (Comparison c : s.comparisons()) {
      Column level = null;
      for (Level l : c.levels()) {
        level =
            level == null
                ? functions.when(expr(l.when()), l.weight())
                : level.when(expr(l.when()), l.weight());
      }
      if (level != null) {
        total = total.plus(level.otherwise(0.0));
      }
    }
    return total;
  }

  /** Registers {@value #JARO_WINKLER_SQL}(a, b) for score conditions (null when either is null). */
  static void registerJaroWinkler(org.apache.spark.sql.SparkSession spark) {
    UDF2<String, String, Double> f =
        (s, t) -> s == null || t == null ? null : new JaroWinklerSimilarity().apply(s, t);
    spark.udf().register(JARO_WINKLER_SQL, f, DataTypes.DoubleType);
  }

  static Dataset<Row> prefixedFor(Dataset<Row> df, String prefix) {
    return prefixed(df, prefix);
  }

  private static Dataset<Row> prefixed(Dataset<Row> df, String prefix) {
    Column[] cols =
        java.util.Arrays.stream(df.columns())
            .map(c -> col(c).as(prefix + c))
            .toArray(Column[]::new);
    return df.select(cols);
  }

  /** Jaro-Winkler similarity (commons-text) of two strings; 0 when either is null. */
  public static Column jaroWinkler(Column x, Column y) {
    UDF2<String, String, Double> f =
        (s, t) -> s == null || t == null ? 0.0 : new JaroWinklerSimilarity().apply(s, t);
    return functions.udf(f, DataTypes.DoubleType).apply(x, y);
  }
}
