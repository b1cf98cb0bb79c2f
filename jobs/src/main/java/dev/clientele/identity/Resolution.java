package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Match rules -> graph -> connected components -> cluster-size guard. Clusters above {@code
 * maxClusterSize} are reported as suspicious and split back into single records: a giant cluster is
 * far more often a placeholder identifier or a bad blocking key than one person, and leaving the
 * records apart is the reversible choice (an analyst can block the culprit and re-run).
 */
public final class Resolution {
  private Resolution() {}

  public record Params(
      DeterministicMatch.Params deterministic,
      FuzzyMatch.Params fuzzy,
      boolean fuzzyEnabled,
      long maxClusterSize,
      int maxIterations) {
    public Params withFuzzy(FuzzyMatch.Params f) {
      return new Params(deterministic, f, fuzzyEnabled, maxClusterSize, maxIterations);
    }
  }

  /**
   * nodes: (node, cluster, match_rule); suspicious: (cluster, cluster_size, rules); the matches'
   * by-products for the run summary.
   */
  public record Result(
      Dataset<Row> nodes,
      Dataset<Row> suspicious,
      Dataset<Row> ignoredIdentifiers,
      Dataset<Row> candidatePairs,
      Dataset<Row> oversizedBlocks,
      Dataset<Row> explanations) {}

  public static final String CLUSTER = "cluster";
  public static final String MATCH_RULE = "match_rule";

  public static Result resolve(Dataset<Row> records, Params p) {
    DeterministicMatch.Result det = DeterministicMatch.match(records, p.deterministic());
    Dataset<Row> edges = det.edges();
    Dataset<Row> candidates = null;
    Dataset<Row> skipped = null;
    Dataset<Row> explanations = null;
    if (p.fuzzyEnabled()) {
      FuzzyMatch.Result fuzzy = FuzzyMatch.match(records, p.fuzzy());
      edges = edges.unionByName(fuzzy.edges());
      candidates = fuzzy.candidatePairs();
      skipped = fuzzy.oversizedBlocks();
      explanations = fuzzy.explanations();
    }
    // Matching (blocking joins, comparisons) is the expensive part of resolution and its edges are
    // read three times below: computed once.
    edges = ConnectedComponents.cut(edges);
    Dataset<Row> components = ConnectedComponents.of(edges, p.maxIterations());
    if (explanations != null) {
      components = Bridges.reexamine(components, edges, explanations, p);
    }
    Dataset<Row> nodes =
        records
            .select(IdentityRecords.NODE)
            .distinct()
            .join(components, new String[] {ConnectedComponents.NODE}, "left")
            .select(
                col(IdentityRecords.NODE),
                coalesce(col(ConnectedComponents.COMPONENT), col(IdentityRecords.NODE))
                    .as("component"));
    Dataset<Row> rulesByComponent =
        edges
            .join(components, col(DeterministicMatch.SRC).equalTo(col(ConnectedComponents.NODE)))
            .groupBy(ConnectedComponents.COMPONENT)
            .agg(sort_array(collect_set(DeterministicMatch.RULE)).as("rules"));
    Dataset<Row> sizes = nodes.groupBy("component").agg(count(lit(1)).as("cluster_size"));
    Dataset<Row> suspicious =
        sizes
            .where(col("cluster_size").gt(p.maxClusterSize()))
            .join(rulesByComponent, ConnectedComponents.COMPONENT)
            .select(col("component").as(CLUSTER), col("cluster_size"), col("rules"));
    return new Result(
        assign(nodes, edges, suspicious),
        suspicious,
        det.ignored(),
        candidates,
        skipped,
        explanations);
  }

  /**
   * Final cluster per node (suspicious ones split to single records) and the rules that linked it.
   */
  private static Dataset<Row> assign(
      Dataset<Row> nodes, Dataset<Row> edges, Dataset<Row> suspicious) {
    Dataset<Row> touching =
        edges
            .select(col(DeterministicMatch.SRC).as("n"), col(DeterministicMatch.RULE))
            .unionByName(
                edges.select(col(DeterministicMatch.DST).as("n"), col(DeterministicMatch.RULE)))
            .groupBy("n")
            .agg(concat_ws(",", sort_array(collect_set(DeterministicMatch.RULE))).as("rules"));
    return nodes
        .join(
            suspicious.select(col(CLUSTER), lit(true).as("is_suspicious")),
            col("component").equalTo(col(CLUSTER)),
            "left")
        .join(touching, col(IdentityRecords.NODE).equalTo(col("n")), "left")
        .select(
            col(IdentityRecords.NODE),
            when(col("is_suspicious"), col(IdentityRecords.NODE))
                .otherwise(col("component"))
                .as(CLUSTER),
            when(col("is_suspicious"), lit("split:suspicious"))
                .otherwise(coalesce(col("rules"), lit("single")))
                .as(MATCH_RULE));
  }
}
