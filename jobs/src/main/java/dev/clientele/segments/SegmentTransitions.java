package dev.clientele.segments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Moves between two snapshots of customer_segments, per family. Previous ids are first mapped
 * through customer_id_history so a merge does not look like one customer leaving and another
 * arriving. Exclusive families pair each customer's old and new segment; overlapping families
 * compare memberships (a segment left is "x -> (none)", one joined "(none) -> x").
 */
public final class SegmentTransitions {
  public static final String NONE = "(none)";

  /** Chains of merges longer than this many hops between two snapshots are not followed. */
  static final int MAX_HOPS = 3;

  private SegmentTransitions() {}

  /**
   * Every (family, customer_id, from_segment, to_segment), stays included.
   *
   * @param previous and {@code current}: customer_id, family, segment
   * @param history old_customer_id, new_customer_id; may be null
   * @param exclusive the families with one segment per customer
   */
  public static Dataset<Row> pairs(
      Dataset<Row> previous, Dataset<Row> current, Dataset<Row> history, Set<String> exclusive) {
    Dataset<Row> prev = mapIds(previous.select(Cols.CUSTOMER_ID, "family", "segment"), history);
    Dataset<Row> cur = current.select(Cols.CUSTOMER_ID, "family", "segment").distinct();
    Column isExclusive = col("family").isin(exclusive.toArray());
    // A merge can give an exclusive family two old segments: the survivor's own (unmapped) wins.
    Dataset<Row> prevOne =
        prev.where(isExclusive)
            .groupBy(Cols.CUSTOMER_ID, "family")
            .agg(min(struct(col("mapped"), col("segment"))).getField("segment").as("from_segment"));
    Dataset<Row> curOne = cur.where(isExclusive).withColumnRenamed("segment", "to_segment");
    Dataset<Row> excl =
        prevOne.join(curOne, new String[] {Cols.CUSTOMER_ID, "family"}, "full_outer");
    Dataset<Row> prevMember =
        prev.where(isExclusive.unary_$bang())
            .select(
                col(Cols.CUSTOMER_ID),
                col("family"),
                col("segment"),
                col("segment").as("from_segment"))
            .distinct();
    Dataset<Row> curMember =
        cur.where(isExclusive.unary_$bang()).withColumn("to_segment", col("segment"));
    Dataset<Row> over =
        prevMember
            .join(curMember, new String[] {Cols.CUSTOMER_ID, "family", "segment"}, "full_outer")
            .drop("segment");
    Column[] out = {
      col("family"),
      col(Cols.CUSTOMER_ID),
      coalesce(col("from_segment"), lit(NONE)).as("from_segment"),
      coalesce(col("to_segment"), lit(NONE)).as("to_segment")
    };
    return excl.select(out).unionByName(over.select(out));
  }

  /** family, from_segment, to_segment, customers (stays included, for flow diagrams). */
  public static Dataset<Row> transitions(Dataset<Row> pairs) {
    return pairs.groupBy("family", "from_segment", "to_segment").agg(count(lit(1)).as("customers"));
  }

  /** family, customer_id, from_segment, to_segment of the customers whose segment changed. */
  public static Dataset<Row> changes(Dataset<Row> pairs) {
    return pairs.where(col("from_segment").notEqual(col("to_segment")));
  }

  /** Rewrites old ids to their successors (up to {@link #MAX_HOPS} merges); adds "mapped" 0/1. */
  static Dataset<Row> mapIds(Dataset<Row> previous, Dataset<Row> history) {
    Dataset<Row> rows = previous.withColumn("mapped", lit(0));
    if (history == null) {
      return rows.distinct();
    }
    Dataset<Row> moves =
        history
            .select(col("old_customer_id").as("old_id"), col("new_customer_id").as("new_id"))
            .where(col("old_id").notEqual(col("new_id")))
            .distinct();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      rows =
          rows.join(moves, col(Cols.CUSTOMER_ID).equalTo(col("old_id")), "left")
              .select(
                  coalesce(col("new_id"), col(Cols.CUSTOMER_ID)).as(Cols.CUSTOMER_ID),
                  col("family"),
                  col("segment"),
                  greatest(col("mapped"), when(col("new_id").isNotNull(), 1).otherwise(0))
                      .as("mapped"));
    }
    return rows.distinct();
  }
}
