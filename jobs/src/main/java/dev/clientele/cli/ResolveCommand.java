package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description =
        "Resolves identities into customers; writes the identity map, unified profiles and transactions.")
final class ResolveCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.resolve());
  }
}
