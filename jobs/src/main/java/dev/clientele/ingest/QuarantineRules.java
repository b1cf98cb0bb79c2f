package dev.clientele.ingest;

import static dev.clientele.ingest.SourceMapping.F;
import static dev.clientele.ingest.SourceMapping.V;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.clientele.config.SourceSettings;
import dev.clientele.schema.CanonicalModel;
import dev.clientele.schema.CanonicalModel.Kind;
import dev.clientele.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** The contract rules behind the quarantine reason codes, in priority order (docs/ingest.md). */
final class QuarantineRules {
  private QuarantineRules() {}

  /** One contract rule: when it holds, the row is quarantined with this code and detail. */
  record Check(Column when, Column code, Column detail) {
    Check(Column when, String code, Column detail) {
      this(when, lit(code), detail);
    }
  }

  /** The rules in priority order: the first that holds names the row's reason. */
  static List<Check> of(SourceMapping.Params p) {
    SourceSettings s = p.source();
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            col(SourceReader.MALFORMED),
            "malformed_row",
            lit(
                "the row does not parse as "
                    + s.format()
                    + ("text".equals(s.format())
                        ? " with " + s.columns().size() + " fields"
                        : ""))));
    checks.add(
        new Check(
            col(SourceReader.RAW).contains("\uFFFD"),
            "invalid_utf8",
            lit(
                "the row holds bytes that are not valid "
                    + s.options().getOrDefault("encoding", "UTF-8"))));
    for (String r : CanonicalModel.requiredValues(s.kind())) {
      Column failed = s.mapping().containsKey(r) ? col(F + r) : lit(false);
      checks.add(
          new Check(
              col(r).isNull().and(not(failed)),
              "missing_required",
              lit("required column '" + r + "' has no value")));
    }
    if (s.kind() == Kind.EVENTS) {
      checks.add(
          new Check(
              col(Cols.CUSTOMER_KEY).isNull().and(col(Cols.DEVICE_ID).isNull()),
              "missing_required",
              lit("an event needs customer_key or device_id")));
    }
    if (s.kind() == Kind.COSTS) {
      // Nobody to carry it: neither its customer's nor spread over a channel's buyers.
      checks.add(
          new Check(
              col(Cols.CUSTOMER_KEY)
                  .isNull()
                  .and(col(Cols.CHANNEL).isNull())
                  .and(col(Cols.CAMPAIGN).isNull()),
              "missing_required",
              lit("a cost needs customer_key, channel or campaign")));
    }
    if (s.kind() == Kind.SURVEYS) {
      // An answer with neither score says nothing about the customer.
      checks.add(
          new Check(
              col(Cols.SATISFACTION)
                  .isNull()
                  .and(col(Cols.NPS_SCORE).isNull())
                  .and(
                      not(
                          s.mapping().containsKey(Cols.SATISFACTION)
                              ? col(F + Cols.SATISFACTION)
                              : lit(false)))
                  .and(
                      not(
                          s.mapping().containsKey(Cols.NPS_SCORE)
                              ? col(F + Cols.NPS_SCORE)
                              : lit(false))),
              "missing_required",
              lit("a survey answer needs satisfaction or nps_score")));
    }
    for (StructField f : CanonicalModel.data(s.kind()).fields()) {
      if (s.mapping().containsKey(f.name()) && !isOptionalAttribute(s.kind(), f.name())) {
        checks.add(valueCheck(f, s));
      }
    }
    if (s.kind() == Kind.SURVEYS && s.mapping().containsKey(Cols.NPS_SCORE)) {
      // The NPS question is "0 to 10": anything else is another scale or a typo, not an answer.
      checks.add(
          new Check(
              col(Cols.NPS_SCORE).isNotNull().and(not(col(Cols.NPS_SCORE).between(0, 10))),
              "out_of_range",
              concat(
                  lit("nps_score: '"),
                  col(Cols.NPS_SCORE).cast(DataTypes.StringType),
                  lit("' is not between 0 and 10"))));
    }
    if (s.kind() == Kind.TRANSACTIONS && p.maxAbsAmount() > 0) {
      // A typo or a unit error (cents as units, a barcode in the amount column) that parses as a
      // number would otherwise dominate revenue, Pareto and CLV.
      checks.add(
          new Check(
              // In the base currency when converted, so one threshold serves every currency.
              abs(coalesce(col(Cols.AMOUNT_BASE), col(Cols.AMOUNT))).gt(lit(p.maxAbsAmount())),
              "implausible_amount",
              concat(
                  lit("amount: '"),
                  col(Cols.AMOUNT).cast(DataTypes.StringType),
                  lit("' exceeds clientele.ingest.max-abs-amount " + plain(p.maxAbsAmount())))));
    }
    if (CanonicalModel.hasAmounts(s.kind()) && !p.exchangeRates().isEmpty()) {
      checks.add(
          new Check(
              col(Cols.AMOUNT).isNotNull().and(col(Cols.AMOUNT_BASE).isNull()),
              "unknown_currency",
              concat(
                  lit("currency '"),
                  col(Cols.CURRENCY),
                  lit("' has no rate in clientele.exchange-rates"))));
    }
    return checks;
  }

  /**
   * A customer record needs only its source key: any other attribute that does not parse is set to
   * null and reported as a data-quality issue, and the record goes on to resolution (a CRM full of
   * typed birth dates is normal; losing the whole person is worse than losing one attribute).
   */
  static boolean isOptionalAttribute(Kind kind, String column) {
    return kind == Kind.CUSTOMERS && !CanonicalModel.requiredValues(kind).contains(column);
  }

  /**
   * The optional attributes of a customer source, each with the condition that its value failed and
   * the reason code (the same codes as quarantine). No detail: it would quote the raw value.
   */
  static List<Check> attributeIssues(SourceMapping.Params p) {
    SourceSettings s = p.source();
    List<Check> issues = new ArrayList<>();
    for (StructField f : CanonicalModel.data(s.kind()).fields()) {
      if (s.mapping().containsKey(f.name()) && isOptionalAttribute(s.kind(), f.name())) {
        Check c = valueCheck(f, s);
        issues.add(new Check(c.when(), c.code(), lit(f.name())));
      }
    }
    return issues;
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static Check valueCheck(StructField f, SourceSettings s) {
    String name = f.name();
    Column value = col(V + name).cast(DataTypes.StringType);
    Column shown = concat(lit(name + ": '"), coalesce(value, lit("")), lit("'"));
    DataType t = f.dataType();
    if (t == DataTypes.TimestampType || t == DataTypes.DateType) {
      List<String> formats = t == DataTypes.DateType ? s.dateFormats() : s.timestampFormats();
      Column dateShaped = value.rlike("^\\s*(\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}|\\d{8})");
      Column code = when(dateShaped, lit("impossible_date")).otherwise(lit("unparseable_" + name));
      Column detail =
          concat(
              shown,
              lit(
                  formats.isEmpty()
                      ? " is not a valid date/time"
                      : " is not a valid date/time in " + formats));
      return new Check(col(F + name), code, detail);
    }
    boolean numeric = t instanceof org.apache.spark.sql.types.NumericType;
    return new Check(
        col(F + name),
        numeric ? "not_a_number" : "unparseable_" + name,
        concat(
            shown,
            lit(
                numeric
                    ? " is not a number (" + t.simpleString() + ")"
                    : " cannot be read as " + t.simpleString())));
  }
}
