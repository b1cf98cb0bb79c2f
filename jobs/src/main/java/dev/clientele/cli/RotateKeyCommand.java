package dev.clientele.cli;

import dev.clientele.config.Settings;
import dev.clientele.pipeline.RunSummary;
import dev.clientele.pipeline.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** Moves the warehouse to the current HMAC key (the recorded one given among the retired keys). */
@Command(
    name = "rotate-key",
    mixinStandardHelpOptions = true,
    description =
        "Moves the warehouse from its recorded HMAC key (given in"
            + " clientele.privacy.retired-hmac-secret-envs or -files) to the current key:"
            + " re-keys guest keys, profile hashes and the identity model's term frequencies,"
            + " then records the new key's fingerprint. Safe to run again.")
final class RotateKeyCommand extends StageCommand {
  @Override
  List<Stage> stages(Settings settings) {
    return List.of(Stages.rotateKey());
  }

  @Override
  void printResults(RunSummary summary) {
    List<Map<String, Object>> stages = summary.stages();
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) stages.get(stages.size() - 1).get("details");
    d.forEach((k, v) -> System.out.printf(Locale.ROOT, "[clientele]   %-42s %s%n", k, v));
  }
}
