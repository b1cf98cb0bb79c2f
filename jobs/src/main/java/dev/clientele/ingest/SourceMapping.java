package dev.clientele.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dev.clientele.config.AttributeSettings;
import dev.clientele.config.SourceSettings;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Maps a source's raw rows to the canonical columns of its kind with try semantics, and names the
 * first contract violation of each row in {@link #REASON} (null for a good row). Pure transform;
 * build it inside {@link Lenient#build} so that user arithmetic on bad strings yields null.
 */
public final class SourceMapping {
  public static final String REASON = "_reason";
  public static final String DETAIL = "_detail";
  public static final String DUP_KEY = "_dup_key";

  /**
   * Optional attributes of an accepted customer record that did not parse and were set to null:
   * array of struct(column, reason); empty for other kinds.
   */
  public static final String ISSUES = "_issues";

  static final String V = "_v_";
  private static final String P = "_p_";
  static final String F = "_f_";
  private static final String MARKER = "_marker";
  private static final String A = "_a_";
  static final String FA = "_fa_";

  /**
   * The source, the exchange rates (empty: currencies are not checked) and the largest plausible
   * absolute line amount (0: not checked).
   */
  public record Params(
      SourceSettings source,
      Map<String, Double> exchangeRates,
      double maxAbsAmount,
      Map<String, AttributeSettings.Attribute> attributes) {
    public Params(SourceSettings source, Map<String, Double> exchangeRates, double maxAbsAmount) {
      this(source, exchangeRates, maxAbsAmount, Map.of());
    }

    /** The declared attributes this source maps, in the source's order. */
    List<AttributeSettings.Attribute> mappedAttributes() {
      List<AttributeSettings.Attribute> out = new ArrayList<>();
      for (String name : source.attributes().keySet()) {
        AttributeSettings.Attribute a = attributes.get(name);
        // Undeclared names are refused by IngestSettings.validate; a bare Params reads strings.
        out.add(
            a != null
                ? a
                : new AttributeSettings.Attribute(name, AttributeSettings.Type.STRING, true));
      }
      return out;
    }
  }

  private SourceMapping() {}

  /**
   * Canonical data columns of the kind, then {@link #REASON}, {@link #DETAIL}, the raw row, the
   * file columns and {@link #DUP_KEY}.
   */
  public static Dataset<Row> map(Dataset<Row> raw, Params p) {
    SourceSettings s = p.source();
    Dataset<Row> mapped = typed(evaluate(blanksToNull(raw, s.nullValues()), s), p);
    mapped = derived(mapped, p);
    List<QuarantineRules.Check> checks = QuarantineRules.of(p);
    Column reason =
        coalesce(checks.stream().map(c -> when(c.when(), c.code())).toArray(Column[]::new));
    Column detail =
        concat_ws(
            "; ", checks.stream().map(c -> when(c.when(), c.detail())).toArray(Column[]::new));
    List<Column> out = new ArrayList<>();
    for (StructField f : CanonicalModel.data(s.kind()).fields()) {
      out.add(col(f.name()));
    }
    out.add(reason.as(REASON));
    out.add(when(reason.isNotNull(), detail).as(DETAIL));
    out.add(issues(QuarantineRules.attributeIssues(p)).as(ISSUES));
    for (String c :
        List.of(
            SourceReader.RAW,
            SourceReader.FILE_PATH,
            SourceReader.FILE_SIZE,
            SourceReader.FILE_MTIME)) {
      out.add(col(c));
    }
    return mapped.select(out.toArray(Column[]::new)).withColumn(DUP_KEY, duplicateKey(s));
  }

  private static Column issues(List<QuarantineRules.Check> checks) {
    Column[] each =
        checks.stream()
            .map(
                c ->
                    when(c.when(), struct(c.detail().as("column"), c.code().as("reason")))
                        .otherwise(lit(null).cast(ISSUE_TYPE)))
            .toArray(Column[]::new);
    if (each.length == 0) {
      return functions.array().cast(DataTypes.createArrayType(ISSUE_TYPE));
    }
    return functions.filter(functions.array(each), Column::isNotNull);
  }

  static final org.apache.spark.sql.types.StructType ISSUE_TYPE =
      new org.apache.spark.sql.types.StructType()
          .add("column", DataTypes.StringType)
          .add("reason", DataTypes.StringType);

  /** The key two rows of a source are duplicates by: the configured columns, or the whole row. */
  public static Column duplicateKey(SourceSettings s) {
    // A delta source's key identifies its rows: a second row with it is a duplicate too.
    List<String> keys = s.key().isEmpty() ? s.duplicateKey() : s.key();
    if (keys.isEmpty() && s.kind() == Kind.TRANSACTIONS) {
      keys = List.of(Cols.ORDER_ID, Cols.LINE_ID);
    }
    if (keys.isEmpty()) {
      keys = new ArrayList<>();
      for (StructField f : CanonicalModel.data(s.kind()).fields()) {
        keys.add(f.name());
      }
    }
    return sha2(to_json(struct(keys.stream().map(k -> col(k)).toArray(Column[]::new))), 256);
  }

  /**
   * The customer key ingest gives each raw row of a customer source (the same blank handling,
   * mapping expression and conversion as {@link #map}) as {@code customer_key}, beside {@code
   * extra} evaluated over the same row as {@code name}: how a labelled source's truth column is
   * read next to the key the resolver saw.
   */
  public static Dataset<Row> keyedWith(
      Dataset<Row> raw, SourceSettings s, String extraExpression, String name) {
    Dataset<Row> blanked = blanksToNull(raw, s.nullValues());
    Column key = expr(s.mapping().get(Cols.CUSTOMER_KEY));
    DataType from = blanked.select(key).schema().fields()[0].dataType();
    return blanked.select(
        convert(key, from, DataTypes.StringType, s).as(Cols.CUSTOMER_KEY),
        expr(extraExpression).as(name));
  }

  /** Blank strings and the configured null-values are absent values, not present ones. */
  static Dataset<Row> blanksToNull(Dataset<Row> raw, List<String> nullValues) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : raw.schema().fields()) {
      Column c = col(SourceReader.q(f.name()));
      if (f.dataType() == DataTypes.StringType && !f.name().startsWith("_")) {
        Column t = trim(c);
        Column absent = t.equalTo(lit(""));
        if (!nullValues.isEmpty()) {
          absent = absent.or(t.isin(nullValues.toArray()));
        }
        c = when(absent, lit(null).cast(DataTypes.StringType)).otherwise(c).as(f.name());
      }
      cols.add(c);
    }
    return raw.select(cols.toArray(Column[]::new));
  }

  /** Evaluates each mapping expression ({@code _v_<col>}) and whether its inputs held a value. */
  private static Dataset<Row> evaluate(Dataset<Row> raw, SourceSettings s) {
    // Only the evaluated values and the lineage go on: source columns may share canonical names.
    List<Column> cols = new ArrayList<>();
    for (String c :
        List.of(
            SourceReader.RAW,
            SourceReader.MALFORMED,
            SourceReader.FILE_PATH,
            SourceReader.FILE_SIZE,
            SourceReader.FILE_MTIME)) {
      cols.add(col(c));
    }
    for (Map.Entry<String, String> m : s.mapping().entrySet()) {
      cols.add(expr(m.getValue()).as(V + m.getKey()));
      Column present = lit(false);
      for (String ref : MappingCheck.referencedColumns(m.getValue())) {
        present = present.or(col(SourceReader.q(ref)).isNotNull());
      }
      cols.add(present.as(P + m.getKey()));
    }
    for (Map.Entry<String, String> a : s.attributes().entrySet()) {
      cols.add(expr(a.getValue()).as(A + a.getKey()));
    }
    cols.add((s.returnMarker().isBlank() ? lit(false) : expr(s.returnMarker())).as(MARKER));
    return raw.select(cols.toArray(Column[]::new));
  }

  /** Converts each mapped value to its canonical type; {@code _f_<col>} flags a failed value. */
  private static Dataset<Row> typed(Dataset<Row> df, Params p) {
    SourceSettings s = p.source();
    List<Column> cols = new ArrayList<>();
    cols.add(col("*"));
    for (StructField f : CanonicalModel.data(s.kind()).fields()) {
      String name = f.name();
      if (name.equals(Cols.ATTRIBUTES)) {
        cols.addAll(attributes(df, p));
        continue;
      }
      if (!s.mapping().containsKey(name)) {
        cols.add(lit(null).cast(f.dataType()).as(name));
        continue;
      }
      DataType from = df.schema().apply(V + name).dataType();
      Column value = convert(col(V + name), from, f.dataType(), s);
      cols.add(value.as(name));
      // A string always reads: an empty one (concat_ws over absent parts) is absent, not invalid.
      Column failed =
          f.dataType() == DataTypes.StringType
              ? lit(false)
              : value.isNull().and(col(V + name).isNotNull().or(col(P + name)));
      cols.add(failed.as(F + name));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  /**
   * The attributes map (name to the value in canonical form: ISO date, plain number, true/false)
   * and a {@code _fa_<name>} flag per attribute whose present value does not read as its type: that
   * attribute is left out of the map and reported, the record is kept.
   */
  private static List<Column> attributes(Dataset<Row> df, Params p) {
    List<Column> out = new ArrayList<>();
    List<AttributeSettings.Attribute> mapped = p.mappedAttributes();
    if (mapped.isEmpty()) {
      out.add(
          lit(null)
              .cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
              .as(Cols.ATTRIBUTES));
      return out;
    }
    List<Column> entries = new ArrayList<>();
    for (AttributeSettings.Attribute a : mapped) {
      Column raw = col(A + a.name());
      DataType from = df.schema().apply(A + a.name()).dataType();
      Column typed = convert(raw, from, a.type().spark(), p.source());
      Column canonical = typed.cast(DataTypes.StringType);
      entries.add(lit(a.name()));
      entries.add(canonical);
      Column present = from == DataTypes.StringType ? trim(raw).notEqual(lit("")) : raw.isNotNull();
      out.add(coalesce(typed.isNull().and(present), lit(false)).as(FA + a.name()));
    }
    Column all = functions.map(entries.toArray(Column[]::new));
    out.add(functions.map_filter(all, (k, v) -> v.isNotNull()).as(Cols.ATTRIBUTES));
    return out;
  }

  private static Column convert(Column v, DataType from, DataType to, SourceSettings s) {
    boolean fromString = from == DataTypes.StringType;
    if (to == DataTypes.StringType) {
      Column t = fromString ? trim(v) : v.cast(DataTypes.StringType);
      return when(t.notEqual(lit("")), t);
    }
    if (to == DataTypes.TimestampType && fromString && !s.timestampFormats().isEmpty()) {
      return plausible(parse(v, s.timestampFormats()));
    }
    if (to == DataTypes.DateType && fromString && !s.dateFormats().isEmpty()) {
      return plausible(to_date(parse(v, s.dateFormats())));
    }
    if (to == DataTypes.TimestampType || to == DataTypes.DateType) {
      return plausible(v.try_cast(to));
    }
    return v.try_cast(to);
  }

  /** The configured formats tried in order: the first that parses wins. */
  private static Column parse(Column v, List<String> formats) {
    return coalesce(
        formats.stream().map(f -> try_to_timestamp(trim(v), lit(f))).toArray(Column[]::new));
  }

  /** Dates outside 1900..2100 are typos (0023, 20230): treated as impossible, not as data. */
  private static Column plausible(Column t) {
    return when(year(t).between(1900, 2100), t);
  }

  private static Dataset<Row> derived(Dataset<Row> df, Params p) {
    SourceSettings s = p.source();
    df = df.withColumn(Cols.SOURCE, lit(s.name()));
    if (s.kind() == Kind.COSTS) {
      // Matched with the transactions' channels (online, offline): compared in lower case.
      return withBaseAmount(df.withColumn(Cols.CHANNEL, functions.lower(col(Cols.CHANNEL))), p);
    }
    df = df.withColumn(Cols.CHANNEL, lit(s.channel()));
    if (s.kind() == Kind.PAYMENTS) {
      return withBaseAmount(df, p);
    }
    if (s.kind() != Kind.TRANSACTIONS) {
      return df;
    }
    if (!s.mapping().containsKey(Cols.ORDER_ID) && s.synthesisesOrderId()) {
      df =
          df.withColumn(
                  Cols.ORDER_ID,
                  concat_ws(
                      "-", col(Cols.CUSTOMER_KEY), date_format(col(Cols.EVENT_TS), "yyyyMMdd")))
              .withColumn(
                  Cols.ORDER_ID,
                  when(
                      col(Cols.CUSTOMER_KEY).isNotNull().and(col(Cols.EVENT_TS).isNotNull()),
                      col(Cols.ORDER_ID)));
    }
    if (!s.mapping().containsKey(Cols.LINE_ID)) {
      // No line id in the source: the content identifies the line (exact copies are duplicates).
      df = df.withColumn(Cols.LINE_ID, substring(sha2(col(SourceReader.RAW), 256), 1, 16));
    }
    df = withBaseAmount(df, p);
    Column amount = col(Cols.AMOUNT);
    Column isReturn =
        coalesce(amount.lt(0), lit(false))
            .or(coalesce(col(Cols.QUANTITY).lt(0), lit(false)))
            .or(coalesce(col(MARKER), lit(false)));
    Column anonymous =
        col(Cols.CUSTOMER_KEY)
            .isNull()
            .and(col(Cols.EMAIL).isNull())
            .and(col(Cols.PHONE).isNull())
            .and(col(Cols.LOYALTY_ID).isNull());
    return df.withColumn(Cols.IS_RETURN, isReturn).withColumn(Cols.IS_ANONYMOUS, anonymous);
  }

  /**
   * The row's currency (upper case; the source's when unmapped) and amount_base, the amount at its
   * rate in clientele.exchange-rates (null for a currency without a rate; the amount itself when no
   * rates are configured).
   */
  private static Dataset<Row> withBaseAmount(Dataset<Row> df, Params p) {
    Column currency =
        org.apache.spark.sql.functions.upper(
            coalesce(col(Cols.CURRENCY), lit(p.source().currency())));
    df = df.withColumn(Cols.CURRENCY, currency);
    Column amount = col(Cols.AMOUNT);
    Column base = amount.try_cast(DataTypes.createDecimalType(18, 2));
    if (!p.exchangeRates().isEmpty()) {
      Column rate = null;
      for (Map.Entry<String, Double> r : p.exchangeRates().entrySet()) {
        Column rateValue = lit(new java.math.BigDecimal(String.valueOf(r.getValue())));
        rate =
            rate == null
                ? when(currency.equalTo(lit(r.getKey())), rateValue)
                : rate.when(currency.equalTo(lit(r.getKey())), rateValue);
      }
      base =
          org.apache
              .spark
              .sql
              .functions
              .round(amount.multiply(rate), 2)
              .try_cast(DataTypes.createDecimalType(18, 2));
    }
    return df.withColumn(Cols.AMOUNT_BASE, base);
  }
}
