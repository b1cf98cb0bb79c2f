package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest and resolve on a labelled sample, then the resolver's pairwise and B-cubed precision,
 * recall and F1 against the labels: how a user checks identity resolution on their own data.
 */
@Command(
    name = "linkage-quality",
    mixinStandardHelpOptions = true,
    description =
        "Runs ingest and resolve, then measures the clusters against a truth label read from the"
            + " customer sources (pairwise and B-cubed precision, recall, F1).")
final class LinkageQualityCommand extends StageCommand {
  @Option(
      names = "--truth",
      required = true,
      paramLabel = "EXPR",
      description =
          "Spark SQL over a customer source's own columns: records with the same value are the"
              + " same person (null: unlabelled), e.g. \"regexp_extract(rec_id, 'rec-(\\\\d+)', 1)\".")
  String truth;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description = "Read labels from this customer source only (default: every customer source).")
  String source;

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.ingest(), Stages.resolve(), Stages.linkageQuality(truth, source));
  }

  @Override
  void printResults(RunSummary summary) {
    List<Map<String, Object>> stages = summary.stages();
    @SuppressWarnings("unchecked")
    Map<String, Object> figures =
        (Map<String, Object>) stages.get(stages.size() - 1).get("details");
    System.out.println("[clientele] linkage quality against --truth:");
    figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "[clientele]   %-22s %s%n", k, v));
  }
}
