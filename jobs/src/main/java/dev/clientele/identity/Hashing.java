package dev.clientele.identity;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import dev.clientele.config.PrivacySettings;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Keyed hashes (HMAC-SHA-256, lower-case hex) of PII such as normalised e-mails and phones, so
 * tables can join on them without holding the raw value. Reusable by any stage.
 */
public final class Hashing implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] secret;

  public Hashing(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The current key of clientele.privacy (see {@link PrivacySettings}). */
  public static Hashing fromConfig(Config root) {
    return new Hashing(PrivacySettings.from(root).secret());
  }

  /** One Hashing per key that may have made a suppression entry: the current one, then retired. */
  public static List<Hashing> allFromConfig(Config root) {
    PrivacySettings p = PrivacySettings.from(root);
    List<Hashing> all = new ArrayList<>();
    all.add(new Hashing(p.secret()));
    p.retiredSecrets().forEach(k -> all.add(new Hashing(k)));
    return all;
  }

  /** The fingerprint of this key ({@link PrivacySettings#fingerprint(String)}). */
  public String fingerprint() {
    return PrivacySettings.fingerprint(new String(secret, StandardCharsets.UTF_8));
  }

  /** HMAC-SHA-256 of the UTF-8 bytes as 64 lower-case hex characters; null for null. */
  public String hmacHex(String value) {
    if (value == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw Errors.internal("the JVM offers no HmacSHA256", e);
    }
  }

  /** The Column form of {@link #hmacHex} (Spark has no keyed hash built in). */
  public Column hmacHex(Column value) {
    UDF1<String, String> f = this::hmacHex;
    return functions.udf(f, DataTypes.StringType).apply(value);
  }

  /** A short masked form for logs and the run summary: the first 12 hex characters of the HMAC. */
  public String mask(String value) {
    String h = hmacHex(value);
    return h == null ? null : h.substring(0, 12);
  }
}
