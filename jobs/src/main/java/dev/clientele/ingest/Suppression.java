package dev.clientele.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.identity.Hashing;
import dev.clientele.io.SuppressionTable;
import dev.clientele.privacy.PersonHashes;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies the erasure suppression list: a row of an erased person (by hashed source key or hashed
 * identifier) is not accepted again. It is counted in quarantine with reason {@code erased} and no
 * raw row, so the reconciliation holds and no personal data comes back.
 */
final class Suppression {
  static final String REASON = "erased";

  private Suppression() {}

  private static final Map<Kind, String> IDENTIFIERS =
      Map.of(Kind.EMAIL, Cols.EMAIL, Kind.PHONE, Cols.PHONE, Kind.LOYALTY_ID, Cols.LOYALTY_ID);

  /**
   * The hashes a row is matched on: its node and its identifiers normalised the resolver's way
   * (entries of erase), its device id, and the forms entries made before normalisation had
   * (source|key, trimmed lower-case raw identifier) so that older entries still hold.
   */
  private static List<Column> candidates(
      Hashing hashing, List<String> present, String source, PersonHashes.Rules rules) {
    List<Column> out = new ArrayList<>();
    if (present.contains(Cols.CUSTOMER_KEY)) {
      out.add(PersonHashes.nodeHash(hashing, lit(source), col(Cols.CUSTOMER_KEY)));
      out.add(PersonHashes.sourceKeyHash(hashing, lit(source), col(Cols.CUSTOMER_KEY)));
    }
    for (Map.Entry<Kind, String> e : IDENTIFIERS.entrySet()) {
      if (present.contains(e.getValue())) {
        out.add(PersonHashes.identifierHash(hashing, e.getKey(), col(e.getValue()), rules));
        out.add(hashing.hmacHex(lower(trim(col(e.getValue())))));
      }
    }
    if (present.contains(Cols.DEVICE_ID)) {
      out.add(PersonHashes.hash(hashing, Kind.DEVICE_ID, trim(col(Cols.DEVICE_ID))));
    }
    return out;
  }

  /**
   * @param suppressed the {@code erasure_suppression} table (identifier_hash, kind), small: one row
   *     per erased identifier; null when nothing was ever erased
   */
  static Dataset<Row> mark(
      Dataset<Row> rows, Dataset<Row> suppressed, Hashing hashing, String source) {
    return mark(rows, suppressed, List.of(hashing), source);
  }

  /**
   * The keys to match the entries with (current first); refuses entries made with a key that is
   * neither the current nor a configured retired one, since they could not be honoured.
   */
  static List<Hashing> keys(Dataset<Row> suppressed, List<Hashing> keys) {
    Set<String> known = new TreeSet<>();
    keys.forEach(k -> known.add(k.fingerprint()));
    Set<String> unknown = new TreeSet<>(SuppressionTable.fingerprints(suppressed));
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw Errors.config(
          "erasure_suppression holds entries made with the HMAC key(s) of fingerprint "
              + unknown
              + ", which are neither this run's key nor a retired key; name the variables holding"
              + " them in clientele.privacy.retired-hmac-secret-envs, or erased people could come"
              + " back");
    }
    return keys;
  }

  /**
   * As {@link #mark(Dataset, Dataset, List, String, PersonHashes.Rules)} with the normaliser rules
   * of the bundled configuration (clientele.identity); callers that have the run's settings pass
   * its rules.
   */
  static Dataset<Row> mark(
      Dataset<Row> rows, Dataset<Row> suppressed, List<Hashing> keys, String source) {
    if (suppressed == null) {
      return rows;
    }
    return mark(rows, suppressed, keys, source, DefaultRules.RULES);
  }

  /** The bundled configuration's normaliser rules, read once. */
  private static final class DefaultRules {
    static final PersonHashes.Rules RULES =
        rules(dev.clientele.config.ConfigLoader.load(null, null, List.of(), java.util.Map.of()));
  }

  /** The resolver's normaliser rules of a run's configuration (clientele.identity). */
  public static PersonHashes.Rules rules(com.typesafe.config.Config config) {
    var s = dev.clientele.config.IdentitySettings.from(config);
    return new PersonHashes.Rules(
        new dev.clientele.identity.Normalise.EmailRules(
            s.emailDotInsensitiveDomains(), s.emailPlusTagDomains()),
        s.defaultPhoneRegion());
  }

  /**
   * @param keys the current key first, then the retired ones: an entry is matched with the key
   *     whose fingerprint it records (an entry without one, older than the column, with the
   *     current)
   * @param source the source in whose key space the rows' customer keys are (its customer-source)
   * @param rules the resolver's normalisers: an identifier matches an entry in any spelling
   */
  static Dataset<Row> mark(
      Dataset<Row> rows,
      Dataset<Row> suppressed,
      List<Hashing> keys,
      String source,
      PersonHashes.Rules rules) {
    if (suppressed == null) {
      return rows;
    }
    boolean recorded = Arrays.asList(suppressed.columns()).contains(Cols.KEY_FINGERPRINT);
    List<String> present = Arrays.asList(rows.columns());
    List<Column> candidates = new ArrayList<>();
    List<Dataset<Row>> hashSets = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      Hashing hashing = keys.get(k);
      Column madeWith = lit(hashing.fingerprint());
      Column fp = recorded ? col(Cols.KEY_FINGERPRINT) : lit(null).cast("string");
      Column mine = k == 0 ? fp.isNull().or(fp.equalTo(madeWith)) : fp.equalTo(madeWith);
      Dataset<Row> hashes = broadcast(suppressed.where(mine).select("identifier_hash").distinct());
      for (Column c : candidates(hashing, present, source, rules)) {
        candidates.add(c);
        hashSets.add(hashes);
      }
    }
    Column hit = lit(false);
    Dataset<Row> marked = rows;
    for (int i = 0; i < candidates.size(); i++) {
      String h = "_suppress_h" + i;
      String m = "_suppress_m" + i;
      marked =
          marked
              .withColumn(h, candidates.get(i))
              .join(
                  hashSets.get(i).withColumnRenamed("identifier_hash", m),
                  col(h).equalTo(col(m)),
                  "left")
              .drop(h);
      hit = hit.or(col(m).isNotNull());
    }
    // Erased wins over every other reason: a quarantined copy must not keep the raw row either.
    marked =
        marked
            .withColumn(
                SourceMapping.DETAIL,
                when(hit, lit("the person was erased (erasure_suppression)"))
                    .otherwise(col(SourceMapping.DETAIL)))
            .withColumn(
                SourceMapping.REASON, when(hit, lit(REASON)).otherwise(col(SourceMapping.REASON)));
    for (int i = 0; i < candidates.size(); i++) {
      marked = marked.drop("_suppress_m" + i);
    }
    return marked;
  }
}
