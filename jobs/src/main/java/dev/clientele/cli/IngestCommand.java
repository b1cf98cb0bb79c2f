package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Reads every configured source into bronze Delta tables and the quarantine.")
final class IngestCommand extends StageCommand {
  @Option(
      names = "--full-refresh",
      description =
          "Re-read every file of every source, replacing each source's bronze and quarantine rows "
              + "(same as --set clientele.ingest.full-refresh=true).")
  boolean fullRefresh;

  @Override
  public Integer call() {
    if (fullRefresh) {
      // Passed as a setting so the stage reads it like any other key (and the summary hash shows
      // it).
      common.sets.add("clientele.ingest.full-refresh=true");
    }
    return super.call();
  }

  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.ingest());
  }
}
