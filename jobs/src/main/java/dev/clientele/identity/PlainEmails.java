package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import dev.clientele.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Each customer's e-mails as the customer files wrote them, trimmed and lower-cased, beside the
 * resolver's normalised form. Advertising platforms match on the address as given (their own rules,
 * not this resolver's provider-specific dot and +tag removal), so the sha256 audience hashes this
 * form of the profile's e-mail.
 */
public final class PlainEmails {
  private PlainEmails() {}

  /**
   * @param customers bronze_customers (source, customer_key, email)
   * @param identityMap customer_identity_map (source, customer_key, customer_id)
   * @return customer_id, email_norm, email_plain; one row per customer record with an e-mail
   */
  public static Dataset<Row> of(
      Dataset<Row> customers, Dataset<Row> identityMap, Normalise.EmailRules rules) {
    Dataset<Row> map =
        identityMap.select(
            IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as("m_node"),
            col(Cols.CUSTOMER_ID));
    return customers
        .where(col(Cols.EMAIL).isNotNull())
        .select(
            IdentityRecords.node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as("c_node"),
            lower(trim(col(Cols.EMAIL))).as("email_plain"),
            Normalise.email(col(Cols.EMAIL), rules).as("email_norm"))
        .join(map, col("c_node").equalTo(col("m_node")))
        .select(col(Cols.CUSTOMER_ID), col("email_norm"), col("email_plain"));
  }
}
