package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;

import dev.clientele.io.SqlText;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The behavioural features the clusters are fitted on, each as a SQL expression over the feature
 * view: recency, frequency, money, basket, online share, tenure and the shares of the top
 * categories. Money and counts are skewed, so the model sees their log1p; personas the raw value.
 */
public final class ClusterFeatures {
  /** Prefix of the raw feature columns personas are computed from. */
  public static final String RAW = "feature_";

  /** Prefix of the transformed columns the model is fitted on. */
  public static final String MODEL = "model_";

  private static final Set<String> LOGGED =
      Set.of(Cols.ORDER_COUNT, Cols.MONETARY_NET, Cols.AVG_ORDER_VALUE);

  private ClusterFeatures() {}

  /** A feature: its column-safe name and the SQL of its raw value (never null). */
  public record Feature(String name, String sql) {
    public boolean logged() {
      return LOGGED.contains(name);
    }
  }

  public static List<Feature> of(List<String> categories) {
    List<Feature> f = new ArrayList<>();
    f.add(new Feature(Cols.RECENCY_DAYS, "cast(recency_days as double)"));
    f.add(new Feature(Cols.ORDER_COUNT, "cast(order_count as double)"));
    f.add(new Feature(Cols.MONETARY_NET, "greatest(cast(monetary_net as double), 0D)"));
    f.add(new Feature(Cols.AVG_ORDER_VALUE, "greatest(cast(avg_order_value as double), 0D)"));
    f.add(new Feature("online_share", "coalesce(online_share, 0D)"));
    f.add(new Feature("tenure_days", "cast(coalesce(tenure_days, 0) as double)"));
    Set<String> used = new LinkedHashSet<>();
    for (String c : categories) {
      String name = "category_share_" + safe(c);
      while (!used.add(name)) {
        name = name + "_";
      }
      // The category comes from the data: SqlText makes it one literal whatever it holds.
      f.add(new Feature(name, "coalesce(category_share[" + SqlText.literal(c) + "], 0D)"));
    }
    return List.copyOf(f);
  }

  /** The SQLTransformer statement: raw values and the (log1p of skewed) model inputs. */
  public static String statement(List<Feature> features) {
    StringBuilder sql = new StringBuilder("SELECT *");
    for (Feature f : features) {
      sql.append(", ").append(f.sql()).append(" AS ").append(RAW).append(f.name());
      String model = f.logged() ? "log1p(" + f.sql() + ")" : f.sql();
      sql.append(", ").append(model).append(" AS ").append(MODEL).append(f.name());
    }
    return sql.append(" FROM __THIS__").toString();
  }

  /**
   * Customers with at least one purchase and a recency: prospects have no behaviour to cluster.
   * Hash-partitioned and sorted by customer_id so the seeded sample and k-means initialisation see
   * the same rows in the same order on every run, whatever order the upstream shuffles produced.
   */
  public static Dataset<Row> population(Dataset<Row> view) {
    return view.where(col(Cols.ORDER_COUNT).gt(0).and(col(Cols.RECENCY_DAYS).isNotNull()))
        .repartition(col(Cols.CUSTOMER_ID))
        .sortWithinPartitions(Cols.CUSTOMER_ID);
  }

  /**
   * The n categories with the largest summed shares over the population (ties by name). Brings at
   * most n category names to the driver.
   */
  public static List<String> topCategories(Dataset<Row> population, int n) {
    if (n == 0) {
      return List.of();
    }
    // At most n rows (the top categories by summed share) reach the driver.
    List<Row> rows =
        population
            .select(explode(col("category_share")).as(new String[] {"category", "share"}))
            .groupBy("category")
            .agg(sum("share").as("weight"))
            .orderBy(desc("weight"), col("category"))
            .limit(n)
            .collectAsList();
    return rows.stream().map(r -> r.getString(0)).toList();
  }

  static String safe(String category) {
    String s = category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    s = s.replaceAll("^_+|_+$", "");
    return s.isEmpty() ? "other" : s;
  }
}
