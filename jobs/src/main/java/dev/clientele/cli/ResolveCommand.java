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
  @picocli.CommandLine.Option(
      names = "--plan",
      description =
          "Prints the comparisons each blocking rule would generate, then stops (nothing written).")
  boolean plan;

  @Override
  public Integer call() {
    if (!plan) {
      return super.call();
    }
    Settings settings = loadSettings(common);
    for (Stage stage : stages(settings)) {
      stage.validate(settings);
    }
    dev.clientele.identity.ResolvePlan.print(settings, System.out);
    return 0;
  }

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.resolve());
  }
}
