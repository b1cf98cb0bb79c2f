package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

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
 * The fuzzy rule: records in the same block (a configured SQL expression, e.g. postcode + surname
 * initial) are compared pairwise. Rule {@value #NAME_AND_ATTRIBUTE}: the full names have
 * Jaro-Winkler similarity >= threshold and at least one further attribute agrees. Rule {@value
 * #SCORE} (Fellegi-Sunter style): each comparison gives the weight of its first level whose
 * condition holds (0 when none does, so a missing value is neutral), and a pair matches when the
 * sum reaches the minimum score. Blocks above maxBlockSize are skipped, so the candidate pairs stay
 * at most records x maxBlockSize per blocking key: near-linear in the data.
 */
public final class FuzzyMatch {
  private FuzzyMatch() {}

  public static final String NAME_AND_ATTRIBUTE = "name-and-attribute";
  public static final String SCORE = "score";

  /** SQL function (string, string) -> Jaro-Winkler similarity, null when either side is null. */
  public static final String JARO_WINKLER_SQL = "jaro_winkler";

  /**
   * rule: {@link #NAME_AND_ATTRIBUTE} (nameThreshold, agreeingAttributes) or {@link #SCORE}
   * (score).
   */
  public record Params(
      List<String> blockingKeys,
      double nameThreshold,
      List<String> agreeingAttributes,
      long maxBlockSize,
      String rule,
      Score score) {
    /** The name-and-attribute rule. */
    public Params(
        List<String> blockingKeys,
        double nameThreshold,
        List<String> agreeingAttributes,
        long maxBlockSize) {
      this(blockingKeys, nameThreshold, agreeingAttributes, maxBlockSize, NAME_AND_ATTRIBUTE, null);
    }
  }

  /** A pair matches when the sum of its comparisons' weights is >= minScore. */
  public record Score(double minScore, List<Comparison> comparisons) {}

  /**
   * One compared attribute: the weight of the first level whose condition (Spark SQL over the
   * pair's columns l_&lt;column&gt; and r_&lt;column&gt;) is true; 0 when none is (null is not
   * true).
   */
  public record Comparison(String name, List<Level> levels) {}

  public record Level(String when, double weight) {}

  /** Match edges (src, dst, rule = 'fuzzy') and the candidate pairs and skipped blocks. */
  public record Result(
      Dataset<Row> edges, Dataset<Row> candidatePairs, Dataset<Row> skippedBlocks) {}

  public static Result match(Dataset<Row> records, Params p) {
    Dataset<Row> named =
        records.where(
            col(IdentityRecords.KIND)
                .equalTo("customer")
                .and(col(IdentityRecords.FULL_NAME_NORM).isNotNull()));
    Dataset<Row> people;
    if (SCORE.equals(p.rule())) {
      // Comparisons may use any record column.
      registerJaroWinkler(records.sparkSession());
      people = named.dropDuplicates(IdentityRecords.NODE);
    } else {
      List<Column> keep =
          new ArrayList<>(List.of(col(IdentityRecords.NODE), col(IdentityRecords.FULL_NAME_NORM)));
      p.agreeingAttributes().forEach(a -> keep.add(col(a)));
      people = named.select(keep.toArray(Column[]::new)).dropDuplicates(IdentityRecords.NODE);
    }
    Dataset<Row> blocked = null;
    for (int i = 0; i < p.blockingKeys().size(); i++) {
      // Blocking keys may use any record column, so they are computed before the projection.
      Dataset<Row> b =
          named.select(
              col(IdentityRecords.NODE),
              lit(i).as("block_rule"),
              expr(p.blockingKeys().get(i)).cast("string").as("block"));
      blocked = blocked == null ? b : blocked.unionByName(b);
    }
    if (blocked == null) {
      throw dev.clientele.Errors.config(
          "clientele.identity.fuzzy.blocking-keys is empty; add one or set fuzzy.enabled = false");
    }
    return pairs(people, blocked, p);
  }

  private static Result pairs(Dataset<Row> people, Dataset<Row> blocked, Params p) {
    Dataset<Row> nonEmpty = blocked.where(col("block").isNotNull().and(col("block").notEqual("")));
    Dataset<Row> sizes =
        nonEmpty.groupBy("block_rule", "block").agg(count(lit(1)).as("block_size"));
    Dataset<Row> skipped = sizes.where(col("block_size").gt(p.maxBlockSize()));
    Dataset<Row> usable =
        nonEmpty.join(
            sizes.where(col("block_size").leq(p.maxBlockSize())),
            new String[] {"block_rule", "block"});
    Dataset<Row> a =
        usable.select(col("block_rule"), col("block"), col(IdentityRecords.NODE).as("a"));
    Dataset<Row> b =
        usable.select(col("block_rule"), col("block"), col(IdentityRecords.NODE).as("b"));
    // Scored below and counted for the run summary: computed once.
    Dataset<Row> candidates =
        ConnectedComponents.cut(
            a.join(b, new String[] {"block_rule", "block"})
                .where(col("a").lt(col("b")))
                .select("a", "b")
                .distinct());
    Dataset<Row> left = prefixed(people, "l_");
    Dataset<Row> right = prefixed(people, "r_");
    Dataset<Row> scored =
        candidates
            .join(left, col("a").equalTo(col("l_" + IdentityRecords.NODE)))
            .join(right, col("b").equalTo(col("r_" + IdentityRecords.NODE)));
    Dataset<Row> edges =
        scored
            .where(SCORE.equals(p.rule()) ? score(p.score()).geq(p.score().minScore()) : nameAnd(p))
            .select(
                col("a").as(DeterministicMatch.SRC),
                col("b").as(DeterministicMatch.DST),
                lit("fuzzy").as(DeterministicMatch.RULE));
    return new Result(edges, candidates, skipped);
  }

  /** Names similar and at least one agreeing attribute equal. */
  private static Column nameAnd(Params p) {
    Column agree = lit(false);
    for (String attr : p.agreeingAttributes()) {
      agree = agree.or(col("l_" + attr).equalTo(col("r_" + attr)));
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
