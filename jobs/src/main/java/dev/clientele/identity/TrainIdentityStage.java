package dev.clientele.identity;

import dev.clientele.config.IdentitySettings;
import dev.clientele.config.Settings;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code train-identity}: trains the identity model on the warehouse's identity records and stores
 * it as the next version under {@code _models/identity/}; every later {@code resolve} uses it.
 * Writes nothing else.
 */
public final class TrainIdentityStage implements Stage {
  @Override
  public String name() {
    return "train-identity";
  }

  @Override
  public void validate(Settings settings) {
    IdentitySettings.from(settings.config());
    Hashing.fromConfig(settings.config());
  }

  @Override
  public StageResult run(RunContext ctx) {
    IdentitySettings s = IdentitySettings.from(ctx.settings().config());
    Hashing hashing = Hashing.fromConfig(ctx.settings().config());
    ctx.spark().sparkContext().setJobGroup("train-identity", "identity model training", false);
    Dataset<Row> records =
        ResolveStage.records(ctx, s, hashing).persist(StorageLevel.MEMORY_AND_DISK());
    int version = ModelStore.latest(ctx.io()) + 1;
    ModelTraining.Trained t =
        ModelTraining.train(
            records,
            ResolveStage.resolutionParams(s).fuzzy(),
            ResolveStage.trainingParams(s, hashing),
            version);
    int stored = ModelStore.save(ctx.io(), t);
    records.unpersist();
    ctx.summary().model("identity", ModelStore.describe(t.model()));
    long n = ((Number) t.model().training().get("records")).longValue();
    return new StageResult(n, ModelStore.describe(t.model()).size())
        .detail("identity_model_version", stored)
        .detail("prior_weight_bits", t.model().priorWeight())
        .detail("training", t.model().training());
  }
}
