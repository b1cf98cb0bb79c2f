package dev.clientele.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.clientele.Errors;
import dev.clientele.config.ExpressionPolicy;
import dev.clientele.config.IngestSettings;
import dev.clientele.config.Settings;
import dev.clientele.config.SourceSettings;
import dev.clientele.ingest.SourceMapping;
import dev.clientele.ingest.SourceReader;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import dev.clientele.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * After ingest and resolve: reads the truth label of every customer record from its source (an
 * expression over the source's own columns, beside the key ingest gave the row), joins it to the
 * identity map and measures the clusters against it ({@link LinkageQuality}). A labelled record the
 * resolver never saw (quarantined) stays alone, so it costs recall. Writes nothing.
 */
public final class LinkageQualityStage implements Stage {
  private final String truth;
  private final String onlySource;

  /**
   * @param truth Spark SQL over a customer source's columns: records with the same value are one
   *     person; null means unlabelled (left out)
   * @param onlySource the one customer source to read labels from, or null for every one
   */
  public LinkageQualityStage(String truth, String onlySource) {
    this.truth = truth;
    this.onlySource = onlySource;
  }

  @Override
  public String name() {
    return "linkage-quality";
  }

  @Override
  public void validate(Settings settings) {
    SourceSettings.parse("--truth", truth);
    ExpressionPolicy.checkExpression("--truth", truth);
    sources(IngestSettings.from(settings.config()));
  }

  @Override
  public StageResult run(RunContext ctx) {
    Dataset<Row> labels = null;
    for (SourceSettings s : sources(IngestSettings.from(ctx.settings().config()))) {
      Dataset<Row> keyed =
          SourceMapping.keyedWith(SourceReader.read(ctx.spark(), s), s, truth, LinkageQuality.TRUTH)
              .where(col(Cols.CUSTOMER_KEY).isNotNull())
              .select(
                  lit(s.name()).as(Cols.SOURCE),
                  col(Cols.CUSTOMER_KEY),
                  col(LinkageQuality.TRUTH).cast("string").as(LinkageQuality.TRUTH));
      labels = labels == null ? keyed : labels.unionByName(keyed);
    }
    // One label per record (a key read twice with two labels is counted as a conflict).
    Dataset<Row> records =
        labels
            .groupBy(Cols.SOURCE, Cols.CUSTOMER_KEY)
            .agg(
                min(LinkageQuality.TRUTH).as(LinkageQuality.TRUTH),
                countDistinct(col(LinkageQuality.TRUTH)).as("labels"));
    Dataset<Row> map =
        ctx.io()
            .read(Tables.CUSTOMER_IDENTITY_MAP)
            .select(Cols.SOURCE, Cols.CUSTOMER_KEY, Cols.CUSTOMER_ID);
    Dataset<Row> joined =
        records.join(map, List.of(Cols.SOURCE, Cols.CUSTOMER_KEY).toArray(String[]::new), "left");
    Dataset<Row> labelled =
        joined
            .where(col(LinkageQuality.TRUTH).isNotNull())
            .select(
                coalesce(
                        col(Cols.CUSTOMER_ID),
                        concat_ws("|", lit("unresolved"), col(Cols.SOURCE), col(Cols.CUSTOMER_KEY)))
                    .as(LinkageQuality.CLUSTER),
                col(LinkageQuality.TRUTH))
            .localCheckpoint();
    // One row: the record counts beside the figures.
    Row counts =
        joined
            .agg(
                count(lit(1)),
                sum(when(col(LinkageQuality.TRUTH).isNull(), 1).otherwise(0)),
                sum(
                    when(
                            col(LinkageQuality.TRUTH)
                                .isNotNull()
                                .and(col(Cols.CUSTOMER_ID).isNull()),
                            1)
                        .otherwise(0)),
                sum(when(col("labels").gt(1), 1).otherwise(0)))
            .first();
    LinkageQuality.Figures f = LinkageQuality.measure(labelled);
    StageResult result = new StageResult(counts.getLong(0), f.records());
    result.detail("unlabelled_records", counts.isNullAt(1) ? 0L : counts.getLong(1));
    result.detail("labelled_not_resolved", counts.isNullAt(2) ? 0L : counts.getLong(2));
    result.detail("keys_with_two_labels", counts.isNullAt(3) ? 0L : counts.getLong(3));
    f.asMap().forEach(result::detail);
    return result;
  }

  private List<SourceSettings> sources(IngestSettings ingest) {
    List<SourceSettings> out = new ArrayList<>();
    for (SourceSettings s : ingest.sources().values()) {
      if (s.kind() == Kind.CUSTOMERS && (onlySource == null || onlySource.equals(s.name()))) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw Errors.config(
          onlySource == null
              ? "linkage-quality needs a source of kind customers; the configuration has none"
              : "--source '" + onlySource + "' is not a source of kind customers");
    }
    return out;
  }
}
