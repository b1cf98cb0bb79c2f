package dev.clientele.io;

import static dev.clientele.io.TableSpec.Kind.APPEND;
import static dev.clientele.io.TableSpec.Kind.CURRENT_STATE;
import static dev.clientele.io.TableSpec.Kind.SNAPSHOT;
import static dev.clientele.io.TableSpec.Layer.BRONZE;
import static dev.clientele.io.TableSpec.Layer.GOLD;
import static dev.clientele.io.TableSpec.Layer.OPS;
import static dev.clientele.io.TableSpec.Layer.SILVER;

import dev.clientele.io.TableSpec.Kind;
import dev.clientele.io.TableSpec.Layer;
import dev.clientele.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table catalogue of README.md as data: one {@link TableSpec} per table the job writes. */
final class TableSpecs {
  private TableSpecs() {}

  static final Map<String, TableSpec> ALL = build();

  /** The tables with raw personal data (README "Privacy"): quarantine keeps raw rows as text. */
  static final java.util.Set<String> PERSONAL_DATA =
      java.util.Set.of(
          Tables.BRONZE_CUSTOMERS,
          Tables.BRONZE_TRANSACTIONS,
          Tables.UNIFIED_PROFILES,
          Tables.QUARANTINE);

  private static Map<String, TableSpec> build() {
    Map<String, TableSpec> m = new LinkedHashMap<>();
    bronze(m);
    silver(m);
    gold(m);
    segments(m);
    ops(m);
    return Map.copyOf(m);
  }

  private static void add(
      Map<String, TableSpec> m,
      String name,
      Layer layer,
      Kind kind,
      String keys,
      String parts,
      String comment,
      String... columnComments) {
    Map<String, String> cols = new LinkedHashMap<>();
    for (int i = 0; i < columnComments.length; i += 2) {
      cols.put(columnComments[i], columnComments[i + 1]);
    }
    m.put(
        name, new TableSpec(name, layer, kind, list(keys), list(parts), comment, Map.copyOf(cols)));
  }

  private static List<String> list(String csv) {
    return csv.isEmpty() ? List.of() : List.of(csv.split(","));
  }

  private static void bronze(Map<String, TableSpec> m) {
    add(
        m,
        Tables.BRONZE_TRANSACTIONS,
        BRONZE,
        APPEND,
        "source,order_id,line_id",
        "source",
        "Order lines of every source in the canonical model, as ingested (PII: e-mail, phone)");
    add(
        m,
        Tables.BRONZE_CUSTOMERS,
        BRONZE,
        APPEND,
        "source,customer_key",
        "source",
        "Customer records of every source in the canonical model (PII table)",
        "created_ts",
        "When the source created the record",
        "updated_ts",
        "When the source last updated the record");
    add(
        m,
        Tables.BRONZE_EVENTS,
        BRONZE,
        APPEND,
        "source,customer_key,event_ts",
        "source",
        "Page views and app sessions of every source",
        "device_id",
        "Device or cookie id",
        "page_category",
        "Category of the page viewed");
    add(
        m,
        Tables.QUARANTINE,
        BRONZE,
        APPEND,
        "",
        "",
        "Rows rejected by ingest validation with the reason (PII: raw_row)",
        "reason",
        "Rejection reason code",
        "detail",
        "Human-readable detail of the rejection",
        "raw_row",
        "The rejected row as text (PII)");
    add(
        m,
        Tables.DATA_QUALITY_ISSUES,
        BRONZE,
        APPEND,
        "source,customer_key,column_name",
        "source",
        "Optional customer attributes that did not parse and were set to null; the record was kept"
            + " (no raw value)",
        "column_name",
        "The canonical column whose value was dropped",
        "reason",
        "Why (impossible_date, unparseable_<column>, not_a_number)");
    add(
        m,
        Tables.INGESTED_FILES,
        BRONZE,
        APPEND,
        "source,ingest_file",
        "",
        "Files already ingested, so re-runs do not read a file twice",
        "source_schema",
        "The source's columns and types (DDL) when the file was read: the reference for type drift");
  }

  private static void silver(Map<String, TableSpec> m) {
    add(
        m,
        Tables.CUSTOMER_IDENTITY_MAP,
        SILVER,
        CURRENT_STATE,
        "source,customer_key",
        "",
        "Source customer key to unified customer_id (identity resolution), updated with MERGE");
    add(
        m,
        Tables.CUSTOMER_ID_HISTORY,
        SILVER,
        APPEND,
        "old_customer_id,new_customer_id,run_id",
        "",
        "Customer ids replaced by a merge of customers, so changes are not read as churn",
        "old_customer_id",
        "The customer id that was replaced",
        "new_customer_id",
        "The customer id that replaces it");
    add(
        m,
        Tables.UNIFIED_PROFILES,
        SILVER,
        CURRENT_STATE,
        "customer_id",
        "",
        "One golden profile per unified customer (PII), updated with MERGE",
        "email_hash",
        "Keyed HMAC-SHA-256 of the normalised e-mail",
        "phone_hash",
        "Keyed HMAC-SHA-256 of the normalised phone",
        "age_band",
        "Age band at the run: 18-24, 25-34, 35-44, 45-54, 55-64, 65+ or null",
        "channels",
        "Channels the customer bought through: online, offline or omnichannel",
        "first_seen_date",
        "First date the customer appears in any source",
        "last_seen_date",
        "Last date the customer appears in any source",
        "source_record_count",
        "Number of source records merged into this customer");
    add(
        m,
        Tables.SUSPICIOUS_CLUSTERS,
        SILVER,
        CURRENT_STATE,
        "cluster",
        "",
        "Identity clusters larger than identity.max-cluster-size, split back to their records");
    add(
        m,
        Tables.MATCH_EXPLANATIONS,
        SILVER,
        CURRENT_STATE,
        "record_a,record_b",
        "",
        "Per fuzzy match the identity model kept: match weight and each comparison's contribution",
        "record_a",
        "Graph node source|customer_key of one record",
        "record_b",
        "Graph node source|customer_key of the other record",
        "match_weight_bits",
        "Prior plus the comparisons' weights, in bits",
        "match_probability",
        "Posterior match probability",
        "contributions_bits",
        "Comparison -> weight in bits (0: a value missing)");
    add(
        m,
        Tables.TRANSACTIONS,
        SILVER,
        CURRENT_STATE,
        "source,order_id,line_id",
        "source",
        "Order lines with the unified customer_id and without raw e-mail or phone",
        "customer_id",
        "Unified customer id; null only for anonymous sales");
  }

  private static void gold(Map<String, TableSpec> m) {
    add(
        m,
        Tables.CUSTOMER_METRICS,
        GOLD,
        SNAPSHOT,
        "snapshot_date,customer_id",
        "snapshot_date",
        "Per customer and snapshot: RFM, Pareto/ABC, lifecycle and level metrics",
        "recency_days",
        "Days from the last purchase to the snapshot date (0 = bought that day)",
        "order_count",
        "Number of orders up to the snapshot",
        "purchase_days",
        "Number of distinct days with a purchase",
        "monetary_net",
        "Net revenue after returns in the base currency",
        "avg_order_value",
        "monetary_net / order_count",
        "first_purchase_date",
        "Date of the first purchase",
        "last_purchase_date",
        "Date of the last purchase",
        "r_score",
        "Recency score, 1 (oldest) .. rfm.score-bins (most recent)",
        "f_score",
        "Frequency score, 1 .. rfm.score-bins",
        "m_score",
        "Monetary score, 1 .. rfm.score-bins",
        "rfm_segment",
        "RFM segment from the configured rules (first match wins)",
        "cum_revenue_share",
        "Cumulative revenue share of customers ranked by revenue, 0..1",
        "abc_class",
        "Pareto class by revenue: A, B or C",
        "abc_class_margin",
        "Pareto class by margin: A, B or C",
        "lifecycle_status",
        "prospect, new, active, loyal, at_risk or lost",
        "value_level",
        "Value level of the customer",
        "volume_level",
        "Volume level of the customer",
        "loyalty_level",
        "Loyalty level of the customer",
        "risk_level",
        "Churn risk level: high, medium or low");
    add(
        m,
        Tables.PARETO_CURVE,
        GOLD,
        SNAPSHOT,
        "snapshot_date,customer_share_pct",
        "snapshot_date",
        "Pareto (Lorenz) curve: revenue share of the top customers, per percent of customers",
        "customer_share_pct",
        "Top share of customers by revenue, percent 0..100",
        "revenue_share",
        "Share of revenue made by those customers, 0..1");
    add(
        m,
        Tables.CUSTOMER_CLV,
        GOLD,
        SNAPSHOT,
        "snapshot_date,customer_id",
        "snapshot_date",
        "Per customer and snapshot: BG/NBD and Gamma-Gamma customer lifetime value",
        "btyd_x",
        "Repeat purchase count (BTYD frequency x)",
        "btyd_t_x",
        "Time of the last purchase since the first (t_x, in clv.time-unit)",
        "btyd_t",
        "Time from the first purchase to the snapshot (T, in clv.time-unit)",
        "btyd_mean_repeat_value",
        "Mean value of the repeat purchases",
        "clv_historical",
        "Net revenue so far in the base currency",
        "p_alive",
        "Probability the customer is still active (BG/NBD)",
        "expected_purchases",
        "Expected purchases over the horizon (BG/NBD)",
        "expected_avg_order_value",
        "Expected order value (Gamma-Gamma)",
        "clv_predicted",
        "Discounted expected value over the horizon",
        "clv_horizon_months",
        "Horizon of clv_predicted in months");
    add(
        m,
        Tables.CLV_MODEL,
        GOLD,
        SNAPSHOT,
        "snapshot_date,model,parameter",
        "snapshot_date",
        "Fitted CLV model parameters, one row per parameter",
        "parameter",
        "Parameter name (r, alpha, a, b; p, q, v)",
        "value",
        "Fitted value of the parameter",
        "log_likelihood",
        "Log-likelihood of the fit",
        "customers",
        "Customers the model was fitted on",
        "distinct_tuples",
        "Distinct (x, t_x, T) tuples used by the fit",
        "iterations",
        "Optimiser iterations",
        "fit_seconds",
        "Fit duration in seconds");
    add(
        m,
        Tables.CLV_HOLDOUT,
        GOLD,
        SNAPSHOT,
        "snapshot_date,holdout_days,frequency_group",
        "snapshot_date",
        "Holdout validation of BG/NBD: predicted vs actual purchases",
        "holdout_days",
        "Length of the holdout period in days",
        "calibration_end_date",
        "Last day of the calibration period",
        "frequency_group",
        "Calibration repeat purchases: 0 .. 6 or 7+",
        "customers",
        "Customers in the group",
        "actual_purchases_mean",
        "Mean actual purchases in the holdout",
        "predicted_purchases_mean",
        "Mean predicted purchases in the holdout",
        "mae",
        "Mean absolute error over all customers (same on every row)");
  }

  private static void segments(Map<String, TableSpec> m) {
    add(
        m,
        Tables.CUSTOMER_SEGMENTS,
        GOLD,
        SNAPSHOT,
        "snapshot_date,family,segment,customer_id",
        "snapshot_date,family",
        "Segment membership per family and snapshot",
        "rule",
        "The rule or model that put the customer in the segment");
    add(
        m,
        Tables.SEGMENT_SUMMARY,
        GOLD,
        SNAPSHOT,
        "snapshot_date,family,segment",
        "snapshot_date",
        "Size, revenue and value of each segment per snapshot",
        "revenue",
        "Net revenue of the segment's customers in the base currency",
        "avg_clv",
        "Mean predicted CLV of the segment's customers",
        "avg_recency_days",
        "Mean recency in days of the segment's customers");
    add(
        m,
        Tables.CLUSTER_PERSONAS,
        GOLD,
        SNAPSHOT,
        "snapshot_date,cluster",
        "snapshot_date",
        "Personas of the behavioural clusters: size and feature means and medians",
        "label",
        "Readable label of the cluster");
    add(
        m,
        Tables.SEGMENT_TRANSITIONS,
        GOLD,
        SNAPSHOT,
        "snapshot_date,family,from_segment,to_segment",
        "snapshot_date",
        "Customers moving from each segment to each other since the previous "
            + "snapshot, per family (ids mapped through customer_id_history)");
    add(
        m,
        Tables.SEGMENT_CHANGES,
        GOLD,
        SNAPSHOT,
        "snapshot_date,family,customer_id",
        "snapshot_date",
        "Per-customer segment changes since the previous snapshot, for CRM "
            + "(ids mapped through customer_id_history)");
  }

  private static void ops(Map<String, TableSpec> m) {
    add(
        m,
        Tables.RUNS,
        OPS,
        APPEND,
        "run_id",
        "",
        "One row per run; status = success publishes the snapshot of snapshot_date",
        "snapshot_date",
        "As-of date of the run",
        "command",
        "Sub-command that ran (pipeline, score, ...)",
        "status",
        "success or failed",
        "error",
        "One-line error of a failed run",
        "started_at_ts",
        "When the run started",
        "ended_at_ts",
        "When the run ended",
        "config_hash",
        "Hash of the merged configuration (secrets masked)",
        "jar_version",
        "Version of the job jar",
        "git_commit",
        "Git commit of the job jar",
        "summary_json",
        "The JSON run summary: stage timings, row counts, versions written",
        "computed_at_ts",
        "When the row was written");
    add(
        m,
        Tables.ERASURE_AUDIT,
        OPS,
        APPEND,
        "erasure_id",
        "",
        "Audit of right-to-erasure requests carried out");
  }
}
