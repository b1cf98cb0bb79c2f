package dev.clientele.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Fellegi-Sunter model, driver side: comparisons with ordered levels, m- and u-probabilities,
 * the prior match probability, and expectation-maximisation over a table of comparison-vector
 * patterns with their counts. Everything here works on small aggregates (one row per distinct
 * pattern, at most the product of the level counts), never on pairs.
 */
public final class FellegiSunter {
  private FellegiSunter() {}

  /**
   * A level of a comparison; termFrequency: the column whose value rarity weighs exact agreement.
   */
  public record Level(String name, String when, String termFrequency) {}

  /**
   * A comparison: its levels in order, then the implicit level {@value #OTHER} (none holds). A pair
   * with a null in any of {@code columns} has no level (-1): the comparison is neutral.
   */
  public record Comparison(String name, List<String> columns, List<Level> levels) {
    public int levelCount() {
      return levels.size() + 1;
    }

    public String levelName(int l) {
      return l < levels.size() ? levels.get(l).name() : OTHER;
    }
  }

  public static final String OTHER = "other";

  /** Probabilities are kept inside [FLOOR, 1 - FLOOR] so weights stay finite. */
  static final double FLOOR = 1e-6;

  /** A comparison vector (gamma[c] = level, -1 = null) and how many pairs have it. */
  public record Pattern(int[] gamma, double count) {}

  /** The result of one EM run: the prior among the pairs and m per comparison and level. */
  public record Fit(double lambda, double[][] m, int iterations, boolean converged) {}

  /**
   * u[c][l] = share of the non-null random pairs of comparison c at level l. A level no random pair
   * reached gets half a pair (0.5 / pairs), so its weight is large but finite.
   */
  public static double[][] uProbabilities(List<Comparison> comps, List<Pattern> randomPairs) {
    double[][] u = new double[comps.size()][];
    for (int c = 0; c < comps.size(); c++) {
      double[] counts = levelCounts(comps.get(c), c, randomPairs);
      double total = Arrays.stream(counts).sum();
      u[c] = new double[counts.length];
      for (int l = 0; l < counts.length; l++) {
        u[c][l] =
            total == 0
                ? 1.0 / counts.length
                : (counts[l] > 0 ? counts[l] : 0.5) / Math.max(total, 1);
      }
    }
    return u;
  }

  /** Pairs per level of comparison c (pairs with a null in it left out). */
  private static double[] levelCounts(Comparison comp, int c, List<Pattern> patterns) {
    double[] counts = new double[comp.levelCount()];
    for (Pattern p : patterns) {
      if (p.gamma()[c] >= 0) {
        counts[p.gamma()[c]] += p.count();
      }
    }
    return counts;
  }

  /** Starting m: most mass on the first (closest) level, least on "other". */
  public static double[][] initialM(List<Comparison> comps) {
    double[][] m = new double[comps.size()][];
    for (int c = 0; c < comps.size(); c++) {
      int k = comps.get(c).levelCount();
      m[c] = new double[k];
      double sum = 0;
      for (int l = 0; l < k; l++) {
        m[c][l] = l == k - 1 ? 0.05 : Math.pow(2, k - 1 - l);
        sum += m[c][l];
      }
      for (int l = 0; l < k; l++) {
        m[c][l] /= sum;
      }
    }
    return m;
  }

  /**
   * EM with u fixed: estimates the share of matches among the pairs and m of the active comparisons
   * (those the pairs were not blocked on; inactive ones are left out of the likelihood, since every
   * blocked pair agrees on them whether it matches or not).
   */
  public static Fit em(
      List<Pattern> patterns,
      double[][] u,
      double[][] mStart,
      double lambdaStart,
      boolean[] active,
      int maxIterations,
      double tolerance) {
    double[][] m = copy(mStart);
    double lambda = lambdaStart;
    for (int it = 1; it <= maxIterations; it++) {
      double[][] num = new double[m.length][];
      double[] den = new double[m.length];
      for (int c = 0; c < m.length; c++) {
        num[c] = new double[m[c].length];
      }
      double matches = 0;
      double all = 0;
      for (Pattern p : patterns) {
        double w = posterior(p.gamma(), m, u, lambda, active) * p.count();
        matches += w;
        all += p.count();
        for (int c = 0; c < m.length; c++) {
          int g = p.gamma()[c];
          if (active[c] && g >= 0) {
            num[c][g] += w;
            den[c] += w;
          }
        }
      }
      double change = Math.abs(matches / all - lambda);
      lambda = clamp(matches / all);
      for (int c = 0; c < m.length; c++) {
        if (!active[c] || den[c] == 0) {
          continue;
        }
        for (int l = 0; l < m[c].length; l++) {
          double next = clamp(num[c][l] / den[c]);
          change = Math.max(change, Math.abs(next - m[c][l]));
          m[c][l] = next;
        }
      }
      if (change < tolerance) {
        return new Fit(lambda, m, it, true);
      }
    }
    return new Fit(lambda, m, maxIterations, false);
  }

  /**
   * The share of matches among pairs with m and u fixed (EM on lambda alone, every comparison
   * active): used over the union of the candidate pairs to estimate how many pairs match.
   */
  public static double lambdaOnly(
      List<Pattern> patterns, double[][] m, double[][] u, double lambdaStart, int maxIterations) {
    boolean[] all = new boolean[m.length];
    Arrays.fill(all, true);
    double lambda = lambdaStart;
    for (int it = 0; it < maxIterations; it++) {
      double matches = 0;
      double pairs = 0;
      for (Pattern p : patterns) {
        matches += posterior(p.gamma(), m, u, lambda, all) * p.count();
        pairs += p.count();
      }
      double next = clamp(matches / Math.max(pairs, 1));
      if (Math.abs(next - lambda) < 1e-9) {
        return next;
      }
      lambda = next;
    }
    return lambda;
  }

  /** P(match | gamma) with prior lambda, over the active comparisons. */
  static double posterior(
      int[] gamma, double[][] m, double[][] u, double lambda, boolean[] active) {
    double logM = Math.log(lambda);
    double logU = Math.log(1 - lambda);
    for (int c = 0; c < gamma.length; c++) {
      if (active[c] && gamma[c] >= 0) {
        logM += Math.log(m[c][gamma[c]]);
        logU += Math.log(u[c][gamma[c]]);
      }
    }
    return 1 / (1 + Math.exp(logU - logM));
  }

  /**
   * m from pairs known to match: per comparison the share of its non-null pairs at each level (half
   * a pair for a level none reached), where at least minPairs are non-null and the comparison is
   * not excluded; the other comparisons keep {@code fallback}.
   */
  public static double[][] mFromMatches(
      List<Comparison> comps,
      List<Pattern> matches,
      double[][] fallback,
      long minPairs,
      boolean[] excluded) {
    double[][] out = copy(fallback);
    for (int c = 0; c < comps.size(); c++) {
      double[] counts = levelCounts(comps.get(c), c, matches);
      double total = Arrays.stream(counts).sum();
      if (excluded[c] || total < minPairs) {
        continue;
      }
      for (int l = 0; l < counts.length; l++) {
        out[c][l] = clamp((counts[l] > 0 ? counts[l] : 0.5) / total);
      }
    }
    return out;
  }

  /** Averages the m estimates of each comparison over the runs where it was active. */
  public static double[][] averageM(List<double[][]> fits, List<boolean[]> actives, double[][] m0) {
    double[][] out = copy(m0);
    for (int c = 0; c < m0.length; c++) {
      List<double[]> seen = new ArrayList<>();
      for (int r = 0; r < fits.size(); r++) {
        if (actives.get(r)[c]) {
          seen.add(fits.get(r)[c]);
        }
      }
      if (!seen.isEmpty()) {
        for (int l = 0; l < out[c].length; l++) {
          final int level = l;
          out[c][l] = seen.stream().mapToDouble(v -> v[level]).average().orElseThrow();
        }
      }
    }
    return out;
  }

  /** Match weight of a level in bits: log2(m / u). */
  public static double weight(double m, double u) {
    return Math.log(clamp(m) / clamp(u)) / Math.log(2);
  }

  static double clamp(double p) {
    return Math.min(1 - FLOOR, Math.max(FLOOR, p));
  }

  private static double[][] copy(double[][] a) {
    return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
  }
}
