package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks configuration, paths, schemas and rule expressions without writing anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks configuration, source paths and rule expressions; writes nothing.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Settings settings = StageCommand.loadSettings(common);
    for (Stage stage : Stages.pipeline()) {
      stage.validate(settings);
    }
    System.out.println("[clientele] configuration is valid (profile " + common.profile + ")");
    return 0;
  }
}
