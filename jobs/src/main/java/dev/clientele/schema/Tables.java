package dev.clientele.schema;

/** Names of the Delta tables the job writes (see the README's table catalogue). */
public final class Tables {
  private Tables() {}

  // Bronze (ingest)
  public static final String BRONZE_TRANSACTIONS = "bronze_transactions";
  public static final String BRONZE_CUSTOMERS = "bronze_customers";
  public static final String BRONZE_EVENTS = "bronze_events";
  public static final String BRONZE_COSTS = "bronze_costs";
  public static final String BRONZE_PAYMENTS = "bronze_payments";
  public static final String BRONZE_SURVEYS = "bronze_surveys";
  public static final String QUARANTINE = "quarantine";
  public static final String INGESTED_FILES = "ingested_files";
  public static final String DATA_QUALITY_ISSUES = "data_quality_issues";
  // Silver (identity)
  public static final String CUSTOMER_IDENTITY_MAP = "customer_identity_map";
  public static final String CUSTOMER_ID_HISTORY = "customer_id_history";
  public static final String UNIFIED_PROFILES = "unified_profiles";
  public static final String TRANSACTIONS = "transactions";
  public static final String SUSPICIOUS_CLUSTERS = "suspicious_clusters";
  public static final String MATCH_EXPLANATIONS = "match_explanations";
  // Silver (metrics): the compact per-day order aggregate score, clv and segment read
  public static final String ORDER_DAYS = "order_days";
  // Gold (per snapshot)
  public static final String CUSTOMER_METRICS = "customer_metrics";
  public static final String PARETO_CURVE = "pareto_curve";
  public static final String CUSTOMER_CLV = "customer_clv";
  public static final String CLV_MODEL = "clv_model";
  public static final String CLV_HOLDOUT = "clv_holdout";
  public static final String CUSTOMER_SEGMENTS = "customer_segments";
  public static final String SEGMENT_SUMMARY = "segment_summary";
  public static final String CLUSTER_PERSONAS = "cluster_personas";
  public static final String SEGMENT_TRANSITIONS = "segment_transitions";
  public static final String SEGMENT_CHANGES = "segment_changes";
  // Gold (current state)
  public static final String SEGMENT_MEMBERSHIP = "segment_membership";
  // Operations
  public static final String RUNS = "runs";
  public static final String ERASURE_AUDIT = "erasure_audit";
  public static final String ERASURE_SUPPRESSION = "erasure_suppression";
  public static final String ERASURE_REQUESTS = "erasure_requests";
  public static final String EXPORT_AUDIT = "export_audit";
}
