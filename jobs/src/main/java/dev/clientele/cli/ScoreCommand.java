package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Computes RFM scores and segments, Pareto / ABC classes and lifecycle statuses.")
final class ScoreCommand extends StageCommand {
  @Option(
      names = "--full-refresh",
      description =
          "Rebuild the order_days aggregate from every bronze line instead of adding the lines "
              + "ingested since its last refresh (same as --set clientele.order-days.full-refresh=true).")
  boolean fullRefresh;

  @Override
  public Integer call() {
    if (fullRefresh) {
      // A setting like ingest's flag: the stage reads it like any other key, the summary hash
      // shows it.
      common.sets.add("clientele.order-days.full-refresh=true");
    }
    return super.call();
  }

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.score());
  }
}
