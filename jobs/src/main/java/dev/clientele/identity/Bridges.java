package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components chain two people through one weak link. A component above max-cluster-size,
 * or holding a fuzzy link below the bridge probability, is re-examined: its fuzzy links are dropped
 * weakest first, in rounds of rising probability, until every piece is at most max-cluster-size and
 * held by links at or above the bridge probability. Deterministic links are never dropped here: a
 * piece still too large with fuzzy links gone is left to the suspicious-cluster guard.
 */
final class Bridges {
  private Bridges() {}

  /** Probability rounds after the bridge probability; 2 = every fuzzy link dropped. */
  private static final double[] ROUNDS = {0.99, 0.999, 0.9999, 0.99999, 2.0};

  /**
   * components: (node, component); edges: (src, dst, rule); explanations: the kept fuzzy pairs (a,
   * b, match_probability). Returns (node, component) with re-examined components re-labelled.
   */
  static Dataset<Row> reexamine(
      Dataset<Row> components, Dataset<Row> edges, Dataset<Row> explanations, Resolution.Params p) {
    FuzzyMatch.ModelInput mi = p.fuzzy().model();
    long max = p.maxClusterSize();
    // Every link with its probability (deterministic links: 1 and never dropped).
    Dataset<Row> links =
        edges
            .join(
                explanations.select(
                    col("a").as("_a"), col("b").as("_b"), col(IdentityModel.PROBABILITY)),
                col(DeterministicMatch.SRC)
                    .equalTo(col("_a"))
                    .and(col(DeterministicMatch.DST).equalTo(col("_b")))
                    .and(col(DeterministicMatch.RULE).equalTo("fuzzy")),
                "left")
            .select(
                col(DeterministicMatch.SRC),
                col(DeterministicMatch.DST),
                col(DeterministicMatch.RULE),
                coalesce(col(IdentityModel.PROBABILITY), lit(1.0)).as("p"));
    Dataset<Row> labelled =
        links.join(components, col(DeterministicMatch.SRC).equalTo(col(ConnectedComponents.NODE)));
    Dataset<Row> sizes =
        components.groupBy(ConnectedComponents.COMPONENT).agg(count(lit(1)).as("size"));
    Dataset<Row> weak =
        labelled
            .where(
                col(DeterministicMatch.RULE)
                    .equalTo("fuzzy")
                    .and(col("p").lt(mi.bridgeProbability())))
            .select(ConnectedComponents.COMPONENT)
            .distinct();
    Dataset<Row> pending =
        ConnectedComponents.cut(
            sizes
                .where(col("size").gt(max))
                .select(ConnectedComponents.COMPONENT)
                .unionByName(weak)
                .distinct());
    // A handful of components in practice; the rounds below touch only their links.
    if (pending.isEmpty()) {
      return components;
    }
    Dataset<Row> nodes =
        components.join(pending, ConnectedComponents.COMPONENT).select(ConnectedComponents.NODE);
    Dataset<Row> inside =
        labelled
            .join(pending, ConnectedComponents.COMPONENT)
            .select(DeterministicMatch.SRC, DeterministicMatch.DST, DeterministicMatch.RULE, "p");
    List<Dataset<Row>> settled = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>(List.of(mi.bridgeProbability()));
    for (double r : ROUNDS) {
      if (r > mi.bridgeProbability()) {
        thresholds.add(r);
      }
    }
    Dataset<Row> last = null;
    for (double t : thresholds) {
      Dataset<Row> kept =
          inside.where(col(DeterministicMatch.RULE).notEqual("fuzzy").or(col("p").geq(t)));
      Dataset<Row> pieces =
          nodes
              .join(
                  ConnectedComponents.of(kept, p.maxIterations()),
                  new String[] {ConnectedComponents.NODE},
                  "left")
              .select(
                  col(ConnectedComponents.NODE),
                  coalesce(col(ConnectedComponents.COMPONENT), col(ConnectedComponents.NODE))
                      .as(ConnectedComponents.COMPONENT));
      pieces = ConnectedComponents.cut(pieces);
      last = pieces;
      Dataset<Row> big =
          pieces
              .groupBy(ConnectedComponents.COMPONENT)
              .agg(count(lit(1)).as("size"))
              .where(col("size").gt(max));
      Dataset<Row> fits =
          pieces.join(big, new String[] {ConnectedComponents.COMPONENT}, "left_anti");
      settled.add(fits);
      nodes =
          ConnectedComponents.cut(
              pieces.join(big, ConnectedComponents.COMPONENT).select(ConnectedComponents.NODE));
      if (nodes.isEmpty()) {
        break;
      }
      inside =
          inside.join(
              nodes,
              col(DeterministicMatch.SRC).equalTo(col(ConnectedComponents.NODE)),
              "left_semi");
    }
    // Still too large with every fuzzy link gone: kept whole for the suspicious-cluster guard.
    Dataset<Row> rest =
        last.join(nodes, ConnectedComponents.NODE)
            .select(ConnectedComponents.NODE, ConnectedComponents.COMPONENT);
    Dataset<Row> out = rest;
    for (Dataset<Row> s : settled) {
      out = out.unionByName(s);
    }
    Dataset<Row> untouched =
        components
            .join(pending, new String[] {ConnectedComponents.COMPONENT}, "left_anti")
            .select(ConnectedComponents.NODE, ConnectedComponents.COMPONENT);
    return ConnectedComponents.cut(untouched.unionByName(out));
  }
}
