package dev.clientele.identity;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.AttributeSettings;
import dev.clientele.schema.Cols;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * unified_profiles: one row per customer, each attribute chosen among the customer's records by its
 * survivorship rule, plus channels, first/last seen, record counts, age band, keyed hashes of
 * e-mail and phone, and the marketing flag.
 */
public final class Profiles {
  private Profiles() {}

  /** Survivorship rule per attribute, preferred source order, the as-of date, the hasher. */
  public record Params(
      Function<String, String> ruleFor,
      List<String> preferredSources,
      LocalDate asOf,
      Hashing hashing,
      List<AttributeSettings.Attribute> attributes) {
    public Params(
        Function<String, String> ruleFor,
        List<String> preferredSources,
        LocalDate asOf,
        Hashing hashing) {
      this(ruleFor, preferredSources, asOf, hashing, List.of());
    }
  }

  /** Profile attribute -> the record column it is chosen from. */
  static final Map<String, String> ATTRIBUTES = new LinkedHashMap<>();

  static {
    ATTRIBUTES.put(Cols.FIRST_NAME, Cols.FIRST_NAME);
    ATTRIBUTES.put(Cols.LAST_NAME, Cols.LAST_NAME);
    ATTRIBUTES.put(Cols.EMAIL, IdentityRecords.EMAIL_NORM);
    ATTRIBUTES.put(Cols.PHONE, IdentityRecords.PHONE_NORM);
    ATTRIBUTES.put(Cols.LOYALTY_ID, IdentityRecords.LOYALTY_NORM);
    for (String a :
        List.of(
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
            Cols.CONSENT_SMS)) {
      ATTRIBUTES.put(a, a);
    }
  }

  /**
   * @param records identity records (customer and transaction rows, see {@link IdentityRecords})
   * @param map the identity map: node, customer_id, first_seen_date, last_seen_date
   */
  public static Dataset<Row> build(Dataset<Row> records, Dataset<Row> map, Params p) {
    Dataset<Row> r =
        records
            .join(
                map.select(
                    "node",
                    Cols.CUSTOMER_ID,
                    CustomerIds.FIRST_SEEN_DATE,
                    CustomerIds.LAST_SEEN_DATE),
                "node")
            .withColumn("order_ts", coalesce(col(Cols.UPDATED_TS), col(IdentityRecords.LAST_TS)))
            .withColumn("source_pref", sourcePreference(p.preferredSources()));
    // Custom attributes: each typed from its canonical string, then chosen like any attribute
    // (clientele.identity.survivorship.rules.attr_<name>, else the default rule).
    Map<String, String> attributes = new LinkedHashMap<>(ATTRIBUTES);
    for (AttributeSettings.Attribute a : p.attributes()) {
      r = r.withColumn(a.column(), customValue(a));
      attributes.put(a.column(), a.column());
    }
    List<Column> aggs = new ArrayList<>();
    List<String> frequent = new ArrayList<>();
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      String rule = p.ruleFor().apply(a.getKey());
      if (rule.equals("most-frequent")) {
        frequent.add(a.getKey());
      } else {
        aggs.add(survivor(col(a.getValue()), rule).as(a.getKey()));
      }
    }
    aggs.add(collect_set(Cols.CHANNEL).as("channel_set"));
    aggs.add(min(CustomerIds.FIRST_SEEN_DATE).as(CustomerIds.FIRST_SEEN_DATE));
    aggs.add(max(CustomerIds.LAST_SEEN_DATE).as(CustomerIds.LAST_SEEN_DATE));
    aggs.add(count_distinct(col("node")).as("source_record_count"));
    Dataset<Row> profiles =
        r.groupBy(Cols.CUSTOMER_ID)
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    for (String a : frequent) {
      profiles =
          profiles.join(
              mostFrequent(r, a, attributes.get(a)), new String[] {Cols.CUSTOMER_ID}, "left");
    }
    return derive(profiles, p);
  }

  /** A record's value of a custom attribute, typed (null when the record has none). */
  static Column customValue(AttributeSettings.Attribute a) {
    return functions.try_element_at(col(Cols.ATTRIBUTES), lit(a.name())).try_cast(a.type().spark());
  }

  /**
   * The surviving non-null value: max of a struct whose leading fields are the rule's order and
   * whose last fields (node, value) break ties, so the choice never depends on row order.
   */
  static Column survivor(Column value, String rule) {
    Column order =
        rule.equals("preferred-source")
            ? struct(col("source_pref"), col("order_ts"), col("node"), value.as("v"))
            : struct(col("order_ts"), col("source_pref"), col("node"), value.as("v"));
    return max(when(value.isNotNull(), order)).getField("v");
  }

  /** The value held by most records of the customer; ties go to the most recent. */
  private static Dataset<Row> mostFrequent(Dataset<Row> r, String name, String column) {
    return r.where(col(column).isNotNull())
        .groupBy(col(Cols.CUSTOMER_ID), col(column).as("v"))
        .agg(count(lit(1)).as("n"), max("order_ts").as("t"))
        .groupBy(Cols.CUSTOMER_ID)
        .agg(max(struct(col("n"), col("t"), col("v"))).getField("v").as(name));
  }

  /** Higher is preferred: the first listed source gets the list size, unlisted sources 0. */
  private static Column sourcePreference(List<String> preferred) {
    Column pref = lit(0);
    for (int i = preferred.size() - 1; i >= 0; i--) {
      pref =
          when(col(Cols.SOURCE).equalTo(preferred.get(i)), lit(preferred.size() - i))
              .otherwise(pref);
    }
    return pref;
  }

  private static Dataset<Row> derive(Dataset<Row> profiles, Params p) {
    Column online = array_contains(col("channel_set"), "online");
    Column offline = array_contains(col("channel_set"), "offline");
    Column channels =
        when(online.and(offline), lit("omnichannel"))
            .when(online, lit("online"))
            .when(offline, lit("offline"));
    Column marketable =
        coalesce(col(Cols.CONSENT_EMAIL).or(col(Cols.CONSENT_SMS)), lit(false))
            .and(coalesce(col(Cols.RELATIONSHIP), lit("consumer")).equalTo("consumer"));
    List<Column> out =
        new ArrayList<>(
            List.of(
                col(Cols.CUSTOMER_ID),
                col(Cols.FIRST_NAME),
                col(Cols.LAST_NAME),
                col(Cols.EMAIL),
                col(Cols.PHONE),
                emailHash(p.hashing()).as(Cols.EMAIL_HASH),
                phoneHash(p.hashing()).as(Cols.PHONE_HASH),
                col(Cols.LOYALTY_ID),
                col(Cols.BIRTH_DATE),
                ageBand(col(Cols.BIRTH_DATE), p.asOf()).as("age_band"),
                col(Cols.GENDER),
                col(Cols.ADDRESS_LINE),
                col(Cols.POSTCODE),
                col(Cols.CITY),
                col(Cols.REGION),
                col(Cols.COUNTRY),
                col(Cols.URBAN_RURAL),
                col(Cols.CUSTOMER_TYPE),
                col(Cols.RELATIONSHIP),
                col(Cols.INCOME_BAND),
                col(Cols.SATISFACTION_SCORE),
                col(Cols.PAYMENT_INCIDENTS),
                col(Cols.CONSENT_EMAIL),
                col(Cols.CONSENT_SMS),
                marketable.as(Cols.IS_MARKETABLE),
                channels.as("channels"),
                col(CustomerIds.FIRST_SEEN_DATE),
                col(CustomerIds.LAST_SEEN_DATE),
                col("source_record_count")));
    p.attributes().forEach(a -> out.add(col(a.column())));
    return profiles.select(out.toArray(Column[]::new));
  }

  /** Completed years at the as-of date, banded; null under 18 or without a birth date. */
  public static Column ageBand(Column birthDate, LocalDate asOf) {
    Column age = floor(months_between(lit(java.sql.Date.valueOf(asOf)), birthDate).divide(12));
    return when(age.geq(65), lit("65+"))
        .when(age.geq(55), lit("55-64"))
        .when(age.geq(45), lit("45-54"))
        .when(age.geq(35), lit("35-44"))
        .when(age.geq(25), lit("25-34"))
        .when(age.geq(18), lit("18-24"));
  }

  /**
   * unified_profiles.email_hash: the keyed hash of the profile's e-mail (a key rotation redoes it).
   */
  public static Column emailHash(Hashing h) {
    return h.hmacHex(col(Cols.EMAIL));
  }

  /** unified_profiles.phone_hash: the keyed hash of the profile's phone. */
  public static Column phoneHash(Hashing h) {
    return h.hmacHex(col(Cols.PHONE));
  }
}
