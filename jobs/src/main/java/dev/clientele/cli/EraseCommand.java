package dev.clientele.cli;

import dev.clientele.Errors;
import dev.clientele.config.Settings;
import dev.clientele.identity.Hashing;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.privacy.Erasure;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The right to be forgotten: {@code erase --customer-key SOURCE:KEY}. */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = "Removes a person from every table and suppresses them at ingest.")
final class EraseCommand extends StageCommand {
  @Option(
      names = "--customer-key",
      required = true,
      paramLabel = "SOURCE:KEY",
      description = "The source name and that source's customer key of the person.")
  String customerKey;

  @Override
  List<Stage> stages(Settings settings) {
    int colon = customerKey.indexOf(':');
    if (colon <= 0 || colon == customerKey.length() - 1) {
      throw Errors.config("--customer-key expects SOURCE:KEY");
    }
    String source = customerKey.substring(0, colon);
    String key = customerKey.substring(colon + 1);
    return List.of(
        new Stage() {
          @Override
          public String name() {
            return "erase";
          }

          @Override
          public StageResult run(RunContext ctx) {
            Hashing hashing = Hashing.fromConfig(ctx.settings().config());
            Map<String, Long> deleted =
                new Erasure(
                        ctx.io(),
                        hashing,
                        dev.clientele.config.CustomerSources.of(ctx.settings().config()))
                    .erase(source, key, ctx.runId());
            long rows = deleted.values().stream().mapToLong(Long::longValue).sum();
            return new StageResult(rows, rows).detail("rows_deleted", deleted);
          }
        });
  }
}
