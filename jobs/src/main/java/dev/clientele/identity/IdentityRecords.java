package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Identity records: one row per (source, customer_key) observation, from customer files and from
 * transactions, with normalised identifiers. A record's graph node is "source|customer_key".
 */
public final class IdentityRecords {
  private IdentityRecords() {}

  public static final String NODE = "node";
  public static final String KIND = "record_kind";
  public static final String EMAIL_NORM = "email_norm";
  public static final String PHONE_NORM = "phone_norm";
  public static final String LOYALTY_NORM = "loyalty_norm";
  public static final String EMAIL_RAW = "email_raw";
  public static final String PHONE_RAW = "phone_raw";
  public static final String LOYALTY_RAW = "loyalty_raw";
  public static final String FIRST_NAME_NORM = "first_name_norm";
  public static final String LAST_NAME_NORM = "last_name_norm";
  public static final String FULL_NAME_NORM = "full_name_norm";
  public static final String POSTCODE_NORM = "postcode_norm";
  public static final String CITY_NORM = "city_norm";
  public static final String ADDRESS_NORM = "address_norm";
  public static final String FIRST_TS = "first_ts";
  public static final String LAST_TS = "last_ts";

  /**
   * The record key a transaction resolves through: its customer_key, or a synthesised guest key.
   */
  public static final String RECORD_KEY = "record_customer_key";

  /** The source a transaction\'s customer key belongs to (see withCustomerSources). */
  public static final String KEY_SOURCE = "_key_source";

  /** Normaliser parameters and the keyed hash that synthesises guest keys. */
  public record Params(
      Normalise.EmailRules emailRules,
      String phoneRegion,
      List<String> extraMatchKeys,
      Hashing hashing) {}

  /** Columns of bronze_customers copied as they are into a record (for profiles). */
  static final List<String> CUSTOMER_ATTRIBUTES =
      List.of(
          Cols.FIRST_NAME,
          Cols.LAST_NAME,
          Cols.BIRTH_DATE,
          Cols.GENDER,
          Cols.ADDRESS_LINE,
          Cols.POSTCODE,
          Cols.CITY,
          Cols.REGION,
          Cols.COUNTRY,
          Cols.URBAN_RURAL,
          Cols.CUSTOMER_TYPE,
          Cols.RELATIONSHIP,
          Cols.INCOME_BAND,
          Cols.SATISFACTION_SCORE,
          Cols.PAYMENT_INCIDENTS,
          Cols.CONSENT_EMAIL,
          Cols.CONSENT_SMS,
          Cols.UPDATED_TS);

  private static final Map<String, String> ATTRIBUTE_TYPES =
      Map.of(
          Cols.BIRTH_DATE,
          "date",
          Cols.SATISFACTION_SCORE,
          "double",
          Cols.PAYMENT_INCIDENTS,
          "int",
          Cols.CONSENT_EMAIL,
          "boolean",
          Cols.CONSENT_SMS,
          "boolean",
          Cols.UPDATED_TS,
          "timestamp");

  /** Column name of an extra deterministic key (e.g. "account_id" -> "key_account_id"). */
  public static String extraKeyColumn(String key) {
    return "key_" + key;
  }

  /** Records from bronze_customers (columns the table lacks are taken as null). */
  public static Dataset<Row> fromCustomers(Dataset<Row> customers, Params p) {
    Set<String> have = Set.of(customers.columns());
    for (String k : p.extraMatchKeys()) {
      if (!have.contains(k)) {
        throw Errors.config(
            "clientele.identity.match-keys names '"
                + k
                + "', which bronze_customers lacks; columns found: "
                + Arrays.toString(customers.columns()));
      }
    }
    List<Column> cols = new ArrayList<>();
    cols.add(node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)).as(NODE));
    cols.add(col(Cols.SOURCE));
    cols.add(col(Cols.CUSTOMER_KEY));
    cols.add(colOrNull(have, Cols.CHANNEL, "string").as(Cols.CHANNEL));
    cols.add(lit("customer").as(KIND));
    identifiers(
            colOrNull(have, Cols.EMAIL, "string"),
            colOrNull(have, Cols.PHONE, "string"),
            colOrNull(have, Cols.LOYALTY_ID, "string"),
            p)
        .forEach((name, c) -> cols.add(c.as(name)));
    for (String a : CUSTOMER_ATTRIBUTES) {
      cols.add(colOrNull(have, a, ATTRIBUTE_TYPES.getOrDefault(a, "string")).as(a));
    }
    cols.add(colOrNull(have, Cols.ATTRIBUTES, "map<string,string>").as(Cols.ATTRIBUTES));
    Column created = colOrNull(have, Cols.CREATED_TS, "timestamp");
    Column updated = colOrNull(have, Cols.UPDATED_TS, "timestamp");
    cols.add(coalesce(created, updated).as(FIRST_TS));
    cols.add(coalesce(updated, created).as(LAST_TS));
    for (String k : p.extraMatchKeys()) {
      cols.add(Normalise.loyalty(col(k).cast("string")).as(extraKeyColumn(k)));
    }
    Dataset<Row> r =
        customers.where(col(Cols.CUSTOMER_KEY).isNotNull()).select(cols.toArray(Column[]::new));
    Column first = col(Cols.FIRST_NAME).cast("string");
    Column last = col(Cols.LAST_NAME).cast("string");
    return r.withColumn(FIRST_NAME_NORM, Normalise.name(first))
        .withColumn(LAST_NAME_NORM, Normalise.name(last))
        .withColumn(FULL_NAME_NORM, Normalise.fullName(col(FIRST_NAME_NORM), col(LAST_NAME_NORM)))
        .withColumn(POSTCODE_NORM, Normalise.postcode(col(Cols.POSTCODE).cast("string")))
        .withColumn(CITY_NORM, Normalise.text(col(Cols.CITY).cast("string")))
        .withColumn(ADDRESS_NORM, Normalise.text(col(Cols.ADDRESS_LINE).cast("string")));
  }

  /**
   * bronze_transactions plus normalised identifiers and {@link #RECORD_KEY}: the customer_key, or
   * for a keyless sale carrying an identifier "guest:" + 20 hex of the HMAC of that identifier (so
   * the same guest e-mail always gives the same key, and the key reveals nothing); null when the
   * sale is anonymous.
   */
  public static Dataset<Row> keyTransactions(Dataset<Row> tx, Params p) {
    Dataset<Row> t =
        tx.withColumns(identifiers(col(Cols.EMAIL), col(Cols.PHONE), col(Cols.LOYALTY_ID), p));
    Column ident = guestIdentifier();
    Column guest = guestKey(ident, p.hashing());
    return t.withColumn(
            RECORD_KEY, coalesce(col(Cols.CUSTOMER_KEY), when(ident.isNotNull(), guest)))
        .withColumn(KEY_SOURCE, col(Cols.SOURCE));
  }

  /**
   * (old_key, new_key): the guest key each keyless sale with an identifier gets under {@code p}'s
   * key and under {@code to}: what a key rotation translates in the tables that hold guest keys.
   */
  public static Dataset<Row> guestKeyChanges(Dataset<Row> tx, Params p, Hashing to) {
    Column ident = guestIdentifier();
    return tx.where(col(Cols.CUSTOMER_KEY).isNull())
        .withColumns(identifiers(col(Cols.EMAIL), col(Cols.PHONE), col(Cols.LOYALTY_ID), p))
        .where(ident.isNotNull())
        .select(guestKey(ident, p.hashing()).as("old_key"), guestKey(ident, to).as("new_key"))
        .distinct();
  }

  /** The normalised identifier a guest key hashes: e-mail, else phone, else loyalty id. */
  private static Column guestIdentifier() {
    return coalesce(
        concat(lit("email:"), col(EMAIL_NORM)),
        concat(lit("phone:"), col(PHONE_NORM)),
        concat(lit("loyalty:"), col(LOYALTY_NORM)));
  }

  private static Column guestKey(Column ident, Hashing h) {
    return concat(lit("guest:"), substring(h.hmacHex(ident), 1, 20));
  }

  /**
   * The source whose customer keys a transaction carries: its own, or the one configured as its
   * {@code customer-source} (web orders keyed by the accounts source's account id), so that both
   * observations of a key are one identity record.
   */
  public static Dataset<Row> withCustomerSources(
      Dataset<Row> keyedTx, Map<String, String> customerSources) {
    return keyedTx.withColumn(
        KEY_SOURCE,
        dev.clientele.config.CustomerSources.keySource(col(Cols.SOURCE), customerSources));
  }

  /** The source whose key space a row's customer_key belongs to (for callers outside identity). */
  public static Column keySource(Column source, Map<String, String> customerSources) {
    return dev.clientele.config.CustomerSources.keySource(source, customerSources);
  }

  /** Records from keyed transactions: one per (source, key, identifiers, channel). */
  public static Dataset<Row> fromTransactions(Dataset<Row> keyedTx) {
    return keyedTx
        .where(col(RECORD_KEY).isNotNull())
        .groupBy(
            col(KEY_SOURCE).as(Cols.SOURCE),
            col(RECORD_KEY).as(Cols.CUSTOMER_KEY),
            col(Cols.CHANNEL),
            col(EMAIL_NORM),
            col(PHONE_NORM),
            col(LOYALTY_NORM),
            col(EMAIL_RAW),
            col(PHONE_RAW),
            col(LOYALTY_RAW))
        .agg(min(Cols.EVENT_TS).as(FIRST_TS), max(Cols.EVENT_TS).as(LAST_TS))
        .withColumn(NODE, node(col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)))
        .withColumn(KIND, lit("transaction"));
  }

  /** Customer and transaction records in one frame (missing columns null). */
  public static Dataset<Row> union(Dataset<Row> customerRecords, Dataset<Row> txRecords) {
    if (customerRecords == null) {
      return txRecords;
    }
    return customerRecords.unionByName(txRecords, true);
  }

  /** The graph node of a record: "source|customer_key" (source trimmed and lower-cased). */
  public static Column node(Column source, Column customerKey) {
    return concat(lower(trim(source)), lit("|"), trim(customerKey.cast("string")));
  }

  private static Map<String, Column> identifiers(
      Column email, Column phone, Column loyalty, Params p) {
    Map<String, Column> m = new LinkedHashMap<>();
    m.put(EMAIL_NORM, Normalise.email(email, p.emailRules()));
    m.put(PHONE_NORM, Phones.e164(phone, p.phoneRegion()));
    m.put(LOYALTY_NORM, Normalise.loyalty(loyalty));
    // Raw forms (trimmed, lower case) only to match the blocked-identifiers list.
    m.put(EMAIL_RAW, lower(trim(email)));
    m.put(PHONE_RAW, lower(trim(phone)));
    m.put(LOYALTY_RAW, lower(trim(loyalty)));
    return m;
  }

  private static Column colOrNull(Set<String> have, String name, String type) {
    if (have.contains(name)) {
      return col(name);
    }
    return lit(null).cast(type);
  }
}
