package dev.clientele.cli;

import dev.clientele.Errors;
import dev.clientele.privacy.ErasureRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that name a person, shared by {@code erase} and {@code export-person} so both take
 * the same selectors: customer key, e-mail, phone or loyalty id (together: one person), or {@code
 * --requests FILE} (one person a line, so identifiers stay out of shell history and scheduler
 * logs).
 */
final class PersonSelectors {
  @Option(
      names = "--customer-key",
      paramLabel = "SOURCE:KEY",
      description = "The source name and that source's customer key of the person.")
  String customerKey;

  @Option(names = "--email", paramLabel = "EMAIL", description = "An e-mail of the person.")
  String email;

  @Option(names = "--phone", paramLabel = "PHONE", description = "A phone number of the person.")
  String phone;

  @Option(
      names = "--loyalty-id",
      paramLabel = "ID",
      description = "A loyalty card or account id of the person.")
  String loyaltyId;

  @Option(
      names = "--requests",
      paramLabel = "FILE",
      description =
          "One request a line: customer-key=SOURCE:KEY, email=..., phone=... or loyalty-id=...")
  Path requestsFile;

  /** The requests of the command line (one person) or of the file; never both. */
  List<ErasureRequest> requests() {
    List<ErasureRequest.Selector> given = new ArrayList<>();
    String label = "the command line";
    add(given, "customer-key", customerKey, label);
    add(given, "email", email, label);
    add(given, "phone", phone, label);
    add(given, "loyalty-id", loyaltyId, label);
    if (requestsFile != null) {
      if (!given.isEmpty()) {
        throw Errors.usage("--requests FILE names the people itself; give no other selector");
      }
      try {
        return ErasureRequest.parseLines(Files.readAllLines(requestsFile, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw Errors.input("the requests file " + requestsFile + " cannot be read");
      }
    }
    return List.of(new ErasureRequest(label, given));
  }

  private static void add(
      List<ErasureRequest.Selector> to, String name, String value, String label) {
    if (value != null) {
      to.add(ErasureRequest.selector(name, value, label));
    }
  }
}
