package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;

import dev.clientele.identity.DeterministicMatch;
import dev.clientele.identity.Hashing;
import dev.clientele.identity.IdentityRecords;
import dev.clientele.io.SuppressionTable;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The right to be forgotten. Each request is looked up ({@link PersonLookup}: normalised
 * identifiers, identity map, id history), its person's values are recorded keyed-hashed in {@code
 * erasure_requests} before anything is deleted, then the rows holding any of them are deleted from
 * every table keyed by person ({@link PersonDeletes}), the identifiers are added to {@code
 * erasure_suppression} (which ingest applies) and the erasure is audited without PII in {@code
 * erasure_audit}, which marks it done. A run killed anywhere is completed by the next erase.
 */
public final class Erasure {
  public static final String SUPPRESSION = Tables.ERASURE_SUPPRESSION;

  /**
   * Every table this class deletes from: ErasureCoverageTest holds it equal to the tables the
   * catalogue marks as keyed by person, so a table added later is covered or the build fails.
   */
  public static final Set<String> COVERED_TABLES = Set.copyOf(PersonDeletes.ORDER);

  /** The resolver's normalisers and identifier guard, and each source's customer-source. */
  public record Params(
      IdentityRecords.Params records,
      DeterministicMatch.Params guard,
      Map<String, String> customerSources) {}

  /** What a run did: requests erased now, interrupted ones completed, rows deleted per table. */
  public record Result(int erased, int completed, int alreadyErased, Map<String, Long> deleted) {}

  private final TableIO io;
  private final Params params;
  private final Hashing hashing;
  private final ErasureRequests requests;
  private final PersonDeletes deletes;

  /**
   * @param afterTable called after each table's delete commit; test-only fault injection (may
   *     throw, leaving the erasure half done like a killed job)
   */
  public Erasure(TableIO io, Params params, Consumer<String> afterTable) {
    this.io = io;
    this.params = params;
    this.hashing = params.records().hashing();
    this.requests = new ErasureRequests(io, hashing);
    this.deletes =
        new PersonDeletes(
            io,
            hashing,
            PersonHashes.Rules.of(params.records()),
            params.customerSources(),
            afterTable);
  }

  /**
   * Completes interrupted erasures, then erases every request. All requests are looked up first:
   * one that cannot be honoured (nobody found, only blocked or shared identifiers) fails the run
   * (exit 3) before anything of any request is recorded or deleted.
   */
  public Result erase(List<ErasureRequest> list, String runId) {
    Map<String, Long> deleted = new LinkedHashMap<>();
    int completed = 0;
    for (String id : requests.pending()) {
      complete(id, requests.requestHashOf(id), requests.load(id), runId, deleted);
      completed++;
    }
    List<Planned> plan = plan(list);
    int again = 0;
    for (Planned p : plan) {
      if (p.recordedId() != null) {
        // Already erased: apply its recorded values again (rows re-ingested since go too).
        merge(deleted, deletes.delete(requests.load(p.recordedId())));
        again++;
      } else {
        String id = UUID.randomUUID().toString();
        requests.record(id, p.requestHash(), p.values(), runId);
        complete(id, p.requestHash(), p.values(), runId, deleted);
      }
    }
    return new Result(plan.size() - again, completed, again, deleted);
  }

  /** A looked-up request: its hash and values, or the id it was already recorded under. */
  private record Planned(String requestHash, ErasedValues values, String recordedId) {}

  private List<Planned> plan(List<ErasureRequest> list) {
    List<Planned> plan = new ArrayList<>();
    PersonLookup lookup = new PersonLookup(io, lookupParams(), PersonLookup.Purpose.ERASE);
    try {
      for (ErasureRequest r : list) {
        ErasedValues seeds = lookup.seeds(r);
        String hash = ErasureRequests.requestHash(hashing, seeds);
        String recorded = requests.idOf(hash);
        if (recorded != null) {
          plan.add(new Planned(hash, null, recorded));
          continue;
        }
        plan.add(new Planned(hash, lookup.person(r, seeds, deletes), null));
      }
    } finally {
      lookup.close();
    }
    return plan;
  }

  private PersonLookup.Params lookupParams() {
    return lookupParams(params);
  }

  static PersonLookup.Params lookupParams(Params params) {
    return new PersonLookup.Params(params.records(), params.guard(), params.customerSources());
  }

  private void complete(
      String id, String requestHash, ErasedValues v, String runId, Map<String, Long> deleted) {
    Map<String, Long> now = deletes.delete(v);
    merge(deleted, now);
    suppress(id, v, runId);
    audit(id, requestHash, v, now, runId);
  }

  private static void merge(Map<String, Long> into, Map<String, Long> more) {
    more.forEach((t, n) -> into.merge(t, n, Long::sum));
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

  /** The kinds ingest can meet again; customer ids are made by resolve, not ingested. */
  static final List<Kind> SUPPRESSED =
      List.of(Kind.NODE, Kind.EMAIL, Kind.PHONE, Kind.LOYALTY_ID, Kind.DEVICE_ID);

  /** Adds the entries not there yet, so a completed re-run adds none twice. */
  private void suppress(String erasureId, ErasedValues v, String runId) {
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    String key = hashing.fingerprint();
    for (Kind k : SUPPRESSED) {
      for (String h : v.of(k)) {
        rows.add(RowFactory.create(h, k.label(), runId, now, key));
      }
    }
    Dataset<Row> entries = io.spark().createDataFrame(rows, SUPPRESSION_SCHEMA);
    Dataset<Row> existing = io.readIfExists(SUPPRESSION);
    if (existing != null) {
      entries =
          entries.join(
              existing.select(col(Cols.IDENTIFIER_HASH)).distinct(),
              entries.col(Cols.IDENTIFIER_HASH).equalTo(existing.col(Cols.IDENTIFIER_HASH)),
              "left_anti");
    }
    if (!rows.isEmpty()) {
      SuppressionTable.append(io, entries);
    }
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

  /** Marks the erasure done; written last. requested_key_hash holds the request's hash. */
  private void audit(
      String id, String requestHash, ErasedValues v, Map<String, Long> deleted, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    Set<String> ids = new TreeSet<>(v.of(Kind.CUSTOMER_ID));
    Row row =
        RowFactory.create(
            id,
            requestHash,
            ids.isEmpty() ? null : ids.iterator().next(),
            v.of(Kind.NODE).size(),
            new ArrayList<>(deleted.keySet()),
            deleted,
            now,
            runId,
            now);
    io.append(Tables.ERASURE_AUDIT, io.spark().createDataFrame(List.of(row), AUDIT_SCHEMA));
  }
}
