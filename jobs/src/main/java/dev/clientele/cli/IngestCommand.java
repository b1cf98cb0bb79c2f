package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.Stages;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Reads every configured source into bronze Delta tables and the quarantine.")
final class IngestCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.ingest());
  }
}
