package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC keys of {@code clientele.privacy}: the current key (environment variable, else file,
 * else the development key) and the retired keys still used to match old suppression entries. Keys
 * never leave this class except as their {@link #fingerprint(String) fingerprint}; {@code toString}
 * shows fingerprints only.
 */
public final class PrivacySettings {
  /** The fixed message whose keyed hash identifies a key without revealing it. */
  public static final String FINGERPRINT_LABEL = "clientele-key-fingerprint";

  private final String secret;
  private final String secretEnv;
  private final List<String> retired;

  private PrivacySettings(String secret, String secretEnv, List<String> retired) {
    this.secret = secret;
    this.secretEnv = secretEnv;
    this.retired = List.copyOf(retired);
  }

  public static PrivacySettings from(Config root) {
    return from(root, System.getenv());
  }

  /**
   * Reads the keys; the development key is refused when refuse-dev-secret is true, and a retired
   * key variable that is unset is an error (its entries could not be matched).
   */
  public static PrivacySettings from(Config root, Map<String, String> env) {
    Config p = root.getConfig("clientele.privacy");
    String envName = p.getString("hmac-secret-env");
    String secret = secret(p, envName, env);
    if (p.getBoolean("refuse-dev-secret") && secret.equals(p.getString("dev-secret"))) {
      throw Errors.config(
          "the development HMAC secret is refused (clientele.privacy.refuse-dev-secret = true); set"
              + " the environment variable "
              + envName
              + " or clientele.privacy.hmac-secret-file");
    }
    List<String> retired = new ArrayList<>();
    String retiredKey = "retired-hmac-secret-envs";
    for (String name : p.hasPath(retiredKey) ? p.getStringList(retiredKey) : List.<String>of()) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw Errors.config(
            "clientele.privacy."
                + retiredKey
                + " names the environment variable "
                + name
                + ", which is not set; set it to the retired HMAC key or remove it from the list");
      }
      retired.add(value.strip());
    }
    String retiredFiles = "retired-hmac-secret-files";
    for (String file :
        p.hasPath(retiredFiles) ? p.getStringList(retiredFiles) : List.<String>of()) {
      try {
        retired.add(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw Errors.config(
            "clientele.privacy."
                + retiredFiles
                + " names '"
                + file
                + "', which cannot be read: "
                + e.getMessage());
      }
    }
    return new PrivacySettings(secret, envName, retired);
  }

  private static String secret(Config p, String envName, Map<String, String> env) {
    String fromEnv = envName.isBlank() ? null : env.get(envName);
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

  /** The current key. Only for keyed hashing; never log or print it. */
  public String secret() {
    return secret;
  }

  /** The retired keys, oldest first as configured. Only for matching old suppression entries. */
  public List<String> retiredSecrets() {
    return retired;
  }

  /** The name of the environment variable that holds the current key. */
  public String secretEnv() {
    return secretEnv;
  }

  /** The fingerprint of the current key. */
  public String fingerprint() {
    return fingerprint(secret);
  }

  /**
   * The first 16 hex characters of HMAC-SHA-256(key, {@value #FINGERPRINT_LABEL}): tells two keys
   * apart and reveals nothing usable about the key (a keyed hash of a public constant).
   */
  public static String fingerprint(String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal(FINGERPRINT_LABEL.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw Errors.internal("the JVM offers no HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    List<String> old = retired.stream().map(PrivacySettings::fingerprint).toList();
    return "PrivacySettings[key fingerprint " + fingerprint() + ", retired " + old + "]";
  }
}
