package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;

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
 * comparison's contribution in bits (a map comparison -> weight).
 */
final class MatchExplanations {
  private MatchExplanations() {}

  static Dataset<Row> of(Dataset<Row> kept) {
    List<String> comparisons =
        Arrays.stream(kept.columns()).filter(c -> c.startsWith("w_")).toList();
    List<Column> names = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    for (String c : comparisons) {
      names.add(lit(c.substring(2)));
      values.add(col(c));
    }
    return kept.select(
        col("a").as("record_a"),
        col("b").as("record_b"),
        col(IdentityModel.WEIGHT).as("match_weight_bits"),
        col(IdentityModel.PROBABILITY),
        map_from_arrays(
                functions.array(names.toArray(Column[]::new)),
                functions.array(values.toArray(Column[]::new)))
            .as("contributions_bits"));
  }
}
