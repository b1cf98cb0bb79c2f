package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.util.Locale;

/**
 * {@code clientele.clustering}: whether behavioural clusters are computed, whether the pipeline is
 * fitted anew or the latest saved one reused, k (0 = choose over k-min..k-max by silhouette), the
 * algorithm, the seed, the silhouette sample size, how many top categories become features and how
 * many buyers one partition of the fitting input holds.
 */
public record ClusteringSettings(
    boolean enabled,
    Mode mode,
    Algorithm algorithm,
    int k,
    int kMin,
    int kMax,
    long seed,
    int sampleSize,
    int topCategories,
    int rowsPerPartition) {

  /** fit: fit anew and save; reuse: score with the latest saved model. */
  public enum Mode {
    FIT,
    REUSE
  }

  /** The MLlib estimator. */
  public enum Algorithm {
    KMEANS,
    BISECTING_KMEANS;

    public String label() {
      return this == KMEANS ? "kmeans" : "bisecting-kmeans";
    }
  }

  public static ClusteringSettings from(Config config) {
    Config c = config.getConfig("clientele.clustering");
    String p = "clientele.clustering.";
    Mode mode =
        switch (c.getString("mode").toLowerCase(Locale.ROOT)) {
          case "fit" -> Mode.FIT;
          case "reuse" -> Mode.REUSE;
          default ->
              throw Errors.config(
                  p + "mode: expected fit or reuse, got '" + c.getString("mode") + "'");
        };
    Algorithm algorithm =
        switch (c.getString("algorithm").toLowerCase(Locale.ROOT)) {
          case "kmeans" -> Algorithm.KMEANS;
          case "bisecting-kmeans" -> Algorithm.BISECTING_KMEANS;
          default ->
              throw Errors.config(
                  p
                      + "algorithm: expected kmeans or bisecting-kmeans, got '"
                      + c.getString("algorithm")
                      + "'");
        };
    ClusteringSettings s =
        new ClusteringSettings(
            c.getBoolean("enabled"),
            mode,
            algorithm,
            c.getInt("k"),
            c.getInt("k-min"),
            c.getInt("k-max"),
            c.getLong("seed"),
            c.getInt("sample-size"),
            c.getInt("top-categories"),
            c.getInt("rows-per-partition"));
    s.check();
    return s;
  }

  private void check() {
    String p = "clientele.clustering.";
    if (k == 1 || k < 0) {
      throw Errors.config(p + "k: expected 0 (choose by silhouette) or at least 2, got " + k);
    }
    if (k == 0 && (kMin < 2 || kMax < kMin)) {
      throw Errors.config(
          p + "k-min/k-max: expected 2 <= k-min <= k-max, got " + kMin + ".." + kMax);
    }
    if (sampleSize < 100) {
      throw Errors.config(p + "sample-size: expected at least 100, got " + sampleSize);
    }
    if (rowsPerPartition < 1) {
      throw Errors.config(p + "rows-per-partition: expected at least 1, got " + rowsPerPartition);
    }
    if (topCategories < 0) {
      throw Errors.config(p + "top-categories: expected 0 or more, got " + topCategories);
    }
  }

  /** The k values to try: the fixed k, or k-min..k-max. */
  public int[] candidateKs() {
    return k > 0 ? new int[] {k} : java.util.stream.IntStream.rangeClosed(kMin, kMax).toArray();
  }
}
