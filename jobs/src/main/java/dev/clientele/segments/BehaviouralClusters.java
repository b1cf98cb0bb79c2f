package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;

import dev.clientele.Errors;
import dev.clientele.Sampling;
import dev.clientele.config.ClusteringSettings;
import dev.clientele.config.ClusteringSettings.Algorithm;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Behavioural clusters: an MLlib pipeline (SQL feature transform with log1p of money and counts,
 * vector assembly, standard scaling, k-means or bisecting k-means). k is fixed or chosen by the
 * silhouette on a seeded sample of at most {@code sample-size} customers, so the search stays cheap
 * at any scale; the final model is fitted on every customer with the chosen k. The fitting input
 * has a layout fixed by the data ({@link #laidOut}), so the same buyers and seed give the same
 * clusters anywhere.
 */
public final class BehaviouralClusters {
  public static final String CLUSTER = "cluster";
  private static final String SCALED = "scaled_features";

  private BehaviouralClusters() {}

  /** The fitted model, its k and the silhouette of each k tried (empty when k was fixed). */
  public record Fitted(PipelineModel model, int k, Map<Integer, Double> silhouettes) {}

  public static Pipeline pipeline(
      List<ClusterFeatures.Feature> features, int k, ClusteringSettings s) {
    String[] inputs =
        features.stream().map(f -> ClusterFeatures.MODEL + f.name()).toArray(String[]::new);
    PipelineStage estimator =
        s.algorithm() == Algorithm.KMEANS
            ? new KMeans()
                .setK(k)
                .setSeed(s.seed())
                .setFeaturesCol(SCALED)
                .setPredictionCol(CLUSTER)
            : new BisectingKMeans()
                .setK(k)
                .setSeed(s.seed())
                .setFeaturesCol(SCALED)
                .setPredictionCol(CLUSTER);
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new SQLTransformer().setStatement(ClusterFeatures.statement(features)),
              new VectorAssembler().setInputCols(inputs).setOutputCol("model_vector"),
              new StandardScaler()
                  .setInputCol("model_vector")
                  .setOutputCol(SCALED)
                  .setWithMean(true)
                  .setWithStd(true),
              estimator
            });
  }

  /**
   * Fits on the population ({@code customers} rows, counted by the caller). With a range of k, each
   * candidate is fitted and scored on the sample and the best silhouette wins (ties: smaller k).
   */
  public static Fitted fit(
      Dataset<Row> population,
      long customers,
      List<ClusterFeatures.Feature> features,
      ClusteringSettings s) {
    Dataset<Row> input = laidOut(population, customers, s.rowsPerPartition()).persist();
    try {
      return fitLaidOut(input, customers, features, s);
    } finally {
      input.unpersist();
    }
  }

  /**
   * The population in ceil(customers / rowsPerPartition) partitions by a hash of customer_id, each
   * sorted by it. MLlib's k-means initialisation draws per partition (seed and partition index), so
   * without a fixed layout the clusters would change with shuffle settings, AQE or cluster size.
   */
  static Dataset<Row> laidOut(Dataset<Row> population, long customers, int rowsPerPartition) {
    int partitions = (int) Math.max(1, (customers + rowsPerPartition - 1) / rowsPerPartition);
    return population
        .repartition(partitions, col(Cols.CUSTOMER_ID))
        .sortWithinPartitions(Cols.CUSTOMER_ID);
  }

  private static Fitted fitLaidOut(
      Dataset<Row> population,
      long customers,
      List<ClusterFeatures.Feature> features,
      ClusteringSettings s) {
    int[] ks = s.candidateKs();
    if (ks.length == 1) {
      return new Fitted(pipeline(features, ks[0], s).fit(population), ks[0], Map.of());
    }
    double fraction = Math.min(1.0, (double) s.sampleSize() / Math.max(1, customers));
    boolean sampled = fraction < 1.0;
    // By a hash of customer_id: the same sample (and so the same k) whatever the partitioning.
    Dataset<Row> sample =
        sampled
            ? population.where(Sampling.keep(fraction, s.seed(), col(Cols.CUSTOMER_ID)))
            : population;
    sample = sampled ? sample.persist() : sample;
    Map<Integer, Double> scores = new LinkedHashMap<>();
    Integer best = null;
    PipelineModel bestModel = null;
    try {
      for (int k : ks) {
        if (k >= customers) {
          break;
        }
        PipelineModel m = pipeline(features, k, s).fit(sample);
        double score = silhouette(m.transform(sample));
        scores.put(k, score);
        if (best == null || score > scores.get(best)) {
          best = k;
          bestModel = m;
        }
      }
    } finally {
      if (sampled) {
        sample.unpersist();
      }
    }
    int chosen = best == null ? ks[0] : best;
    // Fitted on everyone already when the sample was the whole population.
    PipelineModel model =
        !sampled && bestModel != null ? bestModel : pipeline(features, chosen, s).fit(population);
    return new Fitted(model, chosen, scores);
  }

  static double silhouette(Dataset<Row> scored) {
    try {
      return new ClusteringEvaluator()
          .setFeaturesCol(SCALED)
          .setPredictionCol(CLUSTER)
          .evaluate(scored);
    } catch (RuntimeException e) {
      // A k that collapses to one cluster has no silhouette; it must not win.
      return -1.0;
    }
  }

  /** customer_id, cluster and the raw feature columns of every customer in the population. */
  public static Dataset<Row> assign(PipelineModel model, Dataset<Row> population) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(Cols.CUSTOMER_ID));
    cols.add(col(CLUSTER));
    for (String f : featureNames(model)) {
      cols.add(col(ClusterFeatures.RAW + f));
    }
    return model.transform(population).select(cols.toArray(Column[]::new));
  }

  /** The feature names of a fitted (or loaded) model, from its vector assembler. */
  public static List<String> featureNames(PipelineModel model) {
    for (Transformer t : model.stages()) {
      if (t instanceof VectorAssembler va) {
        List<String> names = new ArrayList<>();
        for (String in : va.getInputCols()) {
          names.add(in.substring(ClusterFeatures.MODEL.length()));
        }
        return names;
      }
    }
    throw Errors.model(
        "the clustering model has no VectorAssembler stage (it was not saved by this version's"
            + " clustering, or is damaged); run once with clientele.clustering.mode = fit");
  }

  /** k of a fitted or loaded model (the number of cluster centres). */
  public static int k(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    if (last instanceof org.apache.spark.ml.clustering.KMeansModel km) {
      return km.clusterCenters().length;
    }
    return ((org.apache.spark.ml.clustering.BisectingKMeansModel) last).clusterCenters().length;
  }

  /** The rule text of the cluster family, e.g. "kmeans k=4". */
  public static String rule(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    String algo =
        last instanceof org.apache.spark.ml.clustering.KMeansModel ? "kmeans" : "bisecting-kmeans";
    return algo + " k=" + k(model);
  }
}
