package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import dev.clientele.Errors;
import dev.clientele.identity.DeterministicMatch;
import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Finds every hashed value of the person a request names, the way the resolver links records:
 * selectors are normalised like the resolver's identifiers; the records holding them, the identity
 * map's customer ids (and their former ids from {@code customer_id_history}), the records of those
 * ids and the identifiers of every such record are followed until nothing new is found. An
 * identifier on the blocked list or held by more records than max-identifier-frequency (the
 * resolver's own guard, {@link DeterministicMatch}) is not followed.
 */
final class PersonLookup {
  private static final int MAX_ROUNDS = 8;
  private static final List<Kind> IDENTIFIERS = List.of(Kind.EMAIL, Kind.PHONE, Kind.LOYALTY_ID);
  private static final String H = "_h_";

  /** The resolver's normalisers and guard, and the customer-source of each source. */
  record Params(
      IdentityRecords.Params records,
      DeterministicMatch.Params guard,
      Map<String, String> customerSources) {}

  /** The person's values (ignored identifiers left out) and whether any record was found. */
  record Found(ErasedValues values, boolean anyRecord) {}

  /** What the lookup serves; a refusal says what does not happen. */
  enum Purpose {
    ERASE("nothing is erased or suppressed"),
    EXPORT("nothing is exported");

    private final String refusal;

    Purpose(String refusal) {
      this.refusal = refusal;
    }
  }

  private final TableIO io;
  private final Params p;
  private final String refusal;
  private final Hashing hashing;
  private final Dataset<Row> records;

  PersonLookup(TableIO io, Params p, Purpose purpose) {
    this.io = io;
    this.p = p;
    this.refusal = purpose.refusal;
    this.hashing = p.records().hashing();
    this.records = records();
  }

  /** Releases the cached records. */
  void close() {
    if (records != null) {
      records.unpersist();
    }
  }

  /**
   * The selectors' hashes with identifiers on the blocked list left out; refuses (exit 3) a request
   * whose selectors are all unusable, saying why without the value.
   */
  ErasedValues seeds(ErasureRequest request) {
    ErasedValues seeds = ErasedValues.empty();
    Set<String> blocked =
        p.guard().blocked().stream()
            .map(b -> b.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    int refused = 0;
    for (ErasureRequest.Selector s : request.selectors()) {
      String normal = normalise(s, request);
      boolean isBlocked =
          s.kind() != Kind.NODE
              && (blocked.contains(s.value().trim().toLowerCase(Locale.ROOT))
                  || blocked.contains(normal.toLowerCase(Locale.ROOT)));
      if (isBlocked) {
        refused++;
      } else {
        seeds.add(s.kind(), PersonHashes.hash(hashing, s.kind(), normal));
      }
    }
    if (refused > 0 && seeds.isEmpty()) {
      throw Errors.input(
          request
              + ": every identifier given is on clientele.identity.blocked-identifiers (a"
              + " placeholder many people share); it cannot identify one person, so "
              + refusal
              + ". Name the person by a customer key or another identifier");
    }
    return seeds;
  }

  /** The normal form of one selector (computed with the resolver's Column normalisers). */
  private String normalise(ErasureRequest.Selector s, ErasureRequest request) {
    Dataset<Row> one =
        io.spark()
            .createDataFrame(
                List.of(org.apache.spark.sql.RowFactory.create(s.value())),
                new org.apache.spark.sql.types.StructType().add("v", "string"));
    Column normal;
    if (s.kind() == Kind.NODE) {
      int colon = s.value().indexOf(':');
      String source = s.value().substring(0, colon).trim();
      String keySource = p.customerSources().getOrDefault(source, source);
      normal = IdentityRecords.node(lit(keySource), lit(s.value().substring(colon + 1)));
    } else {
      normal = PersonHashes.normalised(s.kind(), col("v"), PersonHashes.Rules.of(p.records()));
    }
    // One row: the selector given.
    Row r = one.select(normal).first();
    if (r.isNullAt(0)) {
      throw Errors.input(
          request + ": the " + s.kind().label() + " given is not valid once normalised");
    }
    return r.getString(0);
  }

  /** Follows the seeds to every value of the person; refuses when only guarded values remain. */
  private Found find(ErasureRequest request, ErasedValues seeds) {
    ErasedValues values = ErasedValues.empty();
    ErasedValues ignored = ErasedValues.empty();
    ErasedValues fresh = seeds;
    boolean any = false;
    for (int round = 0; round < MAX_ROUNDS && !fresh.isEmpty(); round++) {
      ignored.addAll(guard(fresh));
      ErasedValues next = ErasedValues.empty();
      for (Kind k : fresh.asMap().keySet()) {
        for (String h : fresh.of(k)) {
          if (!ignored.of(k).contains(h) && !values.of(k).contains(h)) {
            next.add(k, h);
          }
        }
      }
      if (round == 0 && next.isEmpty()) {
        throw Errors.input(
            request
                + ": every identifier given is held by more records than"
                + " clientele.identity.max-identifier-frequency (or blocked); it cannot identify"
                + " one person, so "
                + refusal);
      }
      values.addAll(next);
      fresh = ErasedValues.empty();
      any |= expand(values, next, fresh);
      if (values.size() > ErasedValues.MAX_VALUES) {
        throw Errors.input(
            request
                + " reaches more than "
                + ErasedValues.MAX_VALUES
                + " values; it follows an identifier shared by many people, so "
                + refusal);
      }
    }
    return new Found(values, any);
  }

  /**
   * Every value of the person {@code request} names, from its {@link #seeds}: the values found by
   * {@link #find} and the person's device ids. Refuses (exit 3) a request that finds nobody: no
   * record in any table and no quarantined row holding the values. Erase and the subject-access
   * export both come here, so they find the same person.
   */
  ErasedValues person(ErasureRequest request, ErasedValues seeds, PersonDeletes rows) {
    Found found = find(request, seeds);
    ErasedValues values = found.values();
    values.addAll(devices(values));
    if (!found.anyRecord() && rows.quarantined(values) == 0) {
      throw Errors.input(
          request
              + ": no record of this person in any table (customer records, orders, identity"
              + " map, quarantine); "
              + refusal);
    }
    return values;
  }

  /**
   * The person's device ids: those of their events (by node), less any seen with more keys than
   * max-identifier-frequency (a shared or placeholder device is nobody's own).
   */
  private ErasedValues devices(ErasedValues values) {
    ErasedValues out = ErasedValues.empty();
    Dataset<Row> events = io.readIfExists(Tables.BRONZE_EVENTS);
    if (events == null || values.of(Kind.NODE).isEmpty()) {
      return out;
    }
    Column device = trim(col(Cols.DEVICE_ID));
    Column keySource = IdentityRecords.keySource(col(Cols.SOURCE), p.customerSources());
    Column node = IdentityRecords.node(keySource, col(Cols.CUSTOMER_KEY));
    Dataset<Row> keyed =
        events
            .where(device.isNotNull().and(device.notEqual(lit(""))))
            .select(device.as("d"), node.as("n"));
    Dataset<Row> own =
        keyed.where(values.contains(hashing, Kind.NODE, col("n"))).select(col("d")).distinct();
    Dataset<Row> shared =
        keyed
            .join(own, "d")
            .groupBy("d")
            .agg(countDistinct(col("n")).as("keys"))
            .where(col("keys").gt(p.guard().maxFrequency()))
            .select("d");
    out.addAll(
        Kind.DEVICE_ID,
        own.join(shared, new String[] {"d"}, "left_anti")
            .select(PersonHashes.hash(hashing, Kind.DEVICE_ID, col("d"))));
    return out;
  }

  /** Adds to {@code fresh} what the newly found values lead to; true if a record was found. */
  private boolean expand(ErasedValues values, ErasedValues next, ErasedValues fresh) {
    boolean any = false;
    if (records != null) {
      List<Kind> kinds = List.of(Kind.NODE, Kind.EMAIL, Kind.PHONE, Kind.LOYALTY_ID);
      Column[] hashes = kinds.stream().map(k -> col(H + k.label())).toArray(Column[]::new);
      // The records of one person: a handful of rows (the caller refuses past MAX_VALUES).
      List<Row> hit =
          records
              .where(holds(next))
              .select(hashes)
              .distinct()
              .limit(ErasedValues.MAX_VALUES + 1)
              .collectAsList();
      any = !hit.isEmpty();
      for (Row r : hit) {
        for (int i = 0; i < kinds.size(); i++) {
          String h = r.getString(i);
          if (h != null && !values.of(kinds.get(i)).contains(h)) {
            fresh.add(kinds.get(i), h);
          }
        }
      }
    }
    ErasedValues ids = IdentityLinks.of(io, hashing).follow(values, fresh);
    any |= !ids.isEmpty();
    return any;
  }

  /** A record holds one of the values (by node or identifier hash). */
  private static Column holds(ErasedValues v) {
    Column c = v.hashIsIn(Kind.NODE, col(H + Kind.NODE.label()));
    for (Kind k : IDENTIFIERS) {
      c = c.or(v.hashIsIn(k, col(H + k.label())));
    }
    return c;
  }

  /**
   * The identifiers among {@code candidates} the resolver ignores: its guard, run on the records
   * holding them (every holder of a value is there, so the frequency counts are the full ones).
   */
  private ErasedValues guard(ErasedValues candidates) {
    ErasedValues ignored = ErasedValues.empty();
    if (records == null || IDENTIFIERS.stream().allMatch(k -> candidates.of(k).isEmpty())) {
      return ignored;
    }
    Column holdsAny = lit(false);
    for (Kind k : IDENTIFIERS) {
      holdsAny = holdsAny.or(candidates.hashIsIn(k, col(H + k.label())));
    }
    Dataset<Row> judged = DeterministicMatch.match(records.where(holdsAny), p.guard()).ignored();
    Column hash = lit(null).cast("string");
    for (Kind k : IDENTIFIERS) {
      hash =
          org.apache
              .spark
              .sql
              .functions
              .when(col("key_type").equalTo(k.label()), PersonHashes.hash(hashing, k, col("value")))
              .otherwise(hash);
    }
    // The guarded identifiers among one person's: a handful of rows.
    for (Row r :
        judged.select(col("key_type"), hash.as("h")).distinct().limit(10_000).collectAsList()) {
      ignored.add(Kind.of(r.getString(0)), r.getString(1));
    }
    return ignored;
  }

  /** The resolver's identity records with the hash of their node and identifiers. */
  private Dataset<Row> records() {
    Dataset<Row> customers = io.readIfExists(Tables.BRONZE_CUSTOMERS);
    Dataset<Row> tx = io.readIfExists(Tables.BRONZE_TRANSACTIONS);
    if (customers == null && tx == null) {
      return null;
    }
    IdentityRecords.Params rp = p.records();
    Dataset<Row> txRecords =
        tx == null
            ? null
            : IdentityRecords.fromTransactions(
                IdentityRecords.withCustomerSources(
                    IdentityRecords.keyTransactions(tx, rp), p.customerSources()));
    Dataset<Row> all =
        customers == null
            ? txRecords
            : IdentityRecords.union(IdentityRecords.fromCustomers(customers, rp), txRecords);
    Dataset<Row> r =
        all.select(
            col(IdentityRecords.NODE),
            col(IdentityRecords.EMAIL_NORM),
            col(IdentityRecords.PHONE_NORM),
            col(IdentityRecords.LOYALTY_NORM),
            col(IdentityRecords.EMAIL_RAW),
            col(IdentityRecords.PHONE_RAW),
            col(IdentityRecords.LOYALTY_RAW));
    r =
        r.withColumn(
                H + Kind.NODE.label(),
                PersonHashes.hash(hashing, Kind.NODE, col(IdentityRecords.NODE)))
            .withColumn(
                H + Kind.EMAIL.label(),
                PersonHashes.hash(hashing, Kind.EMAIL, col(IdentityRecords.EMAIL_NORM)))
            .withColumn(
                H + Kind.PHONE.label(),
                PersonHashes.hash(hashing, Kind.PHONE, col(IdentityRecords.PHONE_NORM)))
            .withColumn(
                H + Kind.LOYALTY_ID.label(),
                PersonHashes.hash(hashing, Kind.LOYALTY_ID, col(IdentityRecords.LOYALTY_NORM)));
    return r.persist(StorageLevel.MEMORY_AND_DISK());
  }
}
