package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import dev.clientele.Errors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connected components of an undirected graph with DataFrames only, by alternating large-star and
 * small-star (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014), which
 * converges in O(log^2 n) rounds and keeps every round's edge set no larger than the input. The
 * component id is the smallest node id (string order) of the component. Lineage is cut by a
 * checkpoint after every round so the plan stays small; nothing is collected to the driver.
 */
public final class ConnectedComponents {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectedComponents.class);

  private ConnectedComponents() {}

  public static final String NODE = "node";
  public static final String COMPONENT = "component";

  /**
   * (node, component) for every node that appears in {@code edges(src, dst)}; isolated nodes are
   * the caller's (they are their own component).
   */
  public static Dataset<Row> of(Dataset<Row> edges, int maxIterations) {
    // Canonical form: a > b, no self loops, no duplicates.
    Dataset<Row> e =
        edges
            .select(greatest(col("src"), col("dst")).as("a"), least(col("src"), col("dst")).as("b"))
            .where(col("a").notEqual(col("b")))
            .distinct();
    e = cut(e);
    for (int round = 1; round <= maxIterations; round++) {
      e = cut(smallStar(largeStar(e)));
      if (converged(e)) {
        LOG.info("connected components converged after {} rounds", round);
        Dataset<Row> roots = e.select(col("b").as(NODE), col("b").as(COMPONENT)).distinct();
        return e.select(col("a").as(NODE), col("b").as(COMPONENT)).unionByName(roots);
      }
    }
    throw Errors.model(
        "connected components did not converge in "
            + maxIterations
            + " rounds; raise clientele.identity.max-iterations");
  }

  /** Every node links its larger neighbours to the smallest node of its closed neighbourhood. */
  static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> sym =
        e.select(col("a").as("u"), col("b").as("v"))
            .unionByName(e.select(col("b").as("u"), col("a").as("v")));
    Dataset<Row> m = sym.groupBy("u").agg(least(col("u"), min("v")).as("m"));
    return sym.where(col("v").gt(col("u")))
        .join(m, "u")
        .select(col("v").as("a"), col("m").as("b"))
        .distinct();
  }

  /** Every node links itself and its smaller neighbours to the smallest of them. */
  static Dataset<Row> smallStar(Dataset<Row> e) {
    Dataset<Row> m = e.groupBy("a").agg(min("b").as("m"));
    Dataset<Row> fromNeighbours =
        e.join(m, "a")
            .select(col("b").as("a"), col("m").as("b"))
            .where(col("a").notEqual(col("b")));
    Dataset<Row> self = m.select(col("a"), col("m").as("b"));
    return fromNeighbours.unionByName(self).distinct();
  }

  /**
   * Done when the edges form stars: no node has two parents and no parent has a parent. One Spark
   * action: the union of both kinds of violation is empty.
   */
  static boolean converged(Dataset<Row> e) {
    Dataset<Row> twoParents =
        e.groupBy("a").agg(count(lit(1)).as("n")).where(col("n").gt(1)).select("a");
    Dataset<Row> parentWithParent =
        e.join(e.select(col("a").as("child")), col("b").equalTo(col("child")), "left_semi")
            .select("a");
    return twoParents.unionByName(parentWithParent).isEmpty();
  }

  /**
   * Cuts lineage: a reliable checkpoint when a checkpoint directory is set (the job sets {@code
   * <warehouse>/_checkpoints}), else a local checkpoint (tests, single-JVM runs).
   */
  static Dataset<Row> cut(Dataset<Row> e) {
    boolean reliable = e.sparkSession().sparkContext().getCheckpointDir().isDefined();
    return reliable ? e.checkpoint(true) : e.localCheckpoint(true);
  }
}
