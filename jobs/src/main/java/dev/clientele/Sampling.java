package dev.clientele;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;

/**
 * Samples drawn by a hash of the row's key. Unlike {@code rand(seed)} or {@code Dataset.sample},
 * which follow the partitioning and the order of rows, the same key is in or out of the sample
 * whatever the partitioning: a re-run and a cluster run draw the same sample, so fit the same
 * model.
 */
public final class Sampling {
  private static final long BUCKETS = 1_000_000L;

  private Sampling() {}

  /** A number in [0, 1), a function of the columns and the seed only. */
  public static Column unit(long seed, Column... key) {
    Column[] cs = Arrays.copyOf(key, key.length + 1);
    cs[key.length] = lit(seed);
    return pmod(xxhash64(cs), lit(BUCKETS)).divide((double) BUCKETS);
  }

  /** Keeps about {@code fraction} of the rows: those whose key hashes below it. */
  public static Column keep(double fraction, long seed, Column... key) {
    return unit(seed, key).lt(fraction);
  }
}
