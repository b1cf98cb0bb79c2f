package dev.clientele.segments;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_pop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * cluster_personas: per cluster its size, share, the mean and median (percentile_approx, accuracy
 * 10,000: exact below that many customers per cluster) of every raw feature, and a label.
 */
public final class ClusterPersonas {
  private ClusterPersonas() {}

  /**
   * @param assigned customer_id, cluster and {@code feature_<name>} columns
   * @return cluster, label, customers, customer_share, then mean_/median_ per feature
   */
  public static Dataset<Row> build(Dataset<Row> assigned, List<String> features) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("customers"));
    for (String f : features) {
      Column raw = col(ClusterFeatures.RAW + f);
      aggs.add(avg(raw).as("mean_" + f));
      aggs.add(
          percentile_approx(raw, lit(0.5), lit(10000))
              .cast(DataTypes.DoubleType)
              .as("median_" + f));
    }
    Dataset<Row> stats =
        assigned
            .groupBy(col(BehaviouralClusters.CLUSTER).cast(DataTypes.IntegerType).as("cluster"))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    // k rows: small by construction.
    List<Row> perCluster = stats.collectAsList();
    Map<Integer, String> labels = labels(assigned, features, perCluster);
    long total = perCluster.stream().mapToLong(r -> r.getLong(r.fieldIndex("customers"))).sum();
    List<Row> labelRows = new ArrayList<>();
    labels.forEach((c, l) -> labelRows.add(RowFactory.create(c, l)));
    StructType labelSchema =
        new StructType().add("cluster", DataTypes.IntegerType).add("label", DataTypes.StringType);
    Dataset<Row> labelDf = assigned.sparkSession().createDataFrame(labelRows, labelSchema);
    List<Column> out = new ArrayList<>();
    out.add(col("cluster"));
    out.add(col("label"));
    out.add(col("customers"));
    out.add(col("customers").divide(lit((double) total)).as("customer_share"));
    for (String f : features) {
      out.add(col("mean_" + f));
      out.add(col("median_" + f));
    }
    return stats.join(labelDf, "cluster").select(out.toArray(Column[]::new));
  }

  /** Labels by cluster; a label shared by several clusters gets " (cluster n)" appended. */
  static Map<Integer, String> labels(
      Dataset<Row> assigned, List<String> features, List<Row> perCluster) {
    List<Column> aggs = new ArrayList<>();
    for (String f : features) {
      Column raw = col(ClusterFeatures.RAW + f);
      aggs.add(avg(raw).as("mean_" + f));
      aggs.add(stddev_pop(raw).as("sd_" + f));
    }
    // One row of population statistics.
    Row pop =
        assigned.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    Map<String, Double> popMean = new HashMap<>();
    Map<String, Double> popSd = new HashMap<>();
    for (String f : features) {
      popMean.put(f, doubleOrNull(pop, "mean_" + f));
      popSd.put(f, doubleOrNull(pop, "sd_" + f));
    }
    Map<Integer, String> labels = new LinkedHashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    for (Row r : perCluster) {
      Map<String, Double> mean = new LinkedHashMap<>();
      for (String f : features) {
        mean.put(f, doubleOrNull(r, "mean_" + f));
      }
      String label = PersonaLabels.label(mean, popMean, popSd);
      labels.put(r.getInt(r.fieldIndex("cluster")), label);
      uses.merge(label, 1, Integer::sum);
    }
    labels.replaceAll((c, l) -> uses.get(l) > 1 ? l + " (cluster " + c + ")" : l);
    return labels;
  }

  private static Double doubleOrNull(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }
}
