package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The rows of {@code match_explanations}: per fuzzy match the model kept, the two records (graph
 * nodes "source|customer_key", no attribute value), the match weight and probability, and each
 * comparison's contribution in bits: an array of (comparison, bits) in the model's comparison
 * order. An array of structs, not a map: maps cannot be hashed, grouped or compared by set
 * operations, so a map column breaks order-independent digests and except/intersect audits.
 */
final class MatchExplanations {
  private MatchExplanations() {}

  static Dataset<Row> of(Dataset<Row> kept) {
    List<String> comparisons =
        Arrays.stream(kept.columns()).filter(c -> c.startsWith("w_")).toList();
    List<Column> contributions = new ArrayList<>();
    for (String c : comparisons) {
      contributions.add(
          struct(lit(c.substring(2)).as("comparison"), col(c).cast("double").as("bits")));
    }
    return kept.select(
        col("a").as("record_a"),
        col("b").as("record_b"),
        col(IdentityModel.WEIGHT).as("match_weight_bits"),
        col(IdentityModel.PROBABILITY),
        functions.array(contributions.toArray(Column[]::new)).as(Cols.CONTRIBUTIONS_BITS));
  }
}
