package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.identity.TrainIdentityStage;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "train-identity",
    mixinStandardHelpOptions = true,
    description =
        "Trains the identity model (Fellegi-Sunter, unsupervised) on the ingested records and"
            + " stores it as the next version; resolve uses the latest.")
final class TrainIdentityCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(new TrainIdentityStage());
  }
}
