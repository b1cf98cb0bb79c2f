package dev.clientele.identity;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
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

  /**
   * The secret from the environment variable named in clientele.privacy.hmac-secret-env, else the
   * file in hmac-secret-file, else the development secret (refused when refuse-dev-secret is true).
   */
  public static Hashing fromConfig(Config root) {
    Config p = root.getConfig("clientele.privacy");
    String secret = secret(p);
    if (p.getBoolean("refuse-dev-secret") && secret.equals(p.getString("dev-secret"))) {
      throw Errors.config(
          "the development HMAC secret is refused (clientele.privacy.refuse-dev-secret = true); set"
              + " the environment variable "
              + p.getString("hmac-secret-env")
              + " or clientele.privacy.hmac-secret-file");
    }
    return new Hashing(secret);
  }

  private static String secret(Config p) {
    String envName = p.getString("hmac-secret-env");
    String fromEnv = envName.isBlank() ? null : System.getenv(envName);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String file = p.getString("hmac-secret-file");
    if (!file.isBlank()) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw Errors.config(
            "clientele.privacy.hmac-secret-file '" + file + "' cannot be read: " + e.getMessage());
      }
    }
    return p.getString("dev-secret");
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
