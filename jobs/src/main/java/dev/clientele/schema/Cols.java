package dev.clientele.schema;

/** Column names of the canonical model and the outputs (snake_case, units in the name). */
public final class Cols {
  private Cols() {}

  // Audit columns: the only ones allowed to differ between two runs of the same input.
  public static final String RUN_ID = "run_id";
  public static final String COMPUTED_AT_TS = "computed_at_ts";
  public static final String SNAPSHOT_DATE = "snapshot_date";

  // Shared
  public static final String SOURCE = "source";
  public static final String CHANNEL = "channel";
  public static final String CUSTOMER_KEY = "customer_key";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String LOYALTY_ID = "loyalty_id";
  public static final String INGEST_FILE = "ingest_file";
  public static final String INGEST_TS = "ingest_ts";

  // Transactions
  public static final String ORDER_ID = "order_id";
  public static final String LINE_ID = "line_id";
  public static final String EVENT_TS = "event_ts";
  public static final String QUANTITY = "quantity";
  public static final String UNIT_PRICE = "unit_price";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String AMOUNT_BASE = "amount_base";
  public static final String MARGIN = "margin";
  public static final String STORE_ID = "store_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String PRODUCT_CATEGORY = "product_category";
  public static final String IS_RETURN = "is_return";
  public static final String IS_ANONYMOUS = "is_anonymous";

  // Customers
  public static final String FIRST_NAME = "first_name";
  public static final String LAST_NAME = "last_name";
  public static final String BIRTH_DATE = "birth_date";
  public static final String GENDER = "gender";
  public static final String ADDRESS_LINE = "address_line";
  public static final String POSTCODE = "postcode";
  public static final String CITY = "city";
  public static final String REGION = "region";
  public static final String COUNTRY = "country";
  public static final String URBAN_RURAL = "urban_rural";
  public static final String CUSTOMER_TYPE = "customer_type";
  public static final String RELATIONSHIP = "relationship";
  public static final String CONSENT_EMAIL = "consent_email";
  public static final String CONSENT_SMS = "consent_sms";
  public static final String SATISFACTION_SCORE = "satisfaction_score";
  public static final String PAYMENT_INCIDENTS = "payment_incidents";
  public static final String INCOME_BAND = "income_band";
  public static final String CREATED_TS = "created_ts";
  public static final String UPDATED_TS = "updated_ts";

  // Events
  public static final String DEVICE_ID = "device_id";
  public static final String PAGE_CATEGORY = "page_category";

  // Metrics (issue 5)
  public static final String RECENCY_DAYS = "recency_days";
  public static final String ORDER_COUNT = "order_count";
  public static final String PURCHASE_DAYS = "purchase_days";
  public static final String MONETARY_NET = "monetary_net";
  public static final String AVG_ORDER_VALUE = "avg_order_value";
  public static final String FIRST_PURCHASE_DATE = "first_purchase_date";
  public static final String LAST_PURCHASE_DATE = "last_purchase_date";
  public static final String R_SCORE = "r_score";
  public static final String F_SCORE = "f_score";
  public static final String M_SCORE = "m_score";
  public static final String RFM_SEGMENT = "rfm_segment";
  public static final String CUM_REVENUE_SHARE = "cum_revenue_share";
  public static final String ABC_CLASS = "abc_class";
  public static final String LIFECYCLE_STATUS = "lifecycle_status";
  public static final String IS_MARKETABLE = "is_marketable";

  // CLV (issue 6)
  public static final String BTYD_X = "btyd_x";
  public static final String BTYD_T_X = "btyd_t_x";
  public static final String BTYD_T = "btyd_t";
  public static final String BTYD_MEAN_REPEAT_VALUE = "btyd_mean_repeat_value";
  public static final String P_ALIVE = "p_alive";
  public static final String CLV_PREDICTED = "clv_predicted";
  public static final String CLV_HISTORICAL = "clv_historical";
  public static final String EXPECTED_PURCHASES = "expected_purchases";
  public static final String EXPECTED_AVG_ORDER_VALUE = "expected_avg_order_value";
  public static final String CLV_HORIZON_MONTHS = "clv_horizon_months";

  // Metrics (issue 5, score stage)
  public static final String ABC_CLASS_MARGIN = "abc_class_margin";
  public static final String VALUE_LEVEL = "value_level";
  public static final String VOLUME_LEVEL = "volume_level";
  public static final String LOYALTY_LEVEL = "loyalty_level";
  public static final String RISK_LEVEL = "risk_level";
  public static final String CUSTOMER_SHARE_PCT = "customer_share_pct";
  public static final String REVENUE_SHARE = "revenue_share";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String MEAN_GAP_DAYS = "mean_gap_days";
  public static final String MARGIN_NET = "margin_net";

  // Net value of customer_metrics and customer_clv, the costs source (issue 20, point 2)
  public static final String COST_TOTAL = "cost_total";
  public static final String VALUE_NET = "value_net";
  public static final String ABC_CLASS_VALUE_NET = "abc_class_value_net";
  public static final String MEASURE = "measure";
  public static final String CLV_NET = "clv_net";
  public static final String COST_DATE = "cost_date";
  public static final String COST_TYPE = "cost_type";
  public static final String CAMPAIGN = "campaign";

  // Timing and basket features of customer_metrics (issue 20, point 4)
  public static final String PREFERRED_WEEKDAY = "preferred_weekday";
  public static final String PREFERRED_HOUR_BAND = "preferred_hour_band";
  public static final String PURCHASE_SHARE_Q1 = "purchase_share_q1";
  public static final String PURCHASE_SHARE_Q2 = "purchase_share_q2";
  public static final String PURCHASE_SHARE_Q3 = "purchase_share_q3";
  public static final String PURCHASE_SHARE_Q4 = "purchase_share_q4";
  public static final String MEAN_DAYS_BETWEEN_PURCHASES = "mean_days_between_purchases";
  public static final String MEDIAN_DAYS_BETWEEN_PURCHASES = "median_days_between_purchases";
  public static final String BASKET_VALUE_P25 = "basket_value_p25";
  public static final String BASKET_VALUE_P50 = "basket_value_p50";
  public static final String BASKET_VALUE_P75 = "basket_value_p75";
  public static final String BASKET_VALUE_P90 = "basket_value_p90";
  public static final String PREFERRED_CHANNEL = "preferred_channel";

  // Engagement and VIP flag of customer_metrics (issue 20, point 3)
  public static final String DAYS_SINCE_ENGAGEMENT = "days_since_engagement";
  public static final String IS_VIP = "is_vip";

  // Custom attributes of customer records (issue 20, point 1): bronze_customers' map of them
  public static final String ATTRIBUTES = "attributes";

  // Payments and surveys sources and their customer_metrics columns (issue 20, point 5)
  public static final String PAYMENT_ID = "payment_id";
  public static final String DUE_DATE = "due_date";
  public static final String PAID_DATE = "paid_date";
  public static final String SURVEY_ID = "survey_id";
  public static final String RESPONSE_DATE = "response_date";
  public static final String SATISFACTION = "satisfaction";
  public static final String NPS_SCORE = "nps_score";
  public static final String PAYMENTS_SETTLED = "payments_settled";
  public static final String ON_TIME_SHARE = "on_time_share";
  public static final String DAYS_LATE_MEAN = "days_late_mean";
  public static final String AMOUNT_OVERDUE = "amount_overdue";
  public static final String DAYS_OVERDUE_MAX = "days_overdue_max";
  public static final String PAYMENT_RISK = "payment_risk";
  public static final String SURVEY_RESPONSES = "survey_responses";
  public static final String SATISFACTION_LATEST = "satisfaction_latest";
  public static final String SATISFACTION_MEAN = "satisfaction_mean";
  public static final String SATISFACTION_TREND = "satisfaction_trend";
  public static final String NPS_LATEST = "nps_latest";
  public static final String NPS_BAND = "nps_band";

  // Columns of single tables, named so the table catalogue (io/TableSpecs) is keyed by constants
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String RAW_ROW = "raw_row";
  public static final String COLUMN_NAME = "column_name";
  public static final String SOURCE_SCHEMA = "source_schema";
  public static final String TABLE_VERSION = "table_version";
  public static final String OLD_CUSTOMER_ID = "old_customer_id";
  public static final String NEW_CUSTOMER_ID = "new_customer_id";
  public static final String EMAIL_HASH = "email_hash";
  public static final String PHONE_HASH = "phone_hash";
  public static final String AGE_BAND = "age_band";
  public static final String CHANNELS = "channels";
  public static final String FIRST_SEEN_DATE = "first_seen_date";
  public static final String LAST_SEEN_DATE = "last_seen_date";
  public static final String SOURCE_RECORD_COUNT = "source_record_count";
  public static final String CLUSTER = "cluster";
  public static final String RECORD_A = "record_a";
  public static final String RECORD_B = "record_b";
  public static final String MATCH_WEIGHT_BITS = "match_weight_bits";
  public static final String MATCH_PROBABILITY = "match_probability";
  public static final String CONTRIBUTIONS_BITS = "contributions_bits";
  public static final String MODEL = "model";
  public static final String PARAMETER = "parameter";
  public static final String VALUE = "value";
  public static final String LOG_LIKELIHOOD = "log_likelihood";
  public static final String CUSTOMERS = "customers";
  public static final String DISTINCT_TUPLES = "distinct_tuples";
  public static final String ITERATIONS = "iterations";
  public static final String FIT_SECONDS = "fit_seconds";
  public static final String HOLDOUT_DAYS = "holdout_days";
  public static final String L2_PENALTY = "l2_penalty";
  public static final String IS_SELECTED = "is_selected";
  public static final String HOLDOUT_MAE = "holdout_mae";
  public static final String FREQUENCY_GROUP = "frequency_group";
  public static final String CALIBRATION_END_DATE = "calibration_end_date";
  public static final String ACTUAL_PURCHASES_MEAN = "actual_purchases_mean";
  public static final String PREDICTED_PURCHASES_MEAN = "predicted_purchases_mean";
  public static final String MAE = "mae";
  public static final String FAMILY = "family";
  public static final String SEGMENT = "segment";
  public static final String RULE = "rule";
  public static final String SINCE = "since";
  public static final String REVENUE = "revenue";
  public static final String AVG_CLV = "avg_clv";
  public static final String AVG_RECENCY_DAYS = "avg_recency_days";
  public static final String LABEL = "label";
  public static final String FROM_SEGMENT = "from_segment";
  public static final String TO_SEGMENT = "to_segment";
  public static final String COMMAND = "command";
  public static final String STATUS = "status";
  public static final String ERROR = "error";
  public static final String STARTED_AT_TS = "started_at_ts";
  public static final String ENDED_AT_TS = "ended_at_ts";
  public static final String CONFIG_HASH = "config_hash";
  public static final String JAR_VERSION = "jar_version";
  public static final String GIT_COMMIT = "git_commit";
  public static final String SUMMARY_JSON = "summary_json";
  public static final String ERASURE_ID = "erasure_id";
  // erasure_suppression
  public static final String IDENTIFIER_HASH = "identifier_hash";
  public static final String SUPPRESSION_KIND = "kind";
  public static final String KEY_FINGERPRINT = "key_fingerprint";
  // export_audit
  public static final String EXPORTED_COUNT = "exported_count";
  public static final String EXCLUDED_AGE_COUNT = "excluded_age_count";
  public static final String DROPPED_COUNT = "dropped_count";
  public static final String HASH_KIND = "hash_kind";
  public static final String EXPORT_FORMAT = "export_format";
  public static final String TARGET_PATH = "target_path";
  public static final String EXPORTED_AT_TS = "exported_at_ts";

  // order_days: one row per (source, identity record node, order id, line day)
  public static final String NODE = "node";
  public static final String LINE_DATE = "line_date";
  public static final String LINE_COUNT = "line_count";
  public static final String NET_AMOUNT = "net_amount";
  public static final String GROSS_AMOUNT = "gross_amount";
  public static final String GROSS_ONLINE_AMOUNT = "gross_online_amount";
  public static final String CATEGORY_GROSS = "category_gross";
  public static final String MARGIN_KNOWN = "margin_known";
  public static final String MARGIN_KNOWN_AMOUNT = "margin_known_amount";
  public static final String MARGIN_SCORED = "margin_scored";
  public static final String QUANTITY_TOTAL = "quantity_total";
  public static final String FIRST_LINE_TS = "first_line_ts";
  public static final String FIRST_LINE_CHANNEL = "first_line_channel";
  public static final String FIRST_LINE_STORE_ID = "first_line_store_id";
  public static final String HAS_RETURN = "has_return";
}
