package dev.clientele.config;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;

/**
 * The {@code customer-source} of each source: a transaction or event source whose customer keys are
 * another source's (web orders keyed by the accounts source's account id). Identity and segments
 * read the keys through it so both observations of a key are one identity.
 */
public final class CustomerSources {
  private CustomerSources() {}

  /** Source name to its configured customer source; sources without one are absent. */
  public static Map<String, String> of(Config config) {
    Map<String, String> m = new TreeMap<>();
    Config sources = config.getConfig("clientele.sources");
    for (String name : sources.root().keySet()) {
      String path = "\"" + name + "\".customer-source";
      if (sources.hasPath(path)) {
        m.put(name, sources.getString(path));
      }
    }
    return m;
  }

  /** The source whose key space a row's customer_key belongs to. */
  public static Column keySource(Column source, Map<String, String> customerSources) {
    Column keySource = source;
    for (Map.Entry<String, String> e : customerSources.entrySet()) {
      keySource = when(source.equalTo(e.getKey()), lit(e.getValue())).otherwise(keySource);
    }
    return keySource;
  }
}
