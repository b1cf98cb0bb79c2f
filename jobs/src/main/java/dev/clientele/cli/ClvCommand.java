package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.Stages;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    description = "Fits BG/NBD and Gamma-Gamma and writes predicted customer lifetime value.")
final class ClvCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.clv());
  }
}
