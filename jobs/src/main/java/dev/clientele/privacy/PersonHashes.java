package dev.clientele.privacy;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.identity.Normalise;
import dev.clientele.identity.Phones;
import org.apache.spark.sql.Column;

/**
 * The one definition of what is keyed-hashed to name a person's values in erasure requests, deletes
 * and ingest suppression: identifiers in the resolver's normalised form (so every spelling of an
 * e-mail, phone or loyalty id hashes alike), source keys, customer ids and device ids, each with a
 * kind prefix so that equal strings of two kinds never collide.
 */
public final class PersonHashes {
  private PersonHashes() {}

  /** The kinds of hashed values an erasure names. */
  public enum Kind {
    /** A record's graph node ("source|customer_key", the customer-source's key space). */
    NODE("node"),
    /** Normalised e-mail. */
    EMAIL("email"),
    /** Phone in E.164. */
    PHONE("phone"),
    /** Normalised loyalty id. */
    LOYALTY_ID("loyalty_id"),
    CUSTOMER_ID("customer_id"),
    DEVICE_ID("device_id");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The name stored in tables (erasure_requests.value_kind, erasure_suppression.kind). */
    public String label() {
      return label;
    }

    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown kind " + label);
    }
  }

  /** The normaliser parameters of the resolver (clientele.identity), reused as they are. */
  public record Rules(Normalise.EmailRules emailRules, String phoneRegion) {
    public static Rules of(IdentityRecords.Params p) {
      return new Rules(p.emailRules(), p.phoneRegion());
    }
  }

  /** The resolver's normal form of a raw value of an identifier kind; null when it has none. */
  public static Column normalised(Kind kind, Column raw, Rules rules) {
    return switch (kind) {
      case EMAIL -> Normalise.email(raw, rules.emailRules());
      case PHONE -> Phones.e164(raw, rules.phoneRegion());
      case LOYALTY_ID -> Normalise.loyalty(raw);
      default -> throw new IllegalArgumentException(kind + " is not an identifier");
    };
  }

  /**
   * The hash of an already normalised value (a node, a customer id, a device id as they are): HMAC
   * of "kind:value"; null for null.
   */
  public static Column hash(Hashing hashing, Kind kind, Column value) {
    return hashing.hmacHex(concat(lit(kind.label() + ":"), value));
  }

  /** The hash of a raw identifier: normalised the resolver's way first. */
  public static Column identifierHash(Hashing hashing, Kind kind, Column raw, Rules rules) {
    return hash(hashing, kind, normalised(kind, raw, rules));
  }

  /** The hash of a record's node from its (key) source and customer key. */
  public static Column nodeHash(Hashing hashing, Column keySource, Column customerKey) {
    return hash(hashing, Kind.NODE, IdentityRecords.node(keySource, customerKey));
  }

  /** Driver form of {@link #hash(Hashing, Kind, Column)} for one value. */
  public static String hash(Hashing hashing, Kind kind, String value) {
    return value == null ? null : hashing.hmacHex(kind.label() + ":" + value);
  }

  /**
   * What ingest hashes for a suppressed source key: "source|customer_key" in the row's own source
   * (kept as entries made before the kinds existed were made).
   */
  public static Column sourceKeyHash(Hashing hashing, Column source, Column customerKey) {
    return hashing.hmacHex(concat_ws("|", source, customerKey));
  }
}
