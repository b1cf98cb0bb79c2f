package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.io.RemovedFiles;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.privacy.Purge;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Removes the older file versions of the tables keyed by person, so that an erased person is in no
 * version any more: for the scheduler, after erasures ({@code erase --purge} does both at once).
 */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description =
        "Deletes the files older table versions of the person tables hold (time travel to them"
            + " stops), keeping the latest and the published versions; run after erase.")
final class PurgeCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(stage());
  }

  /** The purge as a stage, also run by {@code erase --purge} after the erase stage. */
  static Stage stage() {
    return new Stage() {
      @Override
      public String name() {
        return "purge";
      }

      @Override
      public void validate(Settings s) {}

      @Override
      public StageResult run(RunContext ctx) {
        Map<String, RemovedFiles.Purged> purged = Purge.purge(ctx.io());
        Map<String, Long> files = new LinkedHashMap<>();
        long total = 0;
        long bytes = 0;
        for (Map.Entry<String, RemovedFiles.Purged> e : purged.entrySet()) {
          files.put(e.getKey(), e.getValue().files());
          total += e.getValue().files();
          bytes += e.getValue().bytes();
        }
        return new StageResult(total, total)
            .detail("files_purged", files)
            .detail("bytes_purged", bytes);
      }
    };
  }
}
