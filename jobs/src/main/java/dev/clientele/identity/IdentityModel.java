package dev.clientele.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import dev.clientele.identity.FellegiSunter.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * A trained Fellegi-Sunter model: comparisons, m and u per level, the prior match probability among
 * all record pairs, and the training figures. Builds the Spark columns that give a pair its
 * comparison vector (g_&lt;i&gt;), each comparison's weight in bits (w_&lt;name&gt;, term-frequency
 * adjusted for exact agreement on rare values) and the match probability.
 */
public record IdentityModel(
    int version,
    List<Comparison> comparisons,
    double[][] m,
    double[][] u,
    double lambda,
    Map<String, Object> training) {

  public static final String WEIGHT = "match_weight";
  public static final String PROBABILITY = "match_probability";

  /** Column of the term frequency of a record's value of column c (joined before pairing). */
  public static String tfColumn(String column) {
    return "tf_" + column;
  }

  public static String gammaColumn(int c) {
    return "g_" + c;
  }

  public static String weightColumn(Comparison c) {
    return "w_" + c.name();
  }

  /** The comparison vector of a pair: level index, -1 when a compared column is null. */
  public static List<Column> gammas(List<Comparison> comps) {
    List<Column> out = new ArrayList<>();
    for (int c = 0; c < comps.size(); c++) {
      Comparison comp = comps.get(c);
      Column anyNull = lit(false);
      for (String column : comp.columns()) {
        anyNull = anyNull.or(col("l_" + column).isNull()).or(col("r_" + column).isNull());
      }
      Column g = when(anyNull, lit(-1));
      for (int l = 0; l < comp.levels().size(); l++) {
        g = g.when(expr(comp.levels().get(l).when()), lit(l));
      }
      out.add(g.otherwise(lit(comp.levels().size())).as(gammaColumn(c)));
    }
    return out;
  }

  /** Prior weight in bits: log2(lambda / (1 - lambda)). */
  public double priorWeight() {
    return Math.log(lambda / (1 - lambda)) / Math.log(2);
  }

  public double weight(int c, int l) {
    return FellegiSunter.weight(m[c][l], u[c][l]);
  }

  /**
   * Each comparison's weight over a pair that has its g_ columns: 0 when null, log2(m/u) of its
   * level, and for an exact level with a term frequency, log2(m / tf(value)) when the value's
   * frequency is known (a rare surname weighs more than a common one).
   */
  public List<Column> weights() {
    List<Column> out = new ArrayList<>();
    for (int c = 0; c < comparisons.size(); c++) {
      Comparison comp = comparisons.get(c);
      Column g = col(gammaColumn(c));
      Column w = when(g.equalTo(-1), lit(0.0));
      for (int l = 0; l < comp.levelCount(); l++) {
        String tf = l < comp.levels().size() ? comp.levels().get(l).termFrequency() : "";
        if (tf != null && !tf.isBlank()) {
          Column freq = col("l_" + tfColumn(tf));
          Column adjusted = log2(lit(FellegiSunter.clamp(m[c][l])).divide(freq.cast("double")));
          w = w.when(g.equalTo(l).and(freq.isNotNull()), adjusted);
        }
        w = w.when(g.equalTo(l), lit(weight(c, l)));
      }
      out.add(w.as(weightColumn(comp)));
    }
    return out;
  }

  /** The total match weight (prior plus the comparisons') over a pair with its w_ columns. */
  public Column totalWeight() {
    Column total = lit(priorWeight());
    for (Comparison comp : comparisons) {
      total = total.plus(col(weightColumn(comp)));
    }
    return total;
  }

  /** 1 / (1 + 2^-weight). */
  public static Column probability(Column weight) {
    return lit(1.0).divide(lit(1.0).plus(pow(lit(2.0), weight.multiply(-1))));
  }

  /** The prior and each level's m, u and weight on one line: for the log (no data values). */
  public String describe() {
    StringBuilder b =
        new StringBuilder(String.format("lambda %.3g (prior %.2f bits)", lambda, priorWeight()));
    for (int c = 0; c < comparisons.size(); c++) {
      Comparison comp = comparisons.get(c);
      b.append("; ").append(comp.name()).append(':');
      for (int l = 0; l < comp.levelCount(); l++) {
        b.append(
            String.format(
                " %s m=%.3g u=%.3g w=%.2f", comp.levelName(l), m[c][l], u[c][l], weight(c, l)));
      }
    }
    return b.toString();
  }

  /** The term-frequency columns the comparisons use. */
  public List<String> termFrequencyColumns() {
    return termFrequencyColumns(comparisons);
  }

  public static List<String> termFrequencyColumns(List<Comparison> comps) {
    return comps.stream()
        .flatMap(c -> c.levels().stream())
        .map(FellegiSunter.Level::termFrequency)
        .filter(t -> t != null && !t.isBlank())
        .distinct()
        .toList();
  }
}
