package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;

import dev.clientele.Errors;
import dev.clientele.identity.Hashing;
import dev.clientele.io.SqlText;
import dev.clientele.io.SuppressionTable;
import dev.clientele.io.TableIO;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The right to be forgotten: removes one person (the customer a source key resolved to, with every
 * record of that customer) from every table, PII and bronze included; records the erasure without
 * PII in {@code erasure_audit}; and adds the person's hashed identifiers to {@code
 * erasure_suppression}, which ingest applies so unchanged source files do not bring them back. Old
 * file versions stay until VACUUM (see the README).
 */
public final class Erasure {
  public static final String SUPPRESSION = Tables.ERASURE_SUPPRESSION;

  private static final List<String> BY_CUSTOMER_ID =
      List.of(
          Tables.CUSTOMER_IDENTITY_MAP,
          Tables.UNIFIED_PROFILES,
          Tables.TRANSACTIONS,
          Tables.CUSTOMER_METRICS,
          Tables.CUSTOMER_CLV,
          Tables.CUSTOMER_SEGMENTS,
          Tables.SEGMENT_CHANGES);

  /**
   * Every table this class deletes from: ErasureCoverageTest holds it equal to the tables the
   * catalogue marks as keyed by person, so a table added later is covered or the build fails.
   */
  public static final Set<String> COVERED_TABLES =
      Set.copyOf(
          new java.util.TreeSet<>(
              java.util.stream.Stream.concat(
                      BY_CUSTOMER_ID.stream(),
                      java.util.stream.Stream.of(
                          Tables.CUSTOMER_ID_HISTORY,
                          Tables.BRONZE_CUSTOMERS,
                          Tables.BRONZE_TRANSACTIONS,
                          Tables.BRONZE_EVENTS,
                          Tables.DATA_QUALITY_ISSUES,
                          Tables.QUARANTINE,
                          Tables.MATCH_EXPLANATIONS))
                  .toList()));

  private final TableIO io;
  private final Hashing hashing;
  private final Map<String, String> customerSources;

  /**
   * @param customerSources source to its customer-source (CustomerSources.of): rows of a web-order
   *     source keyed by the accounts source's keys are that person's too
   */
  public Erasure(TableIO io, Hashing hashing, Map<String, String> customerSources) {
    this.io = io;
    this.hashing = hashing;
    this.customerSources = customerSources;
  }

  /** The person behind one source key: their customer id (if resolved) and their source keys. */
  record Person(String customerId, List<String[]> sourceKeys, Set<String> rawIdentifiers) {}

  public Map<String, Long> erase(String source, String customerKey, String runId) {
    Person person = find(source, customerKey);
    Map<String, Long> deleted = new LinkedHashMap<>();
    if (person.customerId() != null) {
      String id = sql(person.customerId());
      for (String table : BY_CUSTOMER_ID) {
        deleteCounted(table, "customer_id = " + id, deleted);
      }
      deleteCounted(
          Tables.CUSTOMER_ID_HISTORY,
          "old_customer_id = " + id + " OR new_customer_id = " + id,
          deleted);
    }
    String keys = keyPredicate(withCarriers(person.sourceKeys()));
    String identifiers = identifierPredicate(person.rawIdentifiers());
    deleteCounted(Tables.BRONZE_CUSTOMERS, keys + identifiers, deleted);
    deleteCounted(Tables.BRONZE_TRANSACTIONS, keys + identifiers, deleted);
    deleteCounted(Tables.BRONZE_EVENTS, keys, deleted);
    deleteCounted(Tables.DATA_QUALITY_ISSUES, keys, deleted);
    deleteCounted(Tables.QUARANTINE, rawRowPredicate(person), deleted);
    // Fuzzy matches name their two records by graph node ("source|customer_key").
    Object[] nodes =
        withCarriers(person.sourceKeys()).stream()
            .map(k -> k[0].trim().toLowerCase(java.util.Locale.ROOT) + "|" + k[1].trim())
            .toArray();
    deleteCounted(
        Tables.MATCH_EXPLANATIONS,
        col("record_a").isin(nodes).or(col("record_b").isin(nodes)),
        deleted);
    suppress(person, runId);
    audit(source, customerKey, person, deleted, runId);
    return deleted;
  }

  private Person find(String source, String customerKey) {
    List<String[]> keys = new ArrayList<>();
    keys.add(new String[] {source, customerKey});
    String customerId = null;
    if (io.exists(Tables.CUSTOMER_IDENTITY_MAP)) {
      Dataset<Row> map = io.read(Tables.CUSTOMER_IDENTITY_MAP);
      // One person: a handful of rows.
      List<Row> hit =
          map.where("source = " + sql(source) + " AND customer_key = " + sql(customerKey))
              .select("customer_id")
              .limit(1)
              .collectAsList();
      if (!hit.isEmpty()) {
        customerId = hit.get(0).getString(0);
        keys.clear();
        for (Row r :
            map.where("customer_id = " + sql(customerId))
                .select("source", "customer_key")
                .collectAsList()) {
          keys.add(new String[] {r.getString(0), r.getString(1)});
        }
      }
    }
    Set<String> identifiers = new LinkedHashSet<>();
    // A card number or account id is also carried as an identifier by other sources' rows
    // (a till receipt with the loyalty card scanned): treat the person's own keys as identifiers.
    for (String[] k : keys) {
      identifiers.add(k[1]);
    }
    if (io.exists(Tables.BRONZE_CUSTOMERS)) {
      // The person's own records: a handful of rows, kept in memory only for this erasure.
      for (Row r :
          io.read(Tables.BRONZE_CUSTOMERS)
              .where(keyPredicate(keys))
              .select("email", "phone", "loyalty_id")
              .collectAsList()) {
        for (int i = 0; i < 3; i++) {
          if (!r.isNullAt(i) && !r.getString(i).isBlank()) {
            identifiers.add(r.getString(i));
          }
        }
      }
    }
    if (customerId == null && !tableHasKey(keys)) {
      throw Errors.input(
          "no customer with key " + source + ":<" + hashing.mask(customerKey) + "> in any table");
    }
    return new Person(customerId, keys, identifiers);
  }

  private boolean tableHasKey(List<String[]> keys) {
    for (String t : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_TRANSACTIONS)) {
      if (io.exists(t) && !io.read(t).where(keyPredicate(keys)).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private void deleteCounted(String table, Column predicate, Map<String, Long> deleted) {
    if (!io.exists(table)) {
      return;
    }
    long n = io.read(table).where(predicate).count();
    if (n > 0) {
      io.delete(table, predicate);
      deleted.put(table, n);
    }
  }

  private void deleteCounted(String table, String predicate, Map<String, Long> deleted) {
    deleteCounted(table, org.apache.spark.sql.functions.expr(predicate), deleted);
  }

  /** Adds (carrier, key) for every source whose customer-source is a key's source. */
  private List<String[]> withCarriers(List<String[]> keys) {
    List<String[]> all = new ArrayList<>(keys);
    for (String[] k : keys) {
      customerSources.forEach(
          (carrier, owner) -> {
            if (owner.equals(k[0])) {
              all.add(new String[] {carrier, k[1]});
            }
          });
    }
    return all;
  }

  private static String keyPredicate(List<String[]> keys) {
    List<String> parts = new ArrayList<>();
    for (String[] k : keys) {
      parts.add("(source = " + sql(k[0]) + " AND customer_key = " + sql(k[1]) + ")");
    }
    return "(" + String.join(" OR ", parts) + ")";
  }

  private static String identifierPredicate(Set<String> identifiers) {
    StringBuilder p = new StringBuilder();
    for (String v : identifiers) {
      p.append(" OR email = ")
          .append(sql(v))
          .append(" OR phone = ")
          .append(sql(v))
          .append(" OR loyalty_id = ")
          .append(sql(v));
    }
    return p.toString();
  }

  private static String rawRowPredicate(Person person) {
    List<String> parts = new ArrayList<>();
    for (String[] k : person.sourceKeys()) {
      parts.add("(source = " + sql(k[0]) + " AND instr(raw_row, " + sql(k[1]) + ") > 0)");
    }
    for (String v : person.rawIdentifiers()) {
      parts.add("instr(lower(raw_row), " + sql(identifierKey(v)) + ") > 0");
    }
    return String.join(" OR ", parts);
  }

  private static final StructType SUPPRESSION_SCHEMA =
      new StructType()
          .add(Cols.IDENTIFIER_HASH, DataTypes.StringType, false)
          .add(Cols.SUPPRESSION_KIND, DataTypes.StringType, false)
          .add(Cols.RUN_ID, DataTypes.StringType, false)
          .add(Cols.COMPUTED_AT_TS, DataTypes.TimestampType, false)
          // The key the hash was made with: after a key rotation, ingest matches the entry with
          // that (retired) key. Null in entries written before the column existed: the current key.
          .add(Cols.KEY_FINGERPRINT, DataTypes.StringType, true);

  private void suppress(Person person, String runId) {
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    String key = hashing.fingerprint();
    for (String[] k : person.sourceKeys()) {
      rows.add(
          RowFactory.create(hashing.hmacHex(sourceKey(k[0], k[1])), "source_key", runId, now, key));
    }
    for (String v : person.rawIdentifiers()) {
      rows.add(RowFactory.create(hashing.hmacHex(identifierKey(v)), "identifier", runId, now, key));
    }
    SuppressionTable.append(io, io.spark().createDataFrame(rows, SUPPRESSION_SCHEMA));
  }

  /** What is hashed for a suppressed source key (ingest computes the same). */
  public static String sourceKey(String source, String customerKey) {
    return source + "|" + customerKey;
  }

  /** What is hashed for a suppressed raw identifier: trimmed, lower case. */
  public static String identifierKey(String raw) {
    return raw.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private static final StructType AUDIT_SCHEMA =
      new StructType()
          .add("erasure_id", DataTypes.StringType, false)
          .add("requested_key_hash", DataTypes.StringType, false)
          .add("customer_id_hash", DataTypes.StringType, true)
          .add("source_keys", DataTypes.IntegerType, false)
          .add("tables_touched", DataTypes.createArrayType(DataTypes.StringType), false)
          .add(
              "rows_deleted",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              false)
          .add("erased_at_ts", DataTypes.TimestampType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("computed_at_ts", DataTypes.TimestampType, false);

  private void audit(
      String source, String key, Person person, Map<String, Long> deleted, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    Row row =
        RowFactory.create(
            UUID.randomUUID().toString(),
            hashing.hmacHex(sourceKey(source, key)),
            person.customerId() == null ? null : hashing.hmacHex(person.customerId()),
            person.sourceKeys().size(),
            new ArrayList<>(deleted.keySet()),
            deleted,
            now,
            runId,
            now);
    io.append(Tables.ERASURE_AUDIT, io.spark().createDataFrame(List.of(row), AUDIT_SCHEMA));
  }

  private static String sql(String value) {
    return SqlText.literal(value);
  }
}
