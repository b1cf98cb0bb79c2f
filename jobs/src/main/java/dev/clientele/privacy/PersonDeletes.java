package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;

import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deletes one person's rows from every table keyed by person, each table with one predicate built
 * on {@link ErasedValues}: the row's customer id, node (source key), normalised identifiers, device
 * id or raw-row tokens are hashed and looked up, so the commit records no value. Every delete is
 * idempotent: run again on the same values it finds nothing more.
 */
final class PersonDeletes {
  /**
   * What splits a quarantined raw row into its fields: the CSV delimiters and JSON punctuation the
   * sources use. A field is compared whole (never a substring): key A0001 does not hit A00010.
   */
  static final String FIELD_SEPARATORS = "[,;|\\t\"{}\\[\\]\\r\\n]";

  /** Tables whose rows carry the person's customer id, in the order they are deleted. */
  static final List<String> BY_CUSTOMER_ID =
      List.of(
          Tables.CUSTOMER_SEGMENTS,
          Tables.SEGMENT_MEMBERSHIP,
          Tables.SEGMENT_CHANGES,
          Tables.CUSTOMER_CLV,
          Tables.CUSTOMER_METRICS,
          Tables.TRANSACTIONS,
          Tables.UNIFIED_PROFILES);

  /** Every table deleted from, in order: derived tables first, the identity map, then bronze. */
  static final List<String> ORDER =
      java.util.stream.Stream.concat(
              BY_CUSTOMER_ID.stream(),
              java.util.stream.Stream.of(
                  Tables.ORDER_DAYS,
                  Tables.MATCH_EXPLANATIONS,
                  Tables.CUSTOMER_IDENTITY_MAP,
                  Tables.CUSTOMER_ID_HISTORY,
                  Tables.DATA_QUALITY_ISSUES,
                  Tables.BRONZE_COSTS,
                  Tables.BRONZE_PAYMENTS,
                  Tables.BRONZE_SURVEYS,
                  Tables.BRONZE_EVENTS,
                  Tables.BRONZE_TRANSACTIONS,
                  Tables.BRONZE_CUSTOMERS,
                  Tables.QUARANTINE))
          .toList();

  private final TableIO io;
  private final Hashing hashing;
  private final PersonHashes.Rules rules;
  private final Map<String, String> customerSources;
  private final Consumer<String> afterTable;

  /**
   * @param afterTable called after each table's delete commit (test-only fault injection: it may
   *     throw to stop the erasure there, like a killed job)
   */
  PersonDeletes(
      TableIO io,
      Hashing hashing,
      PersonHashes.Rules rules,
      Map<String, String> customerSources,
      Consumer<String> afterTable) {
    this.io = io;
    this.hashing = hashing;
    this.rules = rules;
    this.customerSources = customerSources;
    this.afterTable = afterTable;
  }

  /** Deletes the person's rows everywhere; table to rows deleted (tables with none left out). */
  Map<String, Long> delete(ErasedValues v) {
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (String table : ORDER) {
      if (!io.exists(table)) {
        continue;
      }
      Column predicate = predicate(table, v, List.of(io.read(table).columns()));
      long n = io.read(table).where(predicate).count();
      if (n > 0) {
        io.deleteErased(table, predicate);
        deleted.put(table, n);
        afterTable.accept(table);
      }
    }
    return deleted;
  }

  /** Rows of the person in a quarantine-like frame (for finding a person known only there). */
  Column rawRowMatch(ErasedValues v) {
    return rawRow(v);
  }

  Column predicate(String table, ErasedValues v, List<String> columns) {
    if (BY_CUSTOMER_ID.contains(table)) {
      return id(v, Cols.CUSTOMER_ID);
    }
    return switch (table) {
      case Tables.CUSTOMER_IDENTITY_MAP -> id(v, Cols.CUSTOMER_ID).or(node(v));
      case Tables.CUSTOMER_ID_HISTORY ->
          id(v, Cols.OLD_CUSTOMER_ID).or(id(v, Cols.NEW_CUSTOMER_ID));
        // Keyed by the person's identity records, not their customer id.
      case Tables.ORDER_DAYS -> v.contains(hashing, Kind.NODE, col(Cols.NODE));
      case Tables.MATCH_EXPLANATIONS ->
          v.contains(hashing, Kind.NODE, col(Cols.RECORD_A))
              .or(v.contains(hashing, Kind.NODE, col(Cols.RECORD_B)));
        // A cost keyed by the person's customer key (channel costs carry no key: nobody's rows).
      case Tables.DATA_QUALITY_ISSUES,
              Tables.BRONZE_COSTS,
              Tables.BRONZE_PAYMENTS,
              Tables.BRONZE_SURVEYS ->
          node(v);
      case Tables.BRONZE_EVENTS ->
          node(v).or(v.contains(hashing, Kind.DEVICE_ID, trim(col(Cols.DEVICE_ID))));
      case Tables.BRONZE_CUSTOMERS, Tables.BRONZE_TRANSACTIONS ->
          node(v).or(identifiers(v, columns));
      case Tables.QUARANTINE -> rawRow(v);
      default -> throw new IllegalArgumentException("no erasure predicate for " + table);
    };
  }

  private Column id(ErasedValues v, String column) {
    return v.contains(hashing, Kind.CUSTOMER_ID, col(column));
  }

  /** The row's node: its source in the customer-source's key space, and its customer key. */
  private Column node(ErasedValues v) {
    return nodeOf(v, col(Cols.SOURCE), col(Cols.CUSTOMER_KEY));
  }

  private Column nodeOf(ErasedValues v, Column source, Column key) {
    Column keySource = IdentityRecords.keySource(source, customerSources);
    return v.contains(hashing, Kind.NODE, IdentityRecords.node(keySource, key));
  }

  private Column identifiers(ErasedValues v, List<String> columns) {
    Column c = lit(false);
    for (Map.Entry<Kind, String> e :
        Map.of(Kind.EMAIL, Cols.EMAIL, Kind.PHONE, Cols.PHONE, Kind.LOYALTY_ID, Cols.LOYALTY_ID)
            .entrySet()) {
      if (columns.contains(e.getValue())) {
        Column normal = PersonHashes.normalised(e.getKey(), col(e.getValue()), rules);
        c = c.or(v.contains(hashing, e.getKey(), normal));
      }
    }
    return c;
  }

  /**
   * A raw row holds one of the person's values in a whole field: a source key (in the row's
   * source), an identifier once normalised, or a device id.
   */
  private Column rawRow(ErasedValues v) {
    Function<Column, Column> field =
        t -> {
          Column f = trim(t);
          Column c = nodeOf(v, col(Cols.SOURCE), f);
          c = c.or(v.contains(hashing, Kind.DEVICE_ID, f));
          for (Kind k : Arrays.asList(Kind.EMAIL, Kind.PHONE, Kind.LOYALTY_ID)) {
            c = c.or(v.contains(hashing, k, PersonHashes.normalised(k, f, rules)));
          }
          return c;
        };
    return col(Cols.RAW_ROW)
        .isNotNull()
        .and(exists(split(col(Cols.RAW_ROW), FIELD_SEPARATORS), field::apply));
  }

  /** How many quarantined rows hold the person's values (a person may be known only there). */
  long quarantined(ErasedValues v) {
    Dataset<Row> q = io.readIfExists(Tables.QUARANTINE);
    return q == null ? 0 : q.where(rawRow(v)).count();
  }
}
