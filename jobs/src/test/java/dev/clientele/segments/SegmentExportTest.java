package dev.clientele.segments;

import static dev.clientele.testkit.DataFrameAssert.assertDataFrameEquals;
import static dev.clientele.testkit.DataFrameAssert.df;
import static dev.clientele.testkit.DataFrameAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clientele.identity.Normalise;
import dev.clientele.identity.PlainEmails;
import dev.clientele.segments.SegmentExport.HashKind;
import dev.clientele.segments.SegmentExport.Params;
import dev.clientele.testkit.SparkTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consent per channel, minimum age at the snapshot date and the two hash kinds, on members whose
 * outcome is worked out by hand (snapshot 2024-06-30, minimum age 18).
 */
@ExtendWith(SparkTest.class)
class SegmentExportTest {
  private static final LocalDate SNAPSHOT = LocalDate.of(2024, 6, 30);
  private static final StructType SEGMENTS =
      StructType.fromDDL("snapshot_date date, family string, segment string, customer_id string");
  private static final StructType OUT =
      StructType.fromDDL("customer_id string, email_hash string, phone_hash string");
  private static final StructType WITH_EXCLUSION =
      StructType.fromDDL(
          "customer_id string, email_hash string, phone_hash string, exclusion string");

  private static Object[] profile(
      String id,
      String email,
      String phone,
      String birth,
      String relationship,
      boolean consentEmail,
      boolean consentSms) {
    // is_marketable as resolve derives it: any consent, and a consumer.
    boolean marketable = (consentEmail || consentSms) && relationship.equals("consumer");
    return row(
        id,
        "F",
        "L",
        email,
        phone,
        email == null ? null : "eh-" + id,
        phone == null ? null : "ph-" + id,
        null,
        birth == null ? null : Date.valueOf(birth),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "person",
        relationship,
        null,
        null,
        0,
        consentEmail,
        consentSms,
        marketable,
        "online",
        null,
        null,
        1L,
        "r",
        Timestamp.valueOf("2024-07-01 00:00:00"));
  }

  private static Dataset<Row> profiles() {
    return df(
        SegmentStageFixtures.PROFILES,
        profile("a1", "jeandupont@gmail.com", "+33612345678", "1980-01-01", "consumer", true, true),
        // SMS consent only: the phone, never the e-mail.
        profile("a2", "a2@example.fr", "+33612345672", "1980-01-01", "consumer", false, true),
        // E-mail consent but no e-mail: nothing to export.
        profile("a3", null, "+33612345673", "1980-01-01", "consumer", true, false),
        // 18 on 2024-07-01, the day after the snapshot: 17 at the snapshot.
        profile("a4", "a4@example.fr", null, "2006-07-01", "consumer", true, true),
        // 18 on the snapshot day itself.
        profile("a5", "a5@example.fr", null, "2006-06-30", "consumer", true, true),
        profile("a6", "a6@example.fr", null, null, "consumer", true, true),
        // A partner consents but is not marketable.
        profile("a7", "a7@example.fr", "+33612345677", "1980-01-01", "partner", true, true),
        profile("a8", "a8@example.fr", "+33612345678", "1980-01-01", "consumer", true, true));
  }

  private static Dataset<Row> segments() {
    Date d = Date.valueOf(SNAPSHOT);
    List<Object[]> rows =
        new java.util.ArrayList<>(
            List.of(
                row(d, "value", "gold", "a1"),
                row(d, "value", "gold", "a2"),
                row(d, "value", "gold", "a3"),
                row(d, "value", "gold", "a4"),
                row(d, "value", "gold", "a5"),
                row(d, "value", "gold", "a6"),
                row(d, "value", "gold", "a7"),
                row(d, "value", "silver", "a8"),
                row(d, "rfm", "gold", "a8")));
    return df(SEGMENTS, rows.toArray(Object[][]::new));
  }

  private static Params params(HashKind hash, boolean includeUnknownAge) {
    return new Params("value", "gold", SNAPSHOT, hash, 18, includeUnknownAge);
  }

  @Test
  void eachChannelNeedsItsOwnConsentAndMembersUnderTheMinimumAgeAreLeftOut() {
    Dataset<Row> c =
        SegmentExport.candidates(segments(), profiles(), null, params(HashKind.hmac, false));
    assertDataFrameEquals(
        df(
            WITH_EXCLUSION,
            row("a1", "eh-a1", "ph-a1", null),
            row("a2", null, "ph-a2", null),
            row("a3", null, null, "nothing_exportable"),
            row("a4", "eh-a4", null, "under_age"),
            row("a5", "eh-a5", null, null),
            row("a6", "eh-a6", null, "unknown_age"),
            row("a7", null, null, "nothing_exportable")),
        c);
    assertDataFrameEquals(
        df(OUT, row("a1", "eh-a1", "ph-a1"), row("a2", null, "ph-a2"), row("a5", "eh-a5", null)),
        SegmentExport.audience(c));
    assertEquals(
        Map.of("exported", 3L, "under_age", 1L, "unknown_age", 1L, "nothing_exportable", 2L),
        SegmentExport.outcomes(c),
        "members counted by outcome");
  }

  @Test
  void unknownAgesAreExportedOnlyWhenConfiguredSo() {
    Dataset<Row> c =
        SegmentExport.candidates(segments(), profiles(), null, params(HashKind.hmac, true));
    assertEquals(
        Map.of("exported", 4L, "under_age", 1L, "unknown_age", 0L, "nothing_exportable", 2L),
        SegmentExport.outcomes(c),
        "a6, born on an unknown date, is exported");
  }

  @Test
  void sha256HashesTheEmailAsGivenAndTheE164Phone() throws Exception {
    StructType customers = StructType.fromDDL("source string, customer_key string, email string");
    StructType map = StructType.fromDDL("source string, customer_key string, customer_id string");
    Dataset<Row> bronze =
        df(
            customers,
            // Resolved to jeandupont@gmail.com (gmail's dots and +tag rules): a1's profile e-mail.
            row("accounts", "K1", "  Jean.Dupont+promo@GMAIL.com "),
            // Another e-mail of a1 that is not the profile's: never exported.
            row("pos", "P1", "jean@work.example"),
            row("accounts", "K2", "a2@example.fr"));
    Dataset<Row> ids =
        df(map, row("accounts", "K1", "a1"), row("pos", "P1", "a1"), row("accounts", "K2", "a2"));
    Normalise.EmailRules gmail =
        new Normalise.EmailRules(List.of("gmail.com"), List.of("gmail.com"));
    Dataset<Row> plain = PlainEmails.of(bronze, ids, gmail);
    Dataset<Row> c =
        SegmentExport.candidates(segments(), profiles(), plain, params(HashKind.sha256, false));
    assertDataFrameEquals(
        df(
            OUT,
            row("a1", sha256("jean.dupont+promo@gmail.com"), sha256("+33612345678")),
            row("a2", null, sha256("+33612345672"))),
        SegmentExport.audience(c));
    // a5's e-mail is in no customer file here: no address as given to hash, and no phone.
    assertEquals(
        Map.of("exported", 2L, "under_age", 1L, "unknown_age", 1L, "nothing_exportable", 3L),
        SegmentExport.outcomes(c),
        "a5 has nothing exportable under sha256");
  }

  /** The reference: SHA-256 of the UTF-8 bytes, lower-case hex (java.security, not Spark). */
  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
