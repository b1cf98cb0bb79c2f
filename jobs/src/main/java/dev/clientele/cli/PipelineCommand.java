package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Runs ingest, resolve, score, clv, segment and report for one as-of date.")
final class PipelineCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return Stages.pipeline();
  }
}
