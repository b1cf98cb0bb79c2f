package dev.clientele.io;

import static dev.clientele.io.TableSpec.Kind.APPEND;
import static dev.clientele.io.TableSpec.Kind.CURRENT_STATE;
import static dev.clientele.io.TableSpec.Kind.SNAPSHOT;
import static dev.clientele.io.TableSpec.Layer.BRONZE;
import static dev.clientele.io.TableSpec.Layer.GOLD;
import static dev.clientele.io.TableSpec.Layer.OPS;
import static dev.clientele.io.TableSpec.Layer.SILVER;

import dev.clientele.io.TableSpec.Data;
import dev.clientele.io.TableSpec.Kind;
import dev.clientele.io.TableSpec.Layer;
import dev.clientele.io.TableSpec.Subject;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The table catalogue of README.md as data: one {@link TableSpec} per table the job writes. Every
 * table says whether it is keyed by a person and every column it lists whether it is personal;
 * {@link Builder#build()} refuses a table without the table flag, so the catalogue fails at class
 * initialisation rather than shipping an unclassified table.
 *
 * <p>Bronze tables and unified_profiles list all their columns; the other tables list their keys,
 * partition columns and the columns with a comment of their own (shared comments: {@link
 * ColumnDocs}).
 */
final class TableSpecs {
  private TableSpecs() {}

  /** Delta's Change Data Feed table property. */
  static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  static final Map<String, TableSpec> ALL = build();

  /** The tables with raw personal data (README "Privacy"), derived from the column flags. */
  static final Set<String> PERSONAL_DATA =
      ALL.values().stream()
          .filter(TableSpec::holdsPersonalData)
          .map(TableSpec::name)
          .collect(Collectors.toUnmodifiableSet());

  private static Map<String, TableSpec> build() {
    Map<String, TableSpec> m = new LinkedHashMap<>();
    Stream.of(bronze(), silver(), gold(), segments(), ops())
        .flatMap(List::stream)
        .map(Builder::build)
        .forEach(
            s -> {
              if (m.put(s.name(), s) != null) {
                throw new IllegalStateException("table " + s.name() + " is described twice");
              }
            });
    return Map.copyOf(m);
  }

  static Builder table(String name) {
    return new Builder(name);
  }

  /** Describes one table; {@link #build()} checks that nothing the catalogue needs is missing. */
  static final class Builder {
    private final String name;
    private Layer layer;
    private Kind kind;
    private Subject subject;
    private String comment;
    private List<String> keys = List.of();
    private List<String> partitionColumns = List.of();
    private final Map<String, String> comments = new LinkedHashMap<>();
    private final Map<String, Data> classified = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder layer(Layer layer) {
      this.layer = layer;
      return this;
    }

    Builder kind(Kind kind) {
      this.kind = kind;
      return this;
    }

    /** Rows belong to one person each: erasure reaches this table. */
    Builder keyedByPerson() {
      this.subject = Subject.PERSON;
      return this;
    }

    /** Rows are about no single person (aggregates, models, run bookkeeping). */
    Builder notKeyedByPerson() {
      this.subject = Subject.NOT_PERSON;
      return this;
    }

    /** A Delta table property the table is created with and kept at. */
    Builder property(String key, String value) {
      this.properties.put(key, value);
      return this;
    }

    /** The table comment written to Delta. */
    Builder description(String comment) {
      this.comment = comment;
      return this;
    }

    Builder keys(String... columns) {
      this.keys = List.of(columns);
      return this;
    }

    Builder partitionedBy(String... columns) {
      this.partitionColumns = List.of(columns);
      return this;
    }

    /** A column without personal data whose comment is the shared one of {@link ColumnDocs}. */
    Builder column(String column) {
      return classify(column, Data.NOT_PERSONAL, null);
    }

    /** A column without personal data, with a comment of this table's own. */
    Builder column(String column, String comment) {
      return classify(column, Data.NOT_PERSONAL, comment);
    }

    /** A column holding personal data, with the shared comment. */
    Builder personal(String column) {
      return classify(column, Data.PERSONAL, null);
    }

    /** A column holding personal data, with a comment of this table's own. */
    Builder personal(String column, String comment) {
      return classify(column, Data.PERSONAL, comment);
    }

    private Builder classify(String column, Data data, String comment) {
      if (classified.put(column, data) != null) {
        throw new IllegalStateException("table " + name + ": column " + column + " listed twice");
      }
      if (comment != null) {
        comments.put(column, comment);
      }
      return this;
    }

    TableSpec build() {
      require(layer != null, "a layer");
      require(kind != null, "a kind");
      require(subject != null, "keyedByPerson() or notKeyedByPerson()");
      require(comment != null, "a description");
      for (String c : Stream.concat(keys.stream(), partitionColumns.stream()).toList()) {
        require(classified.containsKey(c), "key or partition column " + c + " classified");
      }
      return new TableSpec(
          name,
          layer,
          kind,
          keys,
          partitionColumns,
          comment,
          Map.copyOf(comments),
          subject,
          Collections.unmodifiableMap(new LinkedHashMap<>(classified)),
          Map.copyOf(properties));
    }

    private void require(boolean ok, String what) {
      if (!ok) {
        throw new IllegalStateException("table " + name + " needs " + what);
      }
    }
  }

  private static List<Builder> bronze() {
    return List.of(
        table(Tables.BRONZE_TRANSACTIONS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description(
                "Order lines of every source in the canonical model, as ingested (PII: e-mail, phone)")
            .keys(Cols.SOURCE, Cols.ORDER_ID, Cols.LINE_ID)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CHANNEL)
            .column(Cols.ORDER_ID)
            .column(Cols.LINE_ID)
            .column(Cols.CUSTOMER_KEY)
            .personal(Cols.EMAIL)
            .personal(Cols.PHONE)
            .personal(Cols.LOYALTY_ID)
            .column(Cols.EVENT_TS)
            .column(Cols.QUANTITY)
            .column(Cols.UNIT_PRICE)
            .column(Cols.AMOUNT)
            .column(Cols.CURRENCY)
            .column(Cols.AMOUNT_BASE)
            .column(Cols.MARGIN)
            .column(Cols.STORE_ID)
            .column(Cols.PRODUCT_ID)
            .column(Cols.PRODUCT_CATEGORY)
            .column(Cols.IS_RETURN)
            .column(Cols.IS_ANONYMOUS)
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.BRONZE_CUSTOMERS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description("Customer records of every source in the canonical model (PII table)")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CHANNEL)
            .column(Cols.CUSTOMER_KEY)
            .personal(Cols.EMAIL)
            .personal(Cols.PHONE)
            .personal(Cols.LOYALTY_ID)
            .personal(Cols.FIRST_NAME)
            .personal(Cols.LAST_NAME)
            .personal(Cols.BIRTH_DATE)
            .column(Cols.GENDER)
            .personal(Cols.ADDRESS_LINE)
            .column(Cols.POSTCODE)
            .column(Cols.CITY)
            .column(Cols.REGION)
            .column(Cols.COUNTRY)
            .column(Cols.URBAN_RURAL)
            .column(Cols.CUSTOMER_TYPE)
            .column(Cols.RELATIONSHIP)
            .column(Cols.CONSENT_EMAIL)
            .column(Cols.CONSENT_SMS)
            .column(Cols.SATISFACTION_SCORE)
            .column(Cols.PAYMENT_INCIDENTS)
            .column(Cols.INCOME_BAND)
            .column(Cols.CREATED_TS, "When the source created the record")
            .column(Cols.UPDATED_TS, "When the source last updated the record")
            .personal(
                Cols.ATTRIBUTES,
                "Custom attributes by name (clientele.attributes), values in canonical form; may"
                    + " hold personal data")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.BRONZE_EVENTS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description("Page views and app sessions of every source")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY, Cols.EVENT_TS)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CHANNEL)
            .column(Cols.CUSTOMER_KEY)
            .column(Cols.DEVICE_ID, "Device or cookie id")
            .column(Cols.EVENT_TS)
            .column(Cols.PAGE_CATEGORY, "Category of the page viewed")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.BRONZE_COSTS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description(
                "Marketing, acquisition and service costs of every costs source, keyed by a customer"
                    + " or by a channel and/or campaign")
            .keys(
                Cols.SOURCE,
                Cols.COST_DATE,
                Cols.COST_TYPE,
                Cols.CUSTOMER_KEY,
                Cols.CHANNEL,
                Cols.CAMPAIGN)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.COST_DATE, "Date the cost was incurred")
            .column(Cols.AMOUNT, "Cost amount in currency")
            .column(Cols.CURRENCY)
            .column(Cols.AMOUNT_BASE, "Cost amount in the base currency (clientele.base-currency)")
            .column(Cols.COST_TYPE, "Kind of cost as given by the source (marketing, service, ...)")
            .column(
                Cols.CUSTOMER_KEY,
                "Source-local key of the customer the cost is for; null for a channel cost")
            .column(
                Cols.CHANNEL,
                "Channel whose buyers of the month share the cost (online or offline); null when"
                    + " keyed by customer")
            .column(Cols.CAMPAIGN, "Campaign the cost belongs to, as given by the source")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.BRONZE_PAYMENTS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description(
                "Payments due by customers (invoices, instalments) and when each was paid, of every"
                    + " payments source")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY, Cols.PAYMENT_ID, Cols.DUE_DATE)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CHANNEL)
            .column(Cols.CUSTOMER_KEY)
            .column(Cols.PAYMENT_ID, "Invoice or instalment id as given by the source")
            .column(Cols.DUE_DATE, "Date the payment was due")
            .column(Cols.PAID_DATE, "Date it was paid; null while unpaid")
            .column(Cols.AMOUNT, "Amount due in currency")
            .column(Cols.CURRENCY)
            .column(Cols.AMOUNT_BASE, "Amount due in the base currency (clientele.base-currency)")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.BRONZE_SURVEYS)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description("Survey answers of customers (satisfaction, NPS) of every surveys source")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY, Cols.SURVEY_ID, Cols.RESPONSE_DATE)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CHANNEL)
            .column(Cols.CUSTOMER_KEY)
            .column(Cols.SURVEY_ID, "Survey or campaign id as given by the source")
            .column(Cols.RESPONSE_DATE, "Date of the answer")
            .column(Cols.SATISFACTION, "Satisfaction score on the source's own scale")
            .column(Cols.NPS_SCORE, "Answer to 'would you recommend us', 0..10")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.RUN_ID)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.QUARANTINE)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description("Rows rejected by ingest validation with the reason (PII: raw_row)")
            .column(Cols.SOURCE)
            .column(Cols.RUN_ID)
            .column(Cols.REASON, "Rejection reason code")
            .column(Cols.DETAIL, "Human-readable detail of the rejection")
            .personal(Cols.RAW_ROW, "The rejected row as text (PII)")
            .column(Cols.INGEST_FILE)
            .column(Cols.INGEST_TS)
            .column(Cols.COMPUTED_AT_TS),
        table(Tables.DATA_QUALITY_ISSUES)
            .layer(BRONZE)
            .kind(APPEND)
            .keyedByPerson()
            .description(
                "Optional customer attributes that did not parse and were set to null; the record was kept (no raw value)")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY, Cols.COLUMN_NAME)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.CUSTOMER_KEY)
            .column(Cols.COLUMN_NAME, "The canonical column whose value was dropped")
            .column(Cols.REASON, "Why (impossible_date, unparseable_<column>, not_a_number)"),
        table(Tables.INGESTED_FILES)
            .layer(BRONZE)
            .kind(APPEND)
            .notKeyedByPerson()
            .description("Files already ingested, so re-runs do not read a file twice")
            .keys(Cols.SOURCE, Cols.INGEST_FILE)
            .column(Cols.SOURCE)
            .column(Cols.INGEST_FILE)
            .column(
                Cols.SOURCE_SCHEMA,
                "The source's columns and types (DDL) when the file was read: the reference for type drift")
            .column(
                Cols.TABLE_VERSION,
                "Delta sources: the upstream table version read last (one row per source); null for files"));
  }

  private static List<Builder> silver() {
    return List.of(
        table(Tables.CUSTOMER_IDENTITY_MAP)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description(
                "Source customer key to unified customer_id (identity resolution), updated with MERGE")
            .keys(Cols.SOURCE, Cols.CUSTOMER_KEY)
            .column(Cols.SOURCE)
            .column(Cols.CUSTOMER_KEY),
        table(Tables.CUSTOMER_ID_HISTORY)
            .layer(SILVER)
            .kind(APPEND)
            .keyedByPerson()
            .description(
                "Customer ids replaced by a merge of customers, so changes are not read as churn")
            .keys(Cols.OLD_CUSTOMER_ID, Cols.NEW_CUSTOMER_ID, Cols.RUN_ID)
            .column(Cols.OLD_CUSTOMER_ID, "The customer id that was replaced")
            .column(Cols.NEW_CUSTOMER_ID, "The customer id that replaces it")
            .column(Cols.RUN_ID),
        table(Tables.UNIFIED_PROFILES)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description("One golden profile per unified customer (PII), updated with MERGE")
            .keys(Cols.CUSTOMER_ID)
            .column(Cols.CUSTOMER_ID)
            .personal(Cols.FIRST_NAME)
            .personal(Cols.LAST_NAME)
            .personal(Cols.EMAIL)
            .personal(Cols.PHONE)
            .personal(Cols.EMAIL_HASH, "Keyed HMAC-SHA-256 of the normalised e-mail")
            .personal(Cols.PHONE_HASH, "Keyed HMAC-SHA-256 of the normalised phone")
            .personal(Cols.LOYALTY_ID)
            .personal(Cols.BIRTH_DATE)
            .column(
                Cols.AGE_BAND,
                "Age band at the run: 18-24, 25-34, 35-44, 45-54, 55-64, 65+ or null")
            .column(Cols.GENDER)
            .personal(Cols.ADDRESS_LINE)
            .column(Cols.POSTCODE)
            .column(Cols.CITY)
            .column(Cols.REGION)
            .column(Cols.COUNTRY)
            .column(Cols.URBAN_RURAL)
            .column(Cols.CUSTOMER_TYPE)
            .column(Cols.RELATIONSHIP)
            .column(Cols.INCOME_BAND)
            .column(Cols.SATISFACTION_SCORE)
            .column(Cols.PAYMENT_INCIDENTS)
            .column(Cols.CONSENT_EMAIL)
            .column(Cols.CONSENT_SMS)
            .column(Cols.IS_MARKETABLE)
            .column(
                Cols.CHANNELS,
                "Channels the customer bought through: online, offline or omnichannel")
            .column(Cols.FIRST_SEEN_DATE, "First date the customer appears in any source")
            .column(Cols.LAST_SEEN_DATE, "Last date the customer appears in any source")
            .column(Cols.SOURCE_RECORD_COUNT, "Number of source records merged into this customer"),
        table(Tables.SUSPICIOUS_CLUSTERS)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .notKeyedByPerson()
            .description(
                "Identity clusters larger than identity.max-cluster-size, split back to their records")
            .keys(Cols.CLUSTER)
            .column(Cols.CLUSTER),
        table(Tables.MATCH_EXPLANATIONS)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description(
                "Per fuzzy match the identity model kept: match weight and each comparison's contribution")
            .keys(Cols.RECORD_A, Cols.RECORD_B)
            .column(Cols.RECORD_A, "Graph node source|customer_key of one record")
            .column(Cols.RECORD_B, "Graph node source|customer_key of the other record")
            .column(Cols.MATCH_WEIGHT_BITS, "Prior plus the comparisons' weights, in bits")
            .column(Cols.MATCH_PROBABILITY, "Posterior match probability")
            .column(
                Cols.CONTRIBUTIONS_BITS,
                "(comparison, bits) per comparison, in the model's order (0 bits: a value missing)"),
        table(Tables.ORDER_DAYS)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description(
                "Per source, identity record, order and line date: the order-line figures score,"
                    + " clv and segment read (docs/metrics.md \"Order days\")")
            .keys(Cols.SOURCE, Cols.NODE, Cols.ORDER_ID, Cols.LINE_DATE)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(
                Cols.NODE,
                "Graph node source|customer_key of the lines' identity record (null: anonymous);"
                    + " customer_id comes from customer_identity_map at read time")
            .column(Cols.ORDER_ID)
            .column(Cols.LINE_DATE, "Calendar date of the lines in clientele.time-zone")
            .column(Cols.LINE_COUNT, "Order lines of the row")
            .column(Cols.NET_AMOUNT, "Sum of the lines' amount_base (returns negative)")
            .column(Cols.GROSS_AMOUNT, "Sum of the positive lines' amount_base (null: none)")
            .column(Cols.GROSS_ONLINE_AMOUNT, "Sum of the positive online lines' amount_base")
            .column(Cols.CATEGORY_GROSS, "Product category -> gross amount of its positive lines")
            .column(Cols.MARGIN_KNOWN, "Sum of the margins the lines carry (null: none)")
            .column(Cols.MARGIN_KNOWN_AMOUNT, "Sum of amount_base of the lines carrying a margin")
            .column(
                Cols.MARGIN_SCORED,
                "Sum of the line margins with clientele.costs.margin-rate for lines without one")
            .column(Cols.QUANTITY_TOTAL, "Sum of the lines' quantities")
            .column(Cols.FIRST_LINE_TS, "Instant of the earliest line")
            .column(Cols.FIRST_LINE_CHANNEL, "Channel of the earliest line")
            .column(Cols.FIRST_LINE_STORE_ID, "Store of the earliest line")
            .column(
                Cols.HAS_RETURN, "Whether a line is a return (is_return, else a negative amount)"),
        table(Tables.TRANSACTIONS)
            .layer(SILVER)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description("Order lines with the unified customer_id and without raw e-mail or phone")
            .keys(Cols.SOURCE, Cols.ORDER_ID, Cols.LINE_ID)
            .partitionedBy(Cols.SOURCE)
            .column(Cols.SOURCE)
            .column(Cols.ORDER_ID)
            .column(Cols.LINE_ID)
            .column(Cols.CUSTOMER_ID, "Unified customer id; null only for anonymous sales"));
  }

  private static List<Builder> gold() {
    return List.of(
        table(Tables.CUSTOMER_METRICS)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .keyedByPerson()
            .description(
                "Per customer and snapshot: RFM, Pareto/ABC, lifecycle, levels, timing and basket,"
                    + " engagement, VIP")
            .keys(Cols.SNAPSHOT_DATE, Cols.CUSTOMER_ID)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.CUSTOMER_ID)
            .column(
                Cols.RECENCY_DAYS,
                "Days from the last purchase to the snapshot date (0 = bought that day)")
            .column(Cols.ORDER_COUNT, "Number of orders up to the snapshot")
            .column(Cols.PURCHASE_DAYS, "Number of distinct days with a purchase")
            .column(Cols.MONETARY_NET, "Net revenue after returns in the base currency")
            .column(Cols.AVG_ORDER_VALUE, "monetary_net / order_count")
            .column(Cols.FIRST_PURCHASE_DATE, "Date of the first purchase")
            .column(Cols.LAST_PURCHASE_DATE, "Date of the last purchase")
            .column(Cols.R_SCORE, "Recency score, 1 (oldest) .. rfm.score-bins (most recent)")
            .column(Cols.F_SCORE, "Frequency score, 1 .. rfm.score-bins")
            .column(Cols.M_SCORE, "Monetary score, 1 .. rfm.score-bins")
            .column(Cols.RFM_SEGMENT, "RFM segment from the configured rules (first match wins)")
            .column(
                Cols.CUM_REVENUE_SHARE,
                "Cumulative revenue share of customers ranked by revenue, 0..1")
            .column(Cols.ABC_CLASS, "Pareto class by revenue: A, B or C")
            .column(
                Cols.ABC_CLASS_MARGIN,
                "Pareto class by margin_net: A, B or C; null when margin_net is unknown")
            .column(
                Cols.LIFECYCLE_STATUS,
                "Status of the first clientele.lifecycle rule that holds, else default-status"
                    + " (names are configured; shipped: docs/metrics.md)")
            .column(Cols.VALUE_LEVEL, "Value level of the customer")
            .column(Cols.VOLUME_LEVEL, "Volume level of the customer")
            .column(Cols.LOYALTY_LEVEL, "Loyalty level of the customer")
            .column(Cols.RISK_LEVEL, "Churn risk level: high, medium or low")
            .column(
                Cols.PREFERRED_WEEKDAY,
                "Weekday with most purchases (monday..sunday, time-zone; ties: earliest from Monday)")
            .column(
                Cols.PREFERRED_HOUR_BAND,
                "Hour band with most purchases: night 0-6, morning 6-12, afternoon 12-18,"
                    + " evening 18-24 (ties: earliest)")
            .column(Cols.PURCHASE_SHARE_Q1, "Share of purchases made in January-March, 0..1")
            .column(Cols.PURCHASE_SHARE_Q2, "Share of purchases made in April-June, 0..1")
            .column(Cols.PURCHASE_SHARE_Q3, "Share of purchases made in July-September, 0..1")
            .column(Cols.PURCHASE_SHARE_Q4, "Share of purchases made in October-December, 0..1")
            .column(
                Cols.MEAN_DAYS_BETWEEN_PURCHASES,
                "Mean days between consecutive purchases (null below 2 purchases)")
            .column(
                Cols.MEDIAN_DAYS_BETWEEN_PURCHASES,
                "Median days between consecutive purchases (null below 2 purchases)")
            .column(Cols.BASKET_VALUE_P25, "25th percentile of order net value (exact, linear)")
            .column(Cols.BASKET_VALUE_P50, "Median order net value (exact, linear)")
            .column(Cols.BASKET_VALUE_P75, "75th percentile of order net value (exact, linear)")
            .column(Cols.BASKET_VALUE_P90, "90th percentile of order net value (exact, linear)")
            .column(
                Cols.PREFERRED_CHANNEL,
                "Channel with most purchases (an order's first line; ties: first name in order)")
            .column(
                Cols.MARGIN_NET,
                "Net margin in the base currency: line margins where known, else"
                    + " costs.margin-rate x net amount; null when no line has either")
            .column(
                Cols.COST_TOTAL,
                "Costs of the customer in the window: own costs plus the share of channel costs"
                    + " of the months they bought (clientele.costs.allocation)")
            .column(Cols.VALUE_NET, "margin_net - cost_total; null where margin_net is null")
            .column(
                Cols.ABC_CLASS_VALUE_NET,
                "Pareto class by value_net: A, B or C; null when value_net is not in"
                    + " pareto.rank-by or unknown")
            .column(
                Cols.DAYS_SINCE_ENGAGEMENT,
                "Days from the last engagement event (page view, app session) to the snapshot"
                    + " date; null without one")
            .column(
                Cols.IS_VIP,
                "True when clientele.lifecycle.vip holds (shipped: abc_class A and status loyal)")
            .column(
                Cols.PAYMENTS_SETTLED,
                "Payments due in the window whose outcome is known at the snapshot: paid by then,"
                    + " or past due")
            .column(
                Cols.ON_TIME_SHARE,
                "Share of payments_settled paid on or before their due date, 0..1; null without"
                    + " one")
            .column(
                Cols.DAYS_LATE_MEAN,
                "Mean days from due date to payment over the payments paid by the snapshot (0 for"
                    + " one paid on time); null without one")
            .column(
                Cols.AMOUNT_OVERDUE,
                "Amount past due and unpaid at the snapshot, base currency; null without payments")
            .column(
                Cols.DAYS_OVERDUE_MAX,
                "Days the oldest unpaid payment is past due at the snapshot (0 if none)")
            .column(
                Cols.PAYMENT_RISK,
                "Level of the first clientele.payments.risk-levels condition that holds (shipped:"
                    + " high, medium, low); null without payment history")
            .column(Cols.SURVEY_RESPONSES, "Survey answers in the window (0 without one)")
            .column(
                Cols.SATISFACTION_LATEST,
                "Satisfaction of the latest answer (mean of that day's answers); null without one")
            .column(Cols.SATISFACTION_MEAN, "Mean satisfaction over the window's answers")
            .column(
                Cols.SATISFACTION_TREND,
                "Least-squares slope of satisfaction over time, points per 365 days; null below two"
                    + " answer days")
            .column(
                Cols.NPS_LATEST, "NPS answer (0..10) of the latest day with one (lowest that day)")
            .column(
                Cols.NPS_BAND,
                "From nps_latest: promoter (9-10), passive (7-8), detractor (0-6); null without"
                    + " one"),
        table(Tables.PARETO_CURVE)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description(
                "Pareto (Lorenz) curves: share of each ranked measure made by the top customers, per percent of customers")
            .keys(Cols.SNAPSHOT_DATE, Cols.MEASURE, Cols.CUSTOMER_SHARE_PCT)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(
                Cols.MEASURE,
                "Measure the customers are ranked by: revenue, margin or value_net"
                    + " (clientele.pareto.rank-by); null in snapshots written before it existed")
            .column(
                Cols.CUSTOMER_SHARE_PCT, "Top share of customers by the measure, percent 0..100")
            .column(
                Cols.REVENUE_SHARE,
                "Share of the measure's positive total made by those customers (revenue for"
                    + " measure revenue), 0..1"),
        table(Tables.CUSTOMER_CLV)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .keyedByPerson()
            .description(
                "Per customer and snapshot: BG/NBD and Gamma-Gamma customer lifetime value")
            .keys(Cols.SNAPSHOT_DATE, Cols.CUSTOMER_ID)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.CUSTOMER_ID)
            .column(Cols.BTYD_X, "Repeat purchase count (BTYD frequency x)")
            .column(
                Cols.BTYD_T_X, "Time of the last purchase since the first (t_x, in clv.time-unit)")
            .column(
                Cols.BTYD_T, "Time from the first purchase to the snapshot (T, in clv.time-unit)")
            .column(Cols.BTYD_MEAN_REPEAT_VALUE, "Mean value of the repeat purchases")
            .column(Cols.CLV_HISTORICAL, "Net revenue so far in the base currency")
            .column(Cols.P_ALIVE, "Probability the customer is still active (BG/NBD)")
            .column(Cols.EXPECTED_PURCHASES, "Expected purchases over the horizon (BG/NBD)")
            .column(Cols.EXPECTED_AVG_ORDER_VALUE, "Expected order value (Gamma-Gamma)")
            .column(Cols.CLV_PREDICTED, "Discounted expected value over the horizon")
            .column(Cols.CLV_HORIZON_MONTHS, "Horizon of clv_predicted in months")
            .column(
                Cols.CLV_NET,
                "clv_predicted minus clv.retention-cost-per-purchase per expected purchase,"
                    + " discounted the same way"),
        table(Tables.CLV_MODEL)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description("Fitted CLV model parameters, one row per parameter")
            .keys(Cols.SNAPSHOT_DATE, Cols.MODEL, Cols.PARAMETER)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.MODEL)
            .column(
                Cols.PARAMETER,
                "Parameter name (bgnbd: r, alpha, a, b; pareto_nbd: r, alpha, s, beta;"
                    + " gamma_gamma: p, q, gamma)")
            .column(Cols.VALUE, "Fitted value of the parameter; null when the model failed")
            .column(
                Cols.LOG_LIKELIHOOD,
                "Log-likelihood of the fit, without the penalty; null when the model failed")
            .column(Cols.CUSTOMERS, "Customers the model was fitted on (or offered to)")
            .column(Cols.DISTINCT_TUPLES, "Distinct tuples used by the fit")
            .column(Cols.ITERATIONS, "Optimiser iterations; null when the model failed")
            .column(Cols.FIT_SECONDS, "Fit duration in seconds; null when the model failed")
            .column(
                Cols.STATUS,
                "fitted; fitted_with_penalty (only with the retry's l2 penalty 0.001); or failed"
                    + " (null predictions)")
            .column(Cols.L2_PENALTY, "L2 penalty of the fit (or of its last attempt)")
            .column(
                Cols.REASON,
                "Why the model failed or needed the retry penalty; null for a plain fit")
            .column(
                Cols.IS_SELECTED,
                "Whether customer_clv's predictions come from this model (clientele.clv.model)")
            .column(
                Cols.HOLDOUT_MAE,
                "Holdout MAE of purchases per customer (best-by-holdout only), else null"),
        table(Tables.CLV_HOLDOUT)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description("Holdout validation of BG/NBD: predicted vs actual purchases")
            .keys(Cols.SNAPSHOT_DATE, Cols.HOLDOUT_DAYS, Cols.FREQUENCY_GROUP)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.HOLDOUT_DAYS, "Length of the holdout period in days")
            .column(Cols.FREQUENCY_GROUP, "Calibration repeat purchases: 0 .. 6 or 7+")
            .column(Cols.CALIBRATION_END_DATE, "Last day of the calibration period")
            .column(Cols.CUSTOMERS, "Customers in the group")
            .column(Cols.ACTUAL_PURCHASES_MEAN, "Mean actual purchases in the holdout")
            .column(Cols.PREDICTED_PURCHASES_MEAN, "Mean predicted purchases in the holdout")
            .column(Cols.MAE, "Mean absolute error over all customers (same on every row)"));
  }

  private static List<Builder> segments() {
    return List.of(
        table(Tables.CUSTOMER_SEGMENTS)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .keyedByPerson()
            .description("Segment membership per family and snapshot")
            .keys(Cols.SNAPSHOT_DATE, Cols.FAMILY, Cols.SEGMENT, Cols.CUSTOMER_ID)
            .partitionedBy(Cols.SNAPSHOT_DATE, Cols.FAMILY)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.FAMILY)
            .column(Cols.SEGMENT)
            .column(Cols.CUSTOMER_ID)
            .column(Cols.RULE, "The rule or model that put the customer in the segment"),
        table(Tables.SEGMENT_MEMBERSHIP)
            .layer(GOLD)
            .kind(CURRENT_STATE)
            .keyedByPerson()
            .description(
                "Current segment of each customer per family (exclusive families; one row per"
                    + " segment in overlapping ones) since when, MERGEd on content with Change Data"
                    + " Feed: entered, left and changed only")
            .keys(Cols.FAMILY, Cols.CUSTOMER_ID, Cols.SEGMENT)
            .partitionedBy(Cols.FAMILY)
            .property(CHANGE_DATA_FEED, "true")
            .column(Cols.FAMILY)
            .column(Cols.CUSTOMER_ID)
            .column(Cols.SEGMENT)
            .column(
                Cols.SINCE,
                "First snapshot of the customer's uninterrupted stay in the segment (counted from"
                    + " the table's first refresh)")
            .column(
                Cols.SNAPSHOT_DATE,
                "Snapshot of the refresh that last wrote the row (entered or changed); unchanged"
                    + " rows are not rewritten"),
        table(Tables.SEGMENT_SUMMARY)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description("Size, revenue and value of each segment per snapshot")
            .keys(Cols.SNAPSHOT_DATE, Cols.FAMILY, Cols.SEGMENT)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.FAMILY)
            .column(Cols.SEGMENT)
            .column(Cols.REVENUE, "Net revenue of the segment's customers in the base currency")
            .column(Cols.AVG_CLV, "Mean predicted CLV of the segment's customers")
            .column(Cols.AVG_RECENCY_DAYS, "Mean recency in days of the segment's customers"),
        table(Tables.CLUSTER_PERSONAS)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description("Personas of the behavioural clusters: size and feature means and medians")
            .keys(Cols.SNAPSHOT_DATE, Cols.CLUSTER)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.CLUSTER)
            .column(Cols.LABEL, "Readable label of the cluster"),
        table(Tables.SEGMENT_TRANSITIONS)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .notKeyedByPerson()
            .description(
                "Customers moving from each segment to each other since the previous snapshot, per family (ids mapped through customer_id_history)")
            .keys(Cols.SNAPSHOT_DATE, Cols.FAMILY, Cols.FROM_SEGMENT, Cols.TO_SEGMENT)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.FAMILY)
            .column(Cols.FROM_SEGMENT)
            .column(Cols.TO_SEGMENT),
        table(Tables.SEGMENT_CHANGES)
            .layer(GOLD)
            .kind(SNAPSHOT)
            .keyedByPerson()
            .description(
                "Per-customer segment changes since the previous snapshot, for CRM (ids mapped through customer_id_history)")
            .keys(Cols.SNAPSHOT_DATE, Cols.FAMILY, Cols.CUSTOMER_ID)
            .partitionedBy(Cols.SNAPSHOT_DATE)
            .column(Cols.SNAPSHOT_DATE)
            .column(Cols.FAMILY)
            .column(Cols.CUSTOMER_ID));
  }

  private static List<Builder> ops() {
    return List.of(
        table(Tables.RUNS)
            .layer(OPS)
            .kind(APPEND)
            .notKeyedByPerson()
            .description(
                "One row per run; status = success publishes the snapshot of snapshot_date")
            .keys(Cols.RUN_ID)
            .column(Cols.RUN_ID)
            .column(Cols.SNAPSHOT_DATE, "As-of date of the run")
            .column(Cols.COMMAND, "Sub-command that ran (pipeline, score, ...)")
            .column(Cols.STATUS, "success or failed")
            .column(Cols.ERROR, "One-line error of a failed run")
            .column(Cols.STARTED_AT_TS, "When the run started")
            .column(Cols.ENDED_AT_TS, "When the run ended")
            .column(Cols.CONFIG_HASH, "Hash of the merged configuration (secrets masked)")
            .column(Cols.JAR_VERSION, "Version of the job jar")
            .column(Cols.GIT_COMMIT, "Git commit of the job jar")
            .column(
                Cols.SUMMARY_JSON,
                "The JSON run summary: stage timings, row counts, versions written")
            .column(Cols.COMPUTED_AT_TS, "When the row was written"),
        table(Tables.ERASURE_AUDIT)
            .layer(OPS)
            .kind(APPEND)
            .notKeyedByPerson()
            .description("Audit of right-to-erasure requests carried out")
            .keys(Cols.ERASURE_ID)
            .column(Cols.ERASURE_ID),
        table(Tables.ERASURE_SUPPRESSION)
            .layer(OPS)
            .kind(APPEND)
            .notKeyedByPerson()
            .description(
                "Keyed hashes of the identifiers and source keys of erased people; ingest does not"
                    + " accept them again")
            .keys(Cols.IDENTIFIER_HASH)
            .column(
                Cols.IDENTIFIER_HASH,
                "HMAC-SHA-256 of the normalised identifier or source|customer_key (never the value)")
            .column(Cols.SUPPRESSION_KIND, "identifier or source_key")
            .column(
                Cols.KEY_FINGERPRINT,
                "Fingerprint of the HMAC key the hash was made with (_meta/hmac_key.json); null in"
                    + " entries older than the column: the warehouse's key"),
        table(Tables.ERASURE_REQUESTS)
            .layer(OPS)
            .kind(APPEND)
            .notKeyedByPerson()
            .description(
                "The values of each erasure, keyed-hashed, recorded before anything is deleted; an"
                    + " erasure without an erasure_audit row is completed by the next erase")
            .keys(Cols.ERASURE_ID, "value_kind", "value_hash")
            .column(Cols.ERASURE_ID)
            .column("request_hash", "HMAC of the request's normalised selectors (never a value)")
            .column("value_kind", "node, email, phone, loyalty_id, customer_id or device_id")
            .column("value_hash", "HMAC-SHA-256 of kind:normalised value (never the value)")
            .column(Cols.KEY_FINGERPRINT, "Fingerprint of the HMAC key the hashes were made with")
            .column(Cols.RUN_ID),
        table(Tables.EXPORT_AUDIT)
            .layer(OPS)
            .kind(APPEND)
            .notKeyedByPerson()
            .description(
                "One row per audience written by segment export: what, how many, how hashed and"
                    + " where (no member, no identifier)")
            .keys(Cols.RUN_ID)
            .column(Cols.RUN_ID)
            .column(Cols.SNAPSHOT_DATE, "The published snapshot the audience was taken from")
            .column(Cols.FAMILY)
            .column(Cols.SEGMENT)
            .column(Cols.EXPORTED_COUNT, "Members written to the audience")
            .column(
                Cols.EXCLUDED_AGE_COUNT,
                "Members left out for their age (under clientele.export.min-age, or unknown)")
            .column(
                Cols.DROPPED_COUNT,
                "Members left out with nothing exportable (no consented channel with an identifier)")
            .column(Cols.HASH_KIND, "hmac (keyed, this warehouse's key) or sha256 (unsalted)")
            .column(Cols.EXPORT_FORMAT, "csv or parquet")
            .column(Cols.TARGET_PATH, "The folder the audience was written to")
            .column(Cols.EXPORTED_AT_TS, "When the audience folder was put in place"));
  }
}
