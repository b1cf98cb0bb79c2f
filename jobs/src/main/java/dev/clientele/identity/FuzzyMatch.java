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
 * initial) whose full names have Jaro-Winkler similarity >= threshold and that agree on at least
 * one further attribute. Blocks above maxBlockSize are skipped, so the candidate pairs stay at most
 * records x maxBlockSize per blocking key: near-linear in the data.
 */
public final class FuzzyMatch {
  private FuzzyMatch() {}

  public record Params(
      List<String> blockingKeys,
      double nameThreshold,
      List<String> agreeingAttributes,
      long maxBlockSize) {}

  /** Match edges (src, dst, rule = 'fuzzy') and the candidate pairs and skipped blocks. */
  public record Result(
      Dataset<Row> edges, Dataset<Row> candidatePairs, Dataset<Row> skippedBlocks) {}

  public static Result match(Dataset<Row> records, Params p) {
    List<String> attrs = p.agreeingAttributes();
    List<Column> keep =
        new ArrayList<>(List.of(col(IdentityRecords.NODE), col(IdentityRecords.FULL_NAME_NORM)));
    attrs.forEach(a -> keep.add(col(a)));
    Dataset<Row> named =
        records.where(
            col(IdentityRecords.KIND)
                .equalTo("customer")
                .and(col(IdentityRecords.FULL_NAME_NORM).isNotNull()));
    Dataset<Row> people =
        named.select(keep.toArray(Column[]::new)).dropDuplicates(IdentityRecords.NODE);
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
    Dataset<Row> candidates =
        a.join(b, new String[] {"block_rule", "block"})
            .where(col("a").lt(col("b")))
            .select("a", "b")
            .distinct();
    Dataset<Row> left = prefixed(people, "l_");
    Dataset<Row> right = prefixed(people, "r_");
    Dataset<Row> scored =
        candidates
            .join(left, col("a").equalTo(col("l_" + IdentityRecords.NODE)))
            .join(right, col("b").equalTo(col("r_" + IdentityRecords.NODE)));
    Column agree = lit(false);
    for (String attr : p.agreeingAttributes()) {
      agree = agree.or(col("l_" + attr).equalTo(col("r_" + attr)));
    }
    Column similar =
        jaroWinkler(
                col("l_" + IdentityRecords.FULL_NAME_NORM),
                col("r_" + IdentityRecords.FULL_NAME_NORM))
            .geq(p.nameThreshold());
    Dataset<Row> edges =
        scored
            .where(similar.and(agree))
            .select(
                col("a").as(DeterministicMatch.SRC),
                col("b").as(DeterministicMatch.DST),
                lit("fuzzy").as(DeterministicMatch.RULE));
    return new Result(edges, candidates, skipped);
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
