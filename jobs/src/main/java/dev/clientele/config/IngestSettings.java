package dev.clientele.config;

import com.typesafe.config.Config;
import dev.clientele.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of the ingest stage: the sources, the data-quality gate, full refresh, and the exchange
 * rates used for amount_base.
 *
 * @param exchangeRates units of base currency per unit of each currency (empty: no currency check)
 */
public record IngestSettings(
    Map<String, SourceSettings> sources,
    double maxQuarantineShare,
    boolean fullRefresh,
    String unknownColumns,
    double maxAbsAmount,
    String baseCurrency,
    Map<String, Double> exchangeRates,
    AttributeSettings attributes) {

  public static IngestSettings from(Config config) {
    String base = config.getString("clientele.base-currency");
    Map<String, Double> rates = new TreeMap<>();
    if (config.hasPath("clientele.exchange-rates")) {
      Config r = config.getConfig("clientele.exchange-rates");
      r.root().keySet().forEach(k -> rates.put(k, r.getDouble(k)));
    }
    Map<String, SourceSettings> sources = new LinkedHashMap<>();
    if (config.hasPath("clientele.sources")) {
      Config s = config.getConfig("clientele.sources");
      // Sorted so that the run (and its summary) is the same whatever the file's key order.
      new TreeMap<>(s.root())
          .keySet()
          .forEach(
              name -> sources.put(name, SourceSettings.from(name, s.getConfig(quote(name)), base)));
    }
    double share = config.getDouble("clientele.ingest.max-quarantine-share");
    if (share < 0 || share > 1) {
      throw Errors.config(
          "clientele.ingest.max-quarantine-share must be within [0, 1], got " + share);
    }
    String unknown = config.getString("clientele.ingest.unknown-columns");
    if (!List.of("ignore", "fail").contains(unknown)) {
      throw Errors.config(
          "clientele.ingest.unknown-columns must be \"ignore\" or \"fail\", got \""
              + unknown
              + "\"");
    }
    return new IngestSettings(
        sources,
        share,
        config.getBoolean("clientele.ingest.full-refresh"),
        unknown,
        config.getDouble("clientele.ingest.max-abs-amount"),
        base,
        rates,
        AttributeSettings.from(config));
  }

  private static String quote(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
  }

  /** Validates every source; fails on the first problem with a one-line error. */
  public void validate() {
    if (sources.isEmpty()) {
      throw Errors.config("no source configured under clientele.sources; see docs/ingest.md");
    }
    if (!exchangeRates.isEmpty() && !exchangeRates.containsKey(baseCurrency)) {
      throw Errors.config(
          "clientele.exchange-rates has no rate for the base currency " + baseCurrency);
    }
    sources.values().forEach(s -> s.validate(exchangeRates));
    for (SourceSettings s : sources.values()) {
      for (String name : s.attributes().keySet()) {
        if (!attributes.attributes().containsKey(name)) {
          throw Errors.config(
              "source '"
                  + s.name()
                  + "': attributes maps '"
                  + name
                  + "', which clientele.attributes does not declare (type and personal); declared: "
                  + attributes.attributes().keySet());
        }
      }
    }
  }
}
