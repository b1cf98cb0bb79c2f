package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.schema.Cols;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The silver transactions: bronze lines without raw identifiers, with the resolved customer_id. */
public final class SilverTransactions {
  private SilverTransactions() {}

  /**
   * @param keyedTx bronze_transactions after {@link IdentityRecords#keyTransactions}
   * @param map the identity map (node, customer_id, ...)
   */
  public static Dataset<Row> of(Dataset<Row> keyedTx, Dataset<Row> map) {
    Dataset<Row> ids = map.select(col(IdentityRecords.NODE).as("m_node"), col(Cols.CUSTOMER_ID));
    Dataset<Row> joined =
        keyedTx
            .withColumn(
                "t_node",
                IdentityRecords.node(
                    col(IdentityRecords.KEY_SOURCE), col(IdentityRecords.RECORD_KEY)))
            .join(ids, col("t_node").equalTo(col("m_node")), "left")
            // A sale is anonymous exactly when it resolves to no customer.
            .withColumn(Cols.IS_ANONYMOUS, col(Cols.CUSTOMER_ID).isNull());
    return joined.drop(
        Cols.EMAIL,
        Cols.PHONE,
        Cols.LOYALTY_ID,
        IdentityRecords.EMAIL_NORM,
        IdentityRecords.PHONE_NORM,
        IdentityRecords.LOYALTY_NORM,
        IdentityRecords.EMAIL_RAW,
        IdentityRecords.PHONE_RAW,
        IdentityRecords.LOYALTY_RAW,
        IdentityRecords.RECORD_KEY,
        "t_node",
        "m_node",
        IdentityRecords.KEY_SOURCE);
  }

  /** The column of {@link #changedNodes}: the graph node of an identity record. */
  static final String CHANGED_NODE = "changed_node";

  /**
   * The identity records whose customer_id differs between two identity maps (source, customer_key,
   * customer_id, ...): merged, split, newly resolved (absent from {@code previous}) or gone (absent
   * from {@code current}); ids compared null-safely.
   */
  public static Dataset<Row> changedNodes(Dataset<Row> previous, Dataset<Row> current) {
    Dataset<Row> p =
        previous.select(
            IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as("p_node"),
            col(Cols.CUSTOMER_ID).as("p_id"));
    Dataset<Row> c =
        current.select(
            IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as("c_node"),
            col(Cols.CUSTOMER_ID).as("c_id"));
    return p.join(c, col("p_node").equalTo(col("c_node")), "full_outer")
        .where(functions.not(col("p_id").eqNullSafe(col("c_id"))))
        .select(functions.coalesce(col("c_node"), col("p_node")).as(CHANGED_NODE));
  }

  /**
   * The keyed bronze lines a MERGE of silver must (re)write: those ingested after {@code
   * ingestedAfter} (null: every line) and those of the records in {@code changedNodes}, whose
   * customer_id moved.
   */
  public static Dataset<Row> linesToWrite(
      Dataset<Row> keyedTx, Dataset<Row> changedNodes, Object ingestedAfter) {
    Column node =
        IdentityRecords.node(col(IdentityRecords.KEY_SOURCE), col(IdentityRecords.RECORD_KEY));
    Column isNew = ingestedAfter == null ? lit(true) : col(Cols.INGEST_TS).gt(lit(ingestedAfter));
    Dataset<Row> flagged = changedNodes.withColumn("_rekey", lit(true));
    return keyedTx
        .withColumn("_line_node", node)
        .join(flagged, col("_line_node").equalTo(col(CHANGED_NODE)), "left")
        .where(isNew.or(col("_rekey").isNotNull()))
        .drop("_line_node", CHANGED_NODE, "_rekey");
  }
}
