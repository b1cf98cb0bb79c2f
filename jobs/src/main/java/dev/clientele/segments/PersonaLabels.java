package dev.clientele.segments;

import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain-language cluster labels from the dominant traits: a cluster mean at least half a population
 * standard deviation away from the population mean earns a word ("recent", "high-value", ...), the
 * channel mix a channel word, and the most over-represented category a "buyers of ..." suffix.
 */
final class PersonaLabels {
  static final double TRAIT_Z = 0.5;
  static final double CHANNEL_SHARE = 0.8;

  private PersonaLabels() {}

  /**
   * @param mean cluster means by feature name; {@code popMean} / {@code popSd} the population's
   */
  static String label(
      Map<String, Double> mean, Map<String, Double> popMean, Map<String, Double> popSd) {
    List<String> words = new ArrayList<>();
    word(words, z(Cols.RECENCY_DAYS, mean, popMean, popSd), "lapsed", "recent");
    word(words, z(Cols.ORDER_COUNT, mean, popMean, popSd), "frequent", "occasional");
    word(words, z(Cols.MONETARY_NET, mean, popMean, popSd), "high-value", "low-value");
    word(words, z("tenure_days", mean, popMean, popSd), "long-standing", "new");
    double online = mean.getOrDefault("online_share", 0.0);
    words.add(
        online >= CHANNEL_SHARE
            ? "online"
            : online <= 1 - CHANNEL_SHARE ? "in-store" : "omnichannel");
    words.add("buyers");
    String category = null;
    double bestZ = TRAIT_Z;
    for (String f : mean.keySet()) {
      double zf = f.startsWith("category_share_") ? z(f, mean, popMean, popSd) : 0;
      if (zf >= bestZ) {
        bestZ = zf;
        category = f.substring("category_share_".length()).replace('_', ' ');
      }
    }
    String label = String.join(" ", words);
    return category == null ? label : label + " of " + category;
  }

  private static void word(List<String> words, double z, String high, String low) {
    if (z >= TRAIT_Z) {
      words.add(high);
    } else if (z <= -TRAIT_Z) {
      words.add(low);
    }
  }

  private static double z(
      String f, Map<String, Double> mean, Map<String, Double> popMean, Map<String, Double> popSd) {
    Double m = mean.get(f);
    Double pm = popMean.get(f);
    Double sd = popSd.get(f);
    if (m == null || pm == null || sd == null || sd <= 0) {
      return 0;
    }
    return (m - pm) / sd;
  }
}
