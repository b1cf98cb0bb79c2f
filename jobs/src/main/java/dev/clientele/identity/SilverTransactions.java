package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;

import dev.clientele.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
}
