package dev.clientele.io;

import java.util.Map;

/**
 * Comments of the columns shared by several tables (README "Contracts" and the brief's table
 * shapes). A table's own meaning of a column, when different, is in its {@link TableSpec}.
 */
final class ColumnDocs {
  private ColumnDocs() {}

  private static final Map<String, String> SHARED =
      Map.ofEntries(
          Map.entry("run_id", "Id of the run that wrote the row (audit; differs between re-runs)"),
          Map.entry("computed_at_ts", "When the row was computed (audit; differs between re-runs)"),
          Map.entry("snapshot_date", "As-of date of the snapshot: data up to the end of this day"),
          Map.entry("customer_id", "Deterministic unified customer id, stable from run to run"),
          Map.entry("source", "Source name from the configuration"),
          Map.entry("channel", "Sales channel of the source: online or offline"),
          Map.entry("customer_key", "Source-local customer key; null for anonymous sales"),
          Map.entry("order_id", "Order or receipt id (synthesised when the source has none)"),
          Map.entry("line_id", "Line id or line number within the order"),
          Map.entry("email", "E-mail address (PII)"),
          Map.entry("phone", "Phone number (PII)"),
          Map.entry("loyalty_id", "Loyalty card id (PII)"),
          Map.entry("event_ts", "When the purchase or event happened"),
          Map.entry("quantity", "Units; negative for returns"),
          Map.entry("unit_price", "Price per unit in currency"),
          Map.entry("amount", "Line amount in currency; negative for returns"),
          Map.entry("currency", "ISO 4217 currency code of amount"),
          Map.entry("amount_base", "Line amount in the base currency (clientele.base-currency)"),
          Map.entry("margin", "Line margin in the base currency when known"),
          Map.entry("store_id", "Store where the purchase happened"),
          Map.entry("product_id", "Product bought"),
          Map.entry("product_category", "Category of the product"),
          Map.entry("is_return", "True for a return or cancellation (netted in the metrics)"),
          Map.entry("is_anonymous", "True when the sale carries no customer key and no identifier"),
          Map.entry("ingest_file", "File the row was read from (lineage)"),
          Map.entry("ingest_ts", "When the row was ingested (lineage)"),
          Map.entry("first_name", "First name (PII)"),
          Map.entry("last_name", "Last name (PII)"),
          Map.entry("birth_date", "Date of birth (PII)"),
          Map.entry("gender", "Gender as given by the source"),
          Map.entry("address_line", "Street address (PII)"),
          Map.entry("postcode", "Postal code"),
          Map.entry("city", "City"),
          Map.entry("region", "Region or state"),
          Map.entry("country", "Country"),
          Map.entry("urban_rural", "Urban or rural area"),
          Map.entry("customer_type", "person or company"),
          Map.entry("relationship", "consumer, partner, supplier, internal or test"),
          Map.entry("consent_email", "Consent to e-mail marketing"),
          Map.entry("consent_sms", "Consent to SMS marketing"),
          Map.entry("satisfaction_score", "Satisfaction score (NPS scale 0-10)"),
          Map.entry("payment_incidents", "Number of payment incidents"),
          Map.entry("income_band", "Income band as given by the source"),
          Map.entry("is_marketable", "True when the customer may be contacted for marketing"),
          Map.entry("family", "Segmentation family (e.g. rfm, lifecycle, value, cluster)"),
          Map.entry("segment", "Segment name within the family"),
          Map.entry("customers", "Number of customers"),
          Map.entry("customer_share", "Share of all customers of the snapshot, 0..1"),
          Map.entry("previous_snapshot_date", "The previous published snapshot compared with"),
          Map.entry("from_segment", "Segment at the previous snapshot (null: not segmented then)"),
          Map.entry("to_segment", "Segment at this snapshot (null: no longer segmented)"),
          Map.entry("cluster", "Cluster number from the clustering model"),
          Map.entry("model", "Model name: bgnbd, pareto_nbd or gamma_gamma"));

  /** The shared comment of a column, with the generated persona feature columns; else null. */
  static String comment(String column) {
    String c = SHARED.get(column);
    if (c != null) {
      return c;
    }
    if (column.startsWith("mean_")) {
      return "Mean of feature " + column.substring(5) + " over the cluster's customers";
    }
    if (column.startsWith("median_")) {
      return "Median of feature " + column.substring(7) + " over the cluster's customers";
    }
    return null;
  }
}
