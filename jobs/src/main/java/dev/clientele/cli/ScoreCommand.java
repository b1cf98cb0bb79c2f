package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Computes RFM scores and segments, Pareto / ABC classes and lifecycle statuses.")
final class ScoreCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.score());
  }
}
