package dev.clientele.segments;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An audience for campaign tools: the members of one segment of a published snapshot who may be
 * contacted, as customer_id and a hash per consented channel. Never raw personal data. Consent,
 * relationship and identifiers are taken from the current profile, so a consent withdrawn since the
 * snapshot is honoured; age is counted at the snapshot date.
 */
public final class SegmentExport {
  private SegmentExport() {}

  /** How identifiers are hashed. */
  public enum HashKind {
    /** This warehouse's keyed HMAC (the profiles' email_hash / phone_hash). */
    hmac,
    /**
     * Unsalted SHA-256 hex of the e-mail trimmed and lower-cased and of the E.164 phone: the form
     * advertising platforms match on (Google Customer Match, Meta Custom Audiences).
     */
    sha256
  }

  /** Why a member is not exported: the {@link #EXCLUSION} column, null when exported. */
  public static final String UNDER_AGE = "under_age";

  public static final String UNKNOWN_AGE = "unknown_age";
  public static final String NOTHING_EXPORTABLE = "nothing_exportable";
  public static final String EXCLUSION = "exclusion";

  /**
   * What to export and under which rules.
   *
   * @param snapshot the snapshot date, at which ages are counted
   * @param minAge minimum age in completed years
   * @param includeUnknownAge whether members without a birth date are exported
   */
  public record Params(
      String family,
      String segment,
      LocalDate snapshot,
      HashKind hash,
      int minAge,
      boolean includeUnknownAge) {}

  /**
   * Every member of the segment once: customer_id, email_hash and phone_hash (null for a channel
   * without consent or identifier) and {@link #EXCLUSION}.
   *
   * @param profiles unified_profiles
   * @param plainEmails (customer_id, email_norm, email_plain): each customer's e-mails as the
   *     sources wrote them, trimmed and lower-cased, beside the resolver's form; used by {@link
   *     HashKind#sha256} only, may be null for {@link HashKind#hmac}
   */
  public static Dataset<Row> candidates(
      Dataset<Row> segments, Dataset<Row> profiles, Dataset<Row> plainEmails, Params p) {
    Dataset<Row> members =
        segments
            .where(col(Cols.FAMILY).equalTo(p.family()).and(col(Cols.SEGMENT).equalTo(p.segment())))
            .select(Cols.CUSTOMER_ID)
            .distinct();
    Dataset<Row> withProfile = members.join(profiles, new String[] {Cols.CUSTOMER_ID}, "left");
    Column emailHash;
    Column phoneHash;
    if (p.hash() == HashKind.sha256) {
      Dataset<Row> plain =
          plainEmails
              .groupBy(col(Cols.CUSTOMER_ID).as("pe_id"), col("email_norm").as("pe_norm"))
              .agg(min("email_plain").as("email_plain"));
      withProfile =
          withProfile.join(
              plain,
              col(Cols.CUSTOMER_ID)
                  .equalTo(col("pe_id"))
                  .and(col(Cols.EMAIL).equalTo(col("pe_norm"))),
              "left");
      emailHash = sha2(lower(trim(col("email_plain"))), 256);
      phoneHash = sha2(col(Cols.PHONE), 256);
    } else {
      emailHash = col("email_hash");
      phoneHash = col("phone_hash");
    }
    // is_marketable also requires a consumer relationship (partners, staff and tests are not).
    Column may = coalesce(col(Cols.IS_MARKETABLE), lit(false));
    Column email = when(may.and(coalesce(col(Cols.CONSENT_EMAIL), lit(false))), emailHash);
    Column phone = when(may.and(coalesce(col(Cols.CONSENT_SMS), lit(false))), phoneHash);
    Column age =
        floor(months_between(lit(Date.valueOf(p.snapshot())), col(Cols.BIRTH_DATE)).divide(12));
    Column exclusion =
        when(col(Cols.BIRTH_DATE).isNull().and(lit(!p.includeUnknownAge())), lit(UNKNOWN_AGE))
            .when(age.lt(p.minAge()), lit(UNDER_AGE))
            .when(col("x_email").isNull().and(col("x_phone").isNull()), lit(NOTHING_EXPORTABLE));
    return withProfile
        .select(
            col(Cols.CUSTOMER_ID), email.as("x_email"), phone.as("x_phone"), col(Cols.BIRTH_DATE))
        .withColumn(EXCLUSION, exclusion)
        .select(
            col(Cols.CUSTOMER_ID),
            col("x_email").as("email_hash"),
            col("x_phone").as("phone_hash"),
            col(EXCLUSION));
  }

  /** The audience: the candidates not excluded, customer_id, email_hash, phone_hash. */
  public static Dataset<Row> audience(Dataset<Row> candidates) {
    return candidates.where(col(EXCLUSION).isNull()).drop(EXCLUSION);
  }

  /**
   * Members by outcome: "exported" and each exclusion reason, in one pass. At most four rows reach
   * the driver.
   */
  public static Map<String, Long> outcomes(Dataset<Row> candidates) {
    Map<String, Long> counts = new TreeMap<>();
    for (String k : List.of("exported", UNDER_AGE, UNKNOWN_AGE, NOTHING_EXPORTABLE)) {
      counts.put(k, 0L);
    }
    // One row per outcome: four at most.
    for (Row r :
        candidates
            .groupBy(coalesce(col(EXCLUSION), lit("exported")).as("outcome"))
            .count()
            .collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /** The snapshot to export: the given date if published, else the latest published. */
  public static LocalDate snapshot(TableIO io, LocalDate asOf) {
    return PublishedSnapshots.atOrBefore(io, asOf)
        .filter(d -> asOf == null || d.equals(asOf))
        .orElseThrow(
            () ->
                Errors.input(
                    asOf == null
                        ? "no published snapshot of customer_segments; run 'segment' or 'pipeline'"
                            + " first"
                        : "customer_segments has no published snapshot " + asOf));
  }

  /** Fails when the segment does not exist in the snapshot, listing the family's segments. */
  public static void requireSegment(Dataset<Row> segments, String family, String segment) {
    Dataset<Row> ofFamily = segments.where(col("family").equalTo(family));
    if (!ofFamily.where(col("segment").equalTo(segment)).isEmpty()) {
      return;
    }
    // The segment names of one family: a short list.
    List<String> known =
        ofFamily
            .select("segment")
            .distinct()
            .orderBy("segment")
            .limit(50)
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    throw Errors.input(
        "segment '"
            + segment
            + "' of family '"
            + family
            + "' is not in "
            + Tables.CUSTOMER_SEGMENTS
            + (known.isEmpty() ? "; the family does not exist" : "; its segments: " + known));
  }
}
