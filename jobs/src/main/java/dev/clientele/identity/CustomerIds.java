package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import dev.clientele.schema.Cols;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Stable customer ids. A cluster without history gets "C" + 16 hex of SHA-256 of its smallest
 * member node ("source|customer_key"). With a previous identity map: each previous id goes to the
 * cluster holding its oldest member (by first_seen_date, then node); a cluster keeps the oldest (by
 * the id's first_seen_date, then id) of the previous ids it won. Ids a cluster holds but does not
 * keep are recorded: 'merge' when the cluster won the id (two customers became one), 'split' when
 * another cluster won it (the customer fell apart).
 */
public final class CustomerIds {
  private CustomerIds() {}

  public static final String FIRST_SEEN_DATE = "first_seen_date";
  public static final String LAST_SEEN_DATE = "last_seen_date";

  /** The new identity map (node + map columns) and the id changes of this run. */
  public record Result(Dataset<Row> map, Dataset<Row> history) {}

  /**
   * @param nodes (node, source, customer_key, cluster, match_rule, first_seen_date, last_seen_date)
   * @param previous the previous customer_identity_map, or null on the first run
   */
  public static Result assign(Dataset<Row> nodes, Dataset<Row> previous, LocalDate changeDate) {
    Dataset<Row> prev =
        previous == null
            ? emptyPrevious(nodes)
            : previous.select(
                IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as("p_node"),
                col(Cols.CUSTOMER_ID).as("old_id"),
                col(FIRST_SEEN_DATE).as("p_first"),
                col(LAST_SEEN_DATE).as("p_last"));
    Dataset<Row> joined = nodes.join(prev, col("node").equalTo(col("p_node")), "left");
    Dataset<Row> holdings =
        joined
            .where(col("old_id").isNotNull())
            .groupBy(Resolution.CLUSTER, "old_id")
            .agg(min(struct(col("p_first"), col("node"))).as("oldest"));
    Dataset<Row> won =
        holdings
            .withColumn(
                "rank",
                row_number()
                    .over(
                        Window.partitionBy("old_id")
                            .orderBy(col("oldest"), col(Resolution.CLUSTER))))
            .withColumn("won", col("rank").equalTo(1))
            .drop("rank");
    Dataset<Row> idAge = prev.groupBy("old_id").agg(min("p_first").as("id_first"));
    Dataset<Row> kept =
        won.where(col("won"))
            .join(idAge, "old_id")
            .groupBy(Resolution.CLUSTER)
            .agg(min(struct(col("id_first"), col("old_id"))).getField("old_id").as("kept_id"));
    Dataset<Row> ids = clusterIds(nodes, kept, idAge);
    Dataset<Row> map =
        joined
            .join(ids, Resolution.CLUSTER)
            .select(
                col("node"),
                col(Cols.SOURCE),
                col(Cols.CUSTOMER_KEY),
                col(Cols.CUSTOMER_ID),
                col(Resolution.MATCH_RULE),
                coalesce(
                        least(col("p_first"), col(FIRST_SEEN_DATE)),
                        lit(java.sql.Date.valueOf(changeDate)))
                    .as(FIRST_SEEN_DATE),
                coalesce(
                        greatest(col("p_last"), col(LAST_SEEN_DATE)),
                        col("p_first"),
                        col(FIRST_SEEN_DATE),
                        lit(java.sql.Date.valueOf(changeDate)))
                    .as(LAST_SEEN_DATE));
    Dataset<Row> history =
        won.join(ids, Resolution.CLUSTER)
            .where(col("old_id").notEqual(col(Cols.CUSTOMER_ID)))
            .select(
                col("old_id").as("old_customer_id"),
                col(Cols.CUSTOMER_ID).as("new_customer_id"),
                when(col("won"), lit("merge")).otherwise(lit("split")).as("reason"),
                lit(java.sql.Date.valueOf(changeDate)).as("change_date"));
    return new Result(map, history);
  }

  /**
   * (cluster, customer_id): the kept previous id, else a fresh id not used by a previous customer.
   */
  private static Dataset<Row> clusterIds(
      Dataset<Row> nodes, Dataset<Row> kept, Dataset<Row> idAge) {
    Column fresh = freshId(col(Resolution.CLUSTER));
    Dataset<Row> used = idAge.select(col("old_id").as("used_id"), lit(true).as("is_used"));
    return nodes
        .select(Resolution.CLUSTER)
        .distinct()
        .join(kept, new String[] {Resolution.CLUSTER}, "left")
        .withColumn("fresh", fresh)
        .join(used, col("fresh").equalTo(col("used_id")), "left")
        // The fresh id of a split-off part can equal the id its old cluster kept: salt it.
        .select(
            col(Resolution.CLUSTER),
            coalesce(
                    col("kept_id"),
                    when(col("is_used"), freshId(concat(lit("split:"), col(Resolution.CLUSTER))))
                        .otherwise(col("fresh")))
                .as(Cols.CUSTOMER_ID));
  }

  /**
   * The id changes not in {@code recorded} (the customer_id_history table, null when absent) yet,
   * by (old id, new id, reason, change date): a retried run does not record them twice.
   */
  public static Dataset<Row> notRecorded(Dataset<Row> history, Dataset<Row> recorded) {
    if (recorded == null) {
      return history;
    }
    String[] key = {"old_customer_id", "new_customer_id", "reason", "change_date"};
    return history.join(
        recorded.select(key[0], key[1], key[2], key[3]).distinct(),
        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(key)).toSeq(),
        "left_anti");
  }

  /** "C" + the first 16 hex characters of SHA-256 of the key. */
  public static Column freshId(Column key) {
    return concat(lit("C"), substring(sha2(key, 256), 1, 16));
  }

  private static Dataset<Row> emptyPrevious(Dataset<Row> nodes) {
    return nodes
        .sparkSession()
        .emptyDataFrame()
        .select(
            lit(null).cast("string").as("p_node"),
            lit(null).cast("string").as("old_id"),
            lit(null).cast("date").as("p_first"),
            lit(null).cast("date").as("p_last"));
  }
}
