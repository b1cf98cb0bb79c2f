package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;

import dev.clientele.identity.Hashing;
import dev.clientele.io.TableIO;
import dev.clientele.privacy.PersonHashes.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code erasure_requests} table: every value of a person to erase, keyed-hashed, written in
 * one commit before anything is deleted. An erasure is done when {@code erasure_audit} holds its
 * id; until then a re-run finds it pending and completes it from these rows alone (the person's
 * records may already be gone).
 */
final class ErasureRequests {
  static final String REQUEST_HASH = "request_hash";
  static final String VALUE_KIND = "value_kind";
  static final String VALUE_HASH = "value_hash";

  static final StructType SCHEMA =
      new StructType()
          .add(Cols.ERASURE_ID, DataTypes.StringType, false)
          .add(REQUEST_HASH, DataTypes.StringType, false)
          .add(VALUE_KIND, DataTypes.StringType, false)
          .add(VALUE_HASH, DataTypes.StringType, false)
          .add(Cols.KEY_FINGERPRINT, DataTypes.StringType, false)
          .add(Cols.RUN_ID, DataTypes.StringType, false)
          .add(Cols.COMPUTED_AT_TS, DataTypes.TimestampType, false);

  private final TableIO io;
  private final Hashing hashing;

  ErasureRequests(TableIO io, Hashing hashing) {
    this.io = io;
    this.hashing = hashing;
  }

  /** The hash naming a request: of its selectors' hashes, so any spelling gives the same one. */
  static String requestHash(Hashing hashing, ErasedValues selectors) {
    List<String> parts = new ArrayList<>();
    selectors.asMap().forEach((k, hs) -> hs.forEach(h -> parts.add(k.label() + "=" + h)));
    parts.sort(null);
    return hashing.hmacHex("erasure-request:" + String.join(",", parts));
  }

  /** Records the values (one commit) before any delete. */
  void record(String erasureId, String requestHash, ErasedValues values, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Kind, Set<String>> e : values.asMap().entrySet()) {
      for (String h : e.getValue()) {
        rows.add(
            RowFactory.create(
                erasureId, requestHash, e.getKey().label(), h, hashing.fingerprint(), runId, now));
      }
    }
    io.append(Tables.ERASURE_REQUESTS, io.spark().createDataFrame(rows, SCHEMA));
  }

  /** The ids of requests recorded but not audited: interrupted erasures, a handful at most. */
  List<String> pending() {
    Dataset<Row> requests = io.readIfExists(Tables.ERASURE_REQUESTS);
    if (requests == null) {
      return List.of();
    }
    Dataset<Row> ids = requests.select(Cols.ERASURE_ID).distinct();
    Dataset<Row> audit = io.readIfExists(Tables.ERASURE_AUDIT);
    if (audit != null) {
      ids = ids.join(audit.select(Cols.ERASURE_ID), Cols.ERASURE_ID, "left_anti");
    }
    // Interrupted erasures only: a few rows (each is completed by the next erase).
    return ids.orderBy(Cols.ERASURE_ID).as(Encoders.STRING()).collectAsList();
  }

  /** The erasure id recorded for a request hash (the first), or null. */
  String idOf(String requestHash) {
    Dataset<Row> requests = io.readIfExists(Tables.ERASURE_REQUESTS);
    if (requests == null) {
      return null;
    }
    // At most one row.
    List<String> ids =
        requests
            .where(col(REQUEST_HASH).equalTo(requestHash))
            .select(Cols.ERASURE_ID)
            .orderBy(Cols.COMPUTED_AT_TS, Cols.ERASURE_ID)
            .limit(1)
            .as(Encoders.STRING())
            .collectAsList();
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** The request hash of a recorded erasure. */
  String requestHashOf(String erasureId) {
    return values(erasureId, REQUEST_HASH).first().getString(0);
  }

  /** The recorded values of one erasure (one person's: bounded, see ErasedValues). */
  ErasedValues load(String erasureId) {
    return ErasedValues.of(values(erasureId, VALUE_KIND, VALUE_HASH));
  }

  private Dataset<Row> values(String erasureId, String... columns) {
    return io.read(Tables.ERASURE_REQUESTS)
        .where(col(Cols.ERASURE_ID).equalTo(erasureId))
        .select(
            java.util.Arrays.stream(columns)
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
  }
}
