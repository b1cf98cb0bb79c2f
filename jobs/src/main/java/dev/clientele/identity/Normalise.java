package dev.clientele.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Identifier normalisers as Column expressions (no UDF, so Spark can optimise them). Each returns
 * null for blank input, so an empty string never becomes a shared identifier. Phones need
 * libphonenumber and live in {@link Phones}.
 */
public final class Normalise {
  private Normalise() {}

  /** Provider rules for e-mail local parts. */
  public record EmailRules(List<String> dotInsensitiveDomains, List<String> plusTagDomains) {}

  private static final String ACCENTED = "àáâãäåāçćčèéêëēėęìíîïīñńòóôõöøōùúûüūýÿžźżšśłß";
  private static final String PLAIN = "aaaaaaaccceeeeeeeiiiiinnooooooouuuuuyyzzzsslß";

  /** Trim, lower case; drops dots and/or a +tag in the local part for the configured domains. */
  public static Column email(Column raw, EmailRules rules) {
    Column e = lower(trim(raw));
    Column valid = e.rlike("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    Column local = substring_index(e, "@", 1);
    Column domain = substring_index(e, "@", -1);
    Column untagged =
        when(domain.isin(rules.plusTagDomains().toArray()), split(local, "\\+").getItem(0))
            .otherwise(local);
    Column undotted =
        when(
                domain.isin(rules.dotInsensitiveDomains().toArray()),
                regexp_replace(untagged, "\\.", ""))
            .otherwise(untagged);
    return when(valid, concat(undotted, lit("@"), domain));
  }

  /** Loyalty and account ids: trim, upper case, without spaces, dashes, dots or slashes. */
  public static Column loyalty(Column raw) {
    return blankToNull(regexp_replace(upper(trim(raw)), "[\\s\\-./_]", ""));
  }

  /** Names: lower case, accents stripped, punctuation to spaces, whitespace collapsed. */
  public static Column name(Column raw) {
    Column plain = translate(lower(raw), ACCENTED, PLAIN);
    Column letters = regexp_replace(plain, "[^\\p{L}\\p{N}']+", " ");
    return blankToNull(trim(regexp_replace(letters, "\\s+", " ")));
  }

  /** Postcodes: upper case, without spaces or dashes ("sw1a 1aa" and "SW1A1AA" agree). */
  public static Column postcode(Column raw) {
    return blankToNull(regexp_replace(upper(trim(raw)), "[\\s\\-]", ""));
  }

  /** Free text such as city or address: like a name. */
  public static Column text(Column raw) {
    return name(raw);
  }

  /** "first last" from two normalised names; null when both are null. */
  public static Column fullName(Column firstNorm, Column lastNorm) {
    return blankToNull(
        trim(concat(coalesce(firstNorm, lit("")), lit(" "), coalesce(lastNorm, lit("")))));
  }

  static Column blankToNull(Column c) {
    return when(c.notEqual(lit("")), c);
  }
}
