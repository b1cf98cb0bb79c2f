package dev.clientele.cli;

import dev.clientele.config.CustomerSources;
import dev.clientele.config.IdentitySettings;
import dev.clientele.config.Settings;
import dev.clientele.identity.DeterministicMatch;
import dev.clientele.identity.Hashing;
import dev.clientele.identity.ResolveStage;
import dev.clientele.pipeline.RunContext;
import dev.clientele.pipeline.Stage;
import dev.clientele.pipeline.StageResult;
import dev.clientele.privacy.Erasure;
import dev.clientele.privacy.ErasureRequest;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The right to be forgotten: {@code erase} by customer key, e-mail, phone or loyalty id (one
 * person), or {@code --requests FILE} (one person a line, so identifiers stay out of shell history
 * and scheduler logs).
 */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description =
        "Removes a person from every table and suppresses them at ingest; completes an"
            + " interrupted erasure first.")
final class EraseCommand extends StageCommand {
  @Mixin PersonSelectors person;

  @picocli.CommandLine.Option(
      names = "--purge",
      description =
          "Then delete the older file versions of the person tables (as the purge command does),"
              + " so the erased person is in no version any more; time travel to those stops.")
  boolean purge;

  @Override
  List<Stage> stages(Settings settings) {
    List<ErasureRequest> requests = person.requests();
    Stage erase =
        new Stage() {
          @Override
          public String name() {
            return "erase";
          }

          @Override
          public void validate(Settings s) {
            IdentitySettings.from(s.config());
            Hashing.fromConfig(s.config());
          }

          @Override
          public StageResult run(RunContext ctx) {
            Erasure.Result r =
                new Erasure(ctx.io(), params(ctx.settings()), faultInjection(ctx.settings()))
                    .erase(requests, ctx.runId());
            long rows = r.deleted().values().stream().mapToLong(Long::longValue).sum();
            return new StageResult(rows, rows)
                .detail("requests_erased", r.erased())
                .detail("interrupted_erasures_completed", r.completed())
                .detail("requests_already_erased", r.alreadyErased())
                .detail("rows_deleted", r.deleted());
          }
        };
    return purge ? List.of(erase, PurgeCommand.stage()) : List.of(erase);
  }

  @Override
  public Integer call() {
    int code = super.call();
    if (code == 0 && !common.printConfig) {
      BiCommand.reregisterAfterErasure(loadSettings(common));
    }
    return code;
  }

  static Erasure.Params params(Settings settings) {
    IdentitySettings s = IdentitySettings.from(settings.config());
    Hashing hashing = Hashing.fromConfig(settings.config());
    return new Erasure.Params(
        ResolveStage.recordParams(s, hashing),
        new DeterministicMatch.Params(
            List.of("email", "phone", "loyalty_id"),
            s.maxIdentifierFrequency(),
            s.blockedIdentifiers()),
        CustomerSources.of(settings.config()));
  }

  /** clientele.testing.fail-after-table: fail right after that table's delete (tests only). */
  private static Consumer<String> faultInjection(Settings settings) {
    String table = settings.config().getString("clientele.testing.fail-after-table");
    return t -> {
      if (t.equals(table)) {
        throw new IllegalStateException("injected failure after deleting from " + t);
      }
    };
  }
}
