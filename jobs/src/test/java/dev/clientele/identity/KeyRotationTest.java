package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clientele.cli.ClienteleMain;
import dev.clientele.config.ConfigLoader;
import dev.clientele.config.PrivacySettings;
import dev.clientele.pipeline.SamplePipeline;
import dev.clientele.testkit.OutputCapture;
import dev.clientele.testkit.SparkTest;
import dev.clientele.testkit.WarehouseFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate-key} on a copy of the sample run (data-samples/README.md): refused without the
 * recorded key, then re-keys guest keys, profile hashes and term frequencies so that a resolve with
 * the new key keeps every customer id; a second rotation changes nothing. Expected hashes are
 * computed here with javax.crypto, not with the project's Hashing.
 */
@ExtendWith(SparkTest.class)
class KeyRotationTest {
  /** A guest checkout of the samples (web_orders.csv, no account): only its e-mail keys it. */
  private static final String GUEST = "email:claire.moreau2010@free.fr";

  private static final String NEW_KEY = "rotation-test-new-key";

  @TempDir Path tmp;

  @Test
  void rotationKeepsEveryCustomerIdAndIsSafeToRepeat() throws Exception {
    Path wh = WarehouseFiles.copy(SamplePipeline.warehouse(), "clientele-rotation-");
    String oldKey =
        PrivacySettings.from(
                ConfigLoader.load(
                    null,
                    SparkTest.projectDir().resolve("conf/samples.conf"),
                    List.of(),
                    System.getenv()))
            .secret();
    assertEquals(PrivacySettings.fingerprint(oldKey), fingerprint(wh), "the sample run's key");
    Path oldFile = Files.writeString(tmp.resolve("old"), oldKey);
    Path newFile = Files.writeString(tmp.resolve("new"), NEW_KEY);
    Path strayFile = Files.writeString(tmp.resolve("stray"), "some-other-retired-key");

    Map<String, String> idsBefore = ids(wh);
    String oldGuest = "guest:" + hmac(oldKey, GUEST).substring(0, 20);
    String newGuest = "guest:" + hmac(NEW_KEY, GUEST).substring(0, 20);
    String guestId = idsBefore.get(oldGuest);
    assertTrue(guestId != null, "the guest is in the identity map under the old key");
    Dataset<Row> tfBefore = latestTermFrequencies(wh);
    long tfRows = tfBefore.count();
    assertTrue(tfRows > 0, "the sample model has term frequencies");

    // Without the recorded key among the retired ones: refused, nothing changed.
    OutputCapture.Captured<Integer> refused = rotate(wh, newFile, strayFile);
    assertEquals(2, refused.result(), refused.text());
    assertTrue(refused.text().contains("not among the retired keys"), refused.text());
    assertFalse(refused.text().contains(oldKey), "never the key: " + refused.text());
    assertEquals(PrivacySettings.fingerprint(oldKey), fingerprint(wh));

    OutputCapture.Captured<Integer> rotated = rotate(wh, newFile, oldFile);
    assertEquals(0, rotated.result(), rotated.text());
    assertEquals(PrivacySettings.fingerprint(NEW_KEY), fingerprint(wh));
    JsonNode meta = meta(wh);
    assertEquals(
        PrivacySettings.fingerprint(oldKey),
        meta.get("previous").get(0).get("fingerprint").asText());

    // Guest keys translated, every id kept: the same ids under the new guest key.
    Map<String, String> idsAfter = ids(wh);
    assertEquals(guestId, idsAfter.get(newGuest), "the guest keeps its customer id");
    assertFalse(idsAfter.containsKey(oldGuest), "no old guest key is left");
    assertEquals(idsBefore.size(), idsAfter.size());
    assertEquals(
        new java.util.TreeSet<>(idsBefore.values()), new java.util.TreeSet<>(idsAfter.values()));

    // Profile hashes under the new key, checked on one profile with javax.crypto.
    Row profile =
        SparkTest.spark()
            .read()
            .format("delta")
            .load(wh.resolve("unified_profiles").toString())
            .where(col("email").isNotNull())
            .select("email", "email_hash")
            .orderBy("email")
            .first();
    assertEquals(hmac(NEW_KEY, profile.getString(0)), profile.getString(1));

    // Term frequencies: same entries and frequencies, other hashes (the data did not change).
    Dataset<Row> tfAfter = latestTermFrequencies(wh);
    assertEquals(tfRows, tfAfter.count(), "no entry dropped");
    assertEquals(0, tfAfter.join(tfBefore, "value_hmac").count(), "no old hash left");
    assertEquals(
        sortedFrequencies(tfBefore), sortedFrequencies(tfAfter), "the same frequencies, re-keyed");

    // Again: nothing to do, nothing written.
    long mapVersion = version(wh, "customer_identity_map");
    OutputCapture.Captured<Integer> again = rotate(wh, newFile, oldFile);
    assertEquals(0, again.result(), again.text());
    assertTrue(again.text().contains("already_current"), again.text());
    assertEquals(mapVersion, version(wh, "customer_identity_map"));

    // A resolve with the new key (the old one still retired, for the suppression entries): every
    // customer id is kept.
    OutputCapture.Captured<Integer> resolve =
        OutputCapture.during(
            () ->
                ClienteleMain.execute(
                    args(wh, newFile, oldFile, "resolve").toArray(String[]::new)));
    assertEquals(0, resolve.result(), resolve.text());
    assertEquals(idsAfter, ids(wh), "resolve with the new key keeps every customer id");
  }

  private static OutputCapture.Captured<Integer> rotate(Path wh, Path current, Path retired) {
    return OutputCapture.during(
        () ->
            ClienteleMain.execute(args(wh, current, retired, "rotate-key").toArray(String[]::new)));
  }

  private static List<String> args(Path wh, Path current, Path retired, String command) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--as-of",
            SamplePipeline.AS_OF,
            "--config",
            SparkTest.projectDir().resolve("conf/samples.conf").toString(),
            "--set",
            "clientele.warehouse=" + wh,
            "--set",
            "clientele.clustering.k=3",
            "--set",
            "clientele.privacy.hmac-secret-env=CLIENTELE_UNSET_FOR_TEST",
            "--set",
            "clientele.privacy.hmac-secret-file=\"" + current + "\"",
            "--set",
            "clientele.privacy.retired-hmac-secret-files=[\"" + retired + "\"]"));
    return a;
  }

  /** customer_key to customer_id of the identity map (a few hundred rows). */
  private static Map<String, String> ids(Path wh) {
    Map<String, String> m = new TreeMap<>();
    for (Row r :
        SparkTest.spark()
            .read()
            .format("delta")
            .load(wh.resolve("customer_identity_map").toString())
            .select("source", "customer_key", "customer_id")
            .collectAsList()) {
      String key =
          r.getString(1).startsWith("guest:")
              ? r.getString(1)
              : r.getString(0) + "|" + r.getString(1);
      m.put(key, r.getString(2));
    }
    return m;
  }

  private static Dataset<Row> latestTermFrequencies(Path wh) {
    int latest = ModelStore.latest(new dev.clientele.io.TableIO(SparkTest.spark(), wh.toString()));
    return SparkTest.spark()
        .read()
        .format("delta")
        .load(wh.resolve(ModelStore.table(latest, "term_frequencies")).toString())
        .localCheckpoint();
  }

  private static List<String> sortedFrequencies(Dataset<Row> tf) {
    return tf
        .selectExpr("concat(column_name, '=', cast(tf as string), '/', cast(records as string))")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  private static long version(Path wh, String table) {
    return SparkTest.spark()
        .sql("DESCRIBE HISTORY delta.`" + wh.resolve(table) + "` LIMIT 1")
        .first()
        .getLong(0);
  }

  private static String fingerprint(Path wh) throws Exception {
    return meta(wh).get("fingerprint").asText();
  }

  private static JsonNode meta(Path wh) throws Exception {
    return new ObjectMapper().readTree(wh.resolve("_meta/hmac_key.json").toFile());
  }

  private static String hmac(String key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }
}
