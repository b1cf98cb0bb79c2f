package dev.clientele.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.clientele.config.ClusteringSettings;
import dev.clientele.config.SegmentSettings;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.Cols;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The clustering step of the segment stage: fit (and save) or reuse, assign, personas. */
final class StageClusters {
  private StageClusters() {}

  /** The cluster family rows, the personas and the (persisted) assignment to unpersist later. */
  record Outcome(Dataset<Row> segments, Dataset<Row> personas, Dataset<Row> assigned) {}

  /** Null when clustering is disabled or there are too few buyers to cluster. */
  static Outcome run(RunContext ctx, Dataset<Row> view, ClusteringSettings cl, StageResult result) {
    if (!cl.enabled()) {
      result.detail("clustering", "disabled");
      return null;
    }
    Dataset<Row> population = ClusterFeatures.population(view);
    long buyers = population.count();
    ModelStore store = new ModelStore(ctx.spark(), ctx.io().warehouse());
    PipelineModel model;
    if (cl.mode() == ClusteringSettings.Mode.REUSE) {
      model = store.loadLatest(ctx.asOf());
      String path = store.path(store.latest(ctx.asOf()).orElseThrow());
      result.detail("clustering", "reused " + path);
      ctx.summary()
          .model(
              "clustering",
              Map.of("mode", "reuse", "rule", BehaviouralClusters.rule(model), "model_path", path));
    } else {
      int smallestK = Arrays.stream(cl.candidateKs()).min().orElseThrow();
      if (buyers <= smallestK) {
        result.detail("clustering", "skipped: " + buyers + " buyers for k >= " + smallestK);
        return null;
      }
      model = fitAndSave(ctx, population, buyers, cl, store);
      result.detail("clustering", "fitted");
    }
    Dataset<Row> assigned = BehaviouralClusters.assign(model, population).persist();
    Dataset<Row> personas =
        ClusterPersonas.build(assigned, BehaviouralClusters.featureNames(model));
    Dataset<Row> segments =
        assigned
            .join(personas.select("cluster", "label"), "cluster")
            .select(
                col(Cols.CUSTOMER_ID),
                lit(SegmentSettings.CLUSTER_FAMILY).as("family"),
                col("label").as("segment"),
                lit(BehaviouralClusters.rule(model)).as("rule"));
    result.detail("clusters", BehaviouralClusters.k(model));
    return new Outcome(segments, personas, assigned);
  }

  private static PipelineModel fitAndSave(
      RunContext ctx,
      Dataset<Row> population,
      long buyers,
      ClusteringSettings cl,
      ModelStore store) {
    List<String> categories = ClusterFeatures.topCategories(population, cl.topCategories());
    List<ClusterFeatures.Feature> features = ClusterFeatures.of(categories);
    BehaviouralClusters.Fitted fitted = BehaviouralClusters.fit(population, buyers, features, cl);
    String path = store.save(fitted.model(), ctx.asOf());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("algorithm", cl.algorithm().label());
    params.put("k", fitted.k());
    params.put("seed", cl.seed());
    Map<String, Double> silhouettes = new LinkedHashMap<>();
    fitted.silhouettes().forEach((k, v) -> silhouettes.put(String.valueOf(k), v));
    params.put("silhouette_by_k", silhouettes);
    params.put("customers", buyers);
    params.put("features", features.stream().map(ClusterFeatures.Feature::name).toList());
    params.put("model_path", path);
    ctx.summary().model("clustering", params);
    return fitted.model();
  }
}
