package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = "Assigns rule-based segments and behavioural clusters.",
    subcommands = {SegmentExportCommand.class})
final class SegmentCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.segment());
  }
}
