package dev.clientele.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.clientele.Errors;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One entry of {@code clientele.sources.<name>}: where a source is, how to read it and how its
 * columns map to the canonical model (see docs/ingest.md).
 *
 * @param mapping canonical column to a Spark SQL expression over the source's columns
 * @param duplicateKey canonical columns identifying a line; empty means the whole row
 * @param synthesiseOrderId when the source has no order id: "customer-day" builds one from the
 *     customer key and the day of event_ts; "" means the mapping must provide order_id
 * @param declaredSchema JSON only: the source's columns as declared ({@code schema = "order_id
 *     STRING, ..."}), used instead of inferring them from the files; null: inferred
 * @param key delta only: the canonical columns identifying a row of the upstream table ({@code key
 *     = [order_id, line_id]}); changes are applied to bronze by it, and it is the duplicate key
 */
public record SourceSettings(
    String name,
    String path,
    String format,
    String channel,
    Kind kind,
    Map<String, String> options,
    List<String> timestampFormats,
    List<String> dateFormats,
    List<String> columns,
    String split,
    Map<String, String> mapping,
    List<String> duplicateKey,
    String returnMarker,
    String currency,
    String synthesiseOrderId,
    List<String> nullValues,
    Map<String, String> attributes,
    StructType declaredSchema,
    List<String> key) {

  public static final Set<String> FORMATS = Set.of("csv", "json", "parquet", "delta", "text");
  public static final Set<String> CHANNELS = Set.of("online", "offline");
  private static final Set<String> KEYS =
      Set.of(
          "path",
          "format",
          "channel",
          "kind",
          "options",
          "timestamp-formats",
          "date-formats",
          "columns",
          "split",
          "mapping",
          "duplicate-key",
          "return-marker",
          "currency",
          "synthesise-order-id",
          "null-values",
          "attributes",
          "schema",
          "key",
          // Read by identity: the customer source whose keys this transaction source carries.
          "customer-source");

  /** Reads one source entry; paths become absolute URIs (resolved on the driver). */
  public static SourceSettings from(String name, Config c, String baseCurrency) {
    for (String key : c.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw Errors.config(
            "source '"
                + name
                + "': unknown key '"
                + key
                + "'; known keys: "
                + new java.util.TreeSet<>(KEYS));
      }
    }
    try {
      Map<String, String> mapping = new LinkedHashMap<>();
      if (c.hasPath("mapping")) {
        c.getConfig("mapping")
            .root()
            .forEach((k, v) -> mapping.put(k, String.valueOf(v.unwrapped())));
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      if (c.hasPath("attributes")) {
        // Custom attributes (clientele.attributes declares each): name -> Spark SQL expression.
        c.getConfig("attributes")
            .root()
            .forEach((k, v) -> attributes.put(k, String.valueOf(v.unwrapped())));
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (c.hasPath("options")) {
        c.getConfig("options")
            .root()
            .forEach((k, v) -> options.put(k, String.valueOf(v.unwrapped())));
      }
      return new SourceSettings(
          name,
          Settings.absoluteUri(c.getString("path")),
          c.getString("format").toLowerCase(java.util.Locale.ROOT),
          // A costs source names each row's channel in its mapping; the source has none.
          c.hasPath("channel") ? c.getString("channel") : "",
          Kind.parse(c.getString("kind"), name),
          options,
          list(c, "timestamp-formats"),
          list(c, "date-formats"),
          list(c, "columns"),
          c.hasPath("split") ? c.getString("split") : "\\s+",
          mapping,
          list(c, "duplicate-key"),
          c.hasPath("return-marker") ? c.getString("return-marker") : "",
          c.hasPath("currency") ? c.getString("currency") : baseCurrency,
          c.hasPath("synthesise-order-id") ? c.getString("synthesise-order-id") : "",
          list(c, "null-values"),
          attributes,
          c.hasPath("schema") ? declared(name, c.getString("schema")) : null,
          list(c, "key"));
    } catch (ConfigException e) {
      throw Errors.config("source '" + name + "': " + e.getMessage());
    }
  }

  /** A declared schema in Spark's DDL ({@code "order_id STRING, lines ARRAY<STRUCT<...>>"}). */
  private static StructType declared(String name, String ddl) {
    try {
      StructType t = StructType.fromDDL(ddl);
      if (t.fields().length == 0) {
        throw new IllegalArgumentException("no column");
      }
      return t;
    } catch (Exception e) { // the DDL parser throws ParseException undeclared
      String msg = String.valueOf(e.getMessage());
      int nl = msg.indexOf('\n');
      throw Errors.config(
          "source '"
              + name
              + "': schema \""
              + ddl
              + "\" is not a column list such as \"order_id STRING, amount STRING\": "
              + (nl > 0 ? msg.substring(0, nl) : msg));
    }
  }

  private static List<String> list(Config c, String key) {
    return c.hasPath(key) ? List.copyOf(c.getStringList(key)) : List.of();
  }

  public boolean synthesisesOrderId() {
    return "customer-day".equals(synthesiseOrderId);
  }

  /** Checks everything that can be checked without reading data; throws a one-line error. */
  public void validate(Map<String, Double> exchangeRates) {
    String where = "source '" + name + "': ";
    if (!FORMATS.contains(format)) {
      throw Errors.config(where + "format '" + format + "' is not one of " + FORMATS);
    }
    if (kind == Kind.COSTS) {
      if (!channel.isEmpty()) {
        throw Errors.config(
            where
                + "a costs source has no channel; map each row's channel instead (mapping.channel)");
      }
    } else if (!CHANNELS.contains(channel)) {
      throw Errors.config(where + "channel '" + channel + "' is not one of " + CHANNELS);
    }
    if (!synthesiseOrderId.isEmpty() && !synthesisesOrderId()) {
      throw Errors.config(where + "synthesise-order-id must be \"customer-day\" or \"\"");
    }
    if (declaredSchema != null && !"json".equals(format)) {
      throw Errors.config(
          where
              + "schema is for json sources only ("
              + format
              + " sources take their columns from the files); remove it");
    }
    if ("delta".equals(format) && key.isEmpty()) {
      throw Errors.config(
          where
              + "a delta source needs key = [...]: the canonical columns identifying an upstream"
              + " row (e.g. [order_id, line_id]), by which its updates and deletes are applied");
    }
    if (!"delta".equals(format) && !key.isEmpty()) {
      throw Errors.config(where + "key is for delta sources only; use duplicate-key");
    }
    if ("text".equals(format) && columns.isEmpty()) {
      throw Errors.config(where + "a text source needs columns = [...] (and split = \"regex\")");
    }
    validateMapping(where);
    if (!attributes.isEmpty() && kind != Kind.CUSTOMERS) {
      throw Errors.config(where + "attributes are for customer sources (kind = customers)");
    }
    attributes.forEach((k, v) -> parse(where + "attribute '" + k + "'", v));
    if (!exchangeRates.isEmpty()
        && !mapping.containsKey(Cols.CURRENCY)
        && !exchangeRates.containsKey(currency)) {
      throw Errors.config(
          where + "currency '" + currency + "' has no rate in clientele.exchange-rates");
    }
    requirePathExists();
  }

  private void validateMapping(String where) {
    List<String> targets = new ArrayList<>();
    for (StructField f : CanonicalModel.data(kind).fields()) {
      targets.add(f.name());
    }
    for (Map.Entry<String, String> m : mapping.entrySet()) {
      if (!targets.contains(m.getKey()) || CanonicalModel.derived(kind, m.getKey())) {
        throw Errors.config(
            where
                + "mapping targets '"
                + m.getKey()
                + "', which is not a mappable "
                + kind.name().toLowerCase(java.util.Locale.ROOT)
                + " column; columns: "
                + targets);
      }
      parse(where + "mapping of '" + m.getKey() + "'", m.getValue());
    }
    for (String required : CanonicalModel.requiredMapped(kind, synthesisesOrderId())) {
      if (!mapping.containsKey(required)) {
        throw Errors.config(
            where
                + "the mapping must name the required column '"
                + required
                + "'"
                + (Cols.ORDER_ID.equals(required)
                    ? " (or set synthesise-order-id = \"customer-day\")"
                    : ""));
      }
    }
    for (String k : duplicateKey) {
      if (!targets.contains(k)) {
        throw Errors.config(where + "duplicate-key names '" + k + "', not a canonical column");
      }
    }
    for (String k : key) {
      if (!mapping.containsKey(k)) {
        throw Errors.config(
            where + "key names '" + k + "', which is not a canonical column the mapping sets");
      }
    }
    if (!returnMarker.isBlank()) {
      parse(where + "return-marker", returnMarker);
    }
  }

  /** Parses a Spark SQL expression, turning a parse error into a one-line configuration error. */
  public static org.apache.spark.sql.catalyst.expressions.Expression parse(
      String what, String sql) {
    try {
      return CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // ParseException is a checked exception that Scala throws undeclared
      String msg = String.valueOf(e.getMessage());
      int nl = msg.indexOf('\n');
      throw Errors.config(
          what + ": cannot parse '" + sql + "': " + (nl > 0 ? msg.substring(0, nl) : msg));
    }
  }

  /** A missing path (or a glob matching nothing) is a one-line input error naming the source. */
  public void requirePathExists() {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw Errors.input(
            "source '"
                + name
                + "': path "
                + path
                + " matches no file; set "
                + "clientele.sources."
                + name
                + ".path");
      }
    } catch (IOException e) {
      throw Errors.input("source '" + name + "': cannot list " + path + ": " + e.getMessage());
    }
  }
}
