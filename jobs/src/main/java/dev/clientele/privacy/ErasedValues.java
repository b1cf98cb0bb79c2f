package dev.clientele.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.identity.Hashing;
import dev.clientele.privacy.PersonHashes.Kind;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The hashed values of one erased person, by kind, and the row predicates built on them. A
 * predicate hashes the row's value (normalised as the resolver does) and looks it up in the set the
 * predicate carries, so a DELETE's condition names columns and a function, never a value or a hash:
 * nothing of the person reaches the Delta commit ({@code operationParameters.predicate}).
 */
public final class ErasedValues implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * At most this many values: one person has a handful of records; a request that reaches more has
   * followed a shared identifier the guards did not catch and is refused rather than erasing a
   * crowd.
   */
  public static final int MAX_VALUES = 5_000;

  private final Map<Kind, Set<String>> hashes;

  private ErasedValues(Map<Kind, Set<String>> hashes) {
    this.hashes = hashes;
  }

  public static ErasedValues empty() {
    return new ErasedValues(new EnumMap<>(Kind.class));
  }

  /** Reads (value_kind, value_hash) rows: one person's values, a bounded handful (see above). */
  public static ErasedValues of(Dataset<Row> kindAndHash) {
    ErasedValues v = empty();
    for (Row r : kindAndHash.distinct().limit(MAX_VALUES + 1).collectAsList()) {
      v.add(Kind.of(r.getString(0)), r.getString(1));
    }
    return v;
  }

  public void add(Kind kind, String hash) {
    if (hash != null) {
      hashes.computeIfAbsent(kind, k -> new TreeSet<>()).add(hash);
    }
  }

  /** Adds the distinct non-null hashes of a one-column frame; returns how many were new. */
  public int addAll(Kind kind, Dataset<Row> oneColumn) {
    Set<String> set = hashes.computeIfAbsent(kind, k -> new TreeSet<>());
    int before = set.size();
    // One person's values: bounded by MAX_VALUES + 1 (more is refused by the caller).
    List<String> found =
        oneColumn
            .where(col(oneColumn.columns()[0]).isNotNull())
            .distinct()
            .limit(MAX_VALUES + 1)
            .as(Encoders.STRING())
            .collectAsList();
    set.addAll(found);
    return set.size() - before;
  }

  public void addAll(ErasedValues other) {
    other.hashes.forEach((k, s) -> s.forEach(h -> add(k, h)));
  }

  public Set<String> of(Kind kind) {
    return hashes.getOrDefault(kind, Set.of());
  }

  public int size() {
    return hashes.values().stream().mapToInt(Set::size).sum();
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** Kind to its hashes, for recording the request. */
  public Map<Kind, Set<String>> asMap() {
    return Map.copyOf(hashes);
  }

  /** Whether the HMAC of "kind:value" (value already normalised) is one of this person's. */
  public Column contains(Hashing hashing, Kind kind, Column normalisedValue) {
    Set<String> set = Set.copyOf(of(kind));
    if (set.isEmpty()) {
      return lit(false);
    }
    String prefix = kind.label() + ":";
    UDF1<String, Boolean> f = v -> v != null && set.contains(hashing.hmacHex(prefix + v));
    // A named function: the commit's predicate reads "erased_email(...)", never the set.
    return functions
        .udf(f, DataTypes.BooleanType)
        .withName("erased_" + kind.label())
        .apply(normalisedValue);
  }

  /** A hash-list column for reads only (never for a write's predicate): value hash is one of. */
  public Column hashIsIn(Kind kind, Column hash) {
    Set<String> set = of(kind);
    return set.isEmpty() ? lit(false) : hash.isin(set.toArray());
  }
}
