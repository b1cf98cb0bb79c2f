package dev.clientele.identity;

import java.util.List;

/** Parameters shared by the identity tests. */
final class IdentityFixtures {
  private IdentityFixtures() {}

  static final Hashing HASHING = new Hashing("test-secret");

  static IdentityRecords.Params recordParams() {
    return new IdentityRecords.Params(
        new Normalise.EmailRules(List.of("gmail.com"), List.of("gmail.com")),
        "FR",
        List.of(),
        HASHING);
  }

  static Resolution.Params resolution(
      List<String> blockingKeys, double threshold, List<String> agreeing, long maxCluster) {
    return new Resolution.Params(
        new DeterministicMatch.Params(
            List.of("email", "phone", "loyalty_id"),
            20,
            List.of("0000000000", "noemail@example.com")),
        new FuzzyMatch.Params(blockingKeys, threshold, agreeing, 200),
        !blockingKeys.isEmpty(),
        maxCluster,
        40);
  }
}
