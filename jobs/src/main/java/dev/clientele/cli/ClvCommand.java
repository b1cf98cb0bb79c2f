package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    description = "Fits BG/NBD and Gamma-Gamma and writes predicted customer lifetime value.")
final class ClvCommand extends StageCommand {
  @Option(
      names = "--holdout-days",
      paramLabel = "N",
      description =
          "Calibration/holdout check: fit up to as-of minus N days, compare predicted and actual"
              + " purchases of the last N days in clv_holdout; leaves customer_clv and clv_model"
              + " alone (sets clientele.clv.holdout-days).")
  Integer holdoutDays;

  @Override
  public Integer call() {
    if (holdoutDays != null) {
      // Through the configuration, so the setting is validated and shows in --print-config.
      common.sets.add("clientele.clv.holdout-days=" + holdoutDays);
    }
    return super.call();
  }

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.clv());
  }
}
