package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.config.IdentitySettings;
import dev.clientele.config.PrivacySettings;
import dev.clientele.config.Settings;
import dev.clientele.io.TableIO;
import dev.clientele.io.WarehouseKey;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code rotate-key}: moves a warehouse from the HMAC key it records (which must be given among the
 * retired keys) to the current key. It re-keys what the warehouse can derive again from values it
 * still holds: the guest record keys of {@code customer_identity_map} and {@code
 * match_explanations} (from the identifiers of {@code bronze_transactions}), the e-mail and phone
 * hashes of {@code unified_profiles} (from the profiles' own values) and the term frequencies of
 * the latest identity model (from the identity records' values), so customer ids and match
 * decisions stay what they were. Erasure suppression entries cannot be re-keyed (the erased values
 * are gone): they keep the fingerprint of the key that made them and are matched through it, so a
 * retired key stays configured while entries made with it exist. Each step is idempotent and the
 * new fingerprint is recorded last: a rotation stopped half-way is completed by running it again.
 */
public final class KeyRotationStage implements Stage {
  private static final String OLD = "_old_key";
  private static final String NEW = "_new_key";

  @Override
  public String name() {
    return "rotate-key";
  }

  @Override
  public boolean changesWarehouseKey() {
    return true;
  }

  @Override
  public void validate(Settings settings) {
    PrivacySettings.from(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    PrivacySettings keys = PrivacySettings.from(ctx.settings().config());
    TableIO io = ctx.io();
    String recorded = WarehouseKey.recorded(io);
    if (recorded == null) {
      throw Errors.config(
          "the warehouse records no key fingerprint ("
              + WarehouseKey.FILE
              + "): nothing to rotate;"
              + " its first run records the current key");
    }
    StageResult result = new StageResult(0, 0).detail("key_fingerprint", keys.fingerprint());
    if (recorded.equals(keys.fingerprint())) {
      return result.detail("rotated_from", null).detail("already_current", true);
    }
    String old =
        keys.retiredSecrets().stream()
            .filter(k -> PrivacySettings.fingerprint(k).equals(recorded))
            .findFirst()
            .orElseThrow(
                () ->
                    Errors.config(
                        "the warehouse was built with the key of fingerprint "
                            + recorded
                            + ", which is not among the retired keys; give it in"
                            + " clientele.privacy.retired-hmac-secret-envs or"
                            + " retired-hmac-secret-files, and the new key as the current one"));
    Hashing from = new Hashing(old);
    Hashing to = new Hashing(keys.secret());
    IdentitySettings s = IdentitySettings.from(ctx.settings().config());
    long guests = rekeyGuests(io, ResolveStage.recordParams(s, from), to);
    long profiles = rehashProfiles(io, to);
    long[] tf = rekeyTermFrequencies(ctx, s, from, to);
    long suppression = stampSuppression(io, recorded);
    WarehouseKey.rotate(io, recorded, keys.fingerprint(), ctx.runId());
    return result
        .detail("rotated_from", recorded)
        .detail("guest_keys_rekeyed", guests)
        .detail("profiles_rehashed", profiles)
        .detail("term_frequencies_rekeyed", tf[0])
        .detail("term_frequencies_dropped", tf[1])
        .detail("suppression_entries_stamped_with_old_key", suppression);
  }

  /** Guest keys of the identity map and the match explanations, old to new; rows translated. */
  static long rekeyGuests(TableIO io, IdentityRecords.Params from, Hashing to) {
    Dataset<Row> tx = io.readIfExists(Tables.BRONZE_TRANSACTIONS);
    if (tx == null || !io.exists(Tables.CUSTOMER_IDENTITY_MAP)) {
      return 0;
    }
    Dataset<Row> changes =
        IdentityRecords.guestKeyChanges(tx, from, to)
            .select(col("old_key").as(OLD), col("new_key").as(NEW))
            .localCheckpoint();
    Dataset<Row> map = io.read(Tables.CUSTOMER_IDENTITY_MAP);
    Dataset<Row> joined = map.join(changes, map.col(Cols.CUSTOMER_KEY).equalTo(col(OLD)), "left");
    // One row: how many map rows carry an old guest key (0 once translated).
    long translated = joined.where(col(NEW).isNotNull()).count();
    if (translated > 0) {
      io.overwrite(
          Tables.CUSTOMER_IDENTITY_MAP,
          joined
              .withColumn(Cols.CUSTOMER_KEY, coalesce(col(NEW), col(Cols.CUSTOMER_KEY)))
              .select(List.of(map.columns()).stream().map(c -> col(c)).toArray(Column[]::new)));
    }
    if (io.exists(Tables.MATCH_EXPLANATIONS)) {
      Dataset<Row> ex = io.read(Tables.MATCH_EXPLANATIONS);
      Dataset<Row> out = ex;
      for (String side : new String[] {Cols.RECORD_A, Cols.RECORD_B}) {
        out = translateNode(out, side, changes);
      }
      if (out.except(ex).limit(1).count() > 0) {
        io.overwrite(Tables.MATCH_EXPLANATIONS, out);
      }
    }
    return translated;
  }

  /** A node "source|guest:..." whose key changed gets the new key; other nodes stay. */
  private static Dataset<Row> translateNode(Dataset<Row> df, String column, Dataset<Row> changes) {
    Column key = regexp_extract(col(column), "\\|(guest:[0-9a-f]+)$", 1);
    Column prefix = regexp_extract(col(column), "^(.*)\\|guest:[0-9a-f]+$", 1);
    Dataset<Row> withKey = df.withColumn("_guest", key).withColumn("_prefix", prefix);
    Dataset<Row> j = withKey.join(changes, col("_guest").equalTo(col(OLD)), "left");
    return j.withColumn(
            column,
            when(col(NEW).isNotNull(), concat(col("_prefix"), lit("|"), col(NEW)))
                .otherwise(col(column)))
        .select(List.of(df.columns()).stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** e-mail and phone hashes of every profile, from its own values, under the new key. */
  static long rehashProfiles(TableIO io, Hashing to) {
    if (!io.exists(Tables.UNIFIED_PROFILES)) {
      return 0;
    }
    Dataset<Row> profiles = io.read(Tables.UNIFIED_PROFILES);
    Dataset<Row> out =
        profiles
            .withColumn(Cols.EMAIL_HASH, Profiles.emailHash(to))
            .withColumn(Cols.PHONE_HASH, Profiles.phoneHash(to));
    io.overwrite(Tables.UNIFIED_PROFILES, out);
    // One row.
    return io.read(Tables.UNIFIED_PROFILES).count();
  }

  /**
   * The latest model's term frequencies keyed by the new key: each entry is matched to the value it
   * hashes among the identity records' values; an entry whose value is no longer held (an erased
   * person's rare name) cannot be re-keyed and is dropped. A table already keyed by the new key (a
   * rotation re-run) is left alone. Returns {re-keyed, dropped}.
   */
  static long[] rekeyTermFrequencies(RunContext ctx, IdentitySettings s, Hashing from, Hashing to) {
    TableIO io = ctx.io();
    int latest = ModelStore.latest(io);
    if (latest == 0) {
      return new long[] {0, 0};
    }
    String table = ModelStore.table(latest, "term_frequencies");
    Dataset<Row> tf = io.read(table);
    Dataset<Row> named = FuzzyMatch.named(ResolveStage.records(ctx, s, to));
    Dataset<Row> values = null;
    // A few columns: the model's term-frequency columns.
    for (Row r : tf.select("column_name").distinct().collectAsList()) {
      String c = r.getString(0);
      Dataset<Row> v =
          named
              .where(col(c).isNotNull())
              .select(col(c).cast("string").as("v"))
              .distinct()
              .select(
                  lit(c).as("_column"),
                  from.hmacHex(col("v")).as(OLD),
                  to.hmacHex(col("v")).as(NEW));
      values = values == null ? v : values.unionByName(v);
    }
    if (values == null) {
      return new long[] {0, 0};
    }
    values = values.localCheckpoint();
    Column sameColumn = tf.col("column_name").equalTo(col("_column"));
    // One row each: entries matching the old key's hashes, and the new key's.
    long old = tf.join(values, sameColumn.and(tf.col("value_hmac").equalTo(col(OLD)))).count();
    long already = tf.join(values, sameColumn.and(tf.col("value_hmac").equalTo(col(NEW)))).count();
    if (old == 0 && already > 0) {
      return new long[] {0, 0};
    }
    long total = tf.count();
    Dataset<Row> rekeyed =
        tf.join(values, sameColumn.and(tf.col("value_hmac").equalTo(col(OLD))))
            .withColumn("value_hmac", col(NEW))
            .select(List.of(tf.columns()).stream().map(c -> col(c)).toArray(Column[]::new));
    io.overwrite(table, rekeyed);
    return new long[] {old, total - old};
  }

  /**
   * Suppression entries without a key fingerprint (written before entries recorded it) count as
   * made with the warehouse's key: once the key changes that would be wrong, so they get the old
   * key's fingerprint first. Returns the entries stamped.
   */
  static long stampSuppression(TableIO io, String oldFingerprint) {
    Dataset<Row> sup = io.readIfExists(Tables.ERASURE_SUPPRESSION);
    if (sup == null || !List.of(sup.columns()).contains(Cols.KEY_FINGERPRINT)) {
      return 0;
    }
    // One row.
    long unstamped = sup.where(col(Cols.KEY_FINGERPRINT).isNull()).count();
    if (unstamped > 0) {
      io.overwrite(
          Tables.ERASURE_SUPPRESSION,
          sup.withColumn(
              Cols.KEY_FINGERPRINT, coalesce(col(Cols.KEY_FINGERPRINT), lit(oldFingerprint))));
    }
    return unstamped;
  }
}
