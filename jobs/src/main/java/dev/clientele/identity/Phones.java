package dev.clientele.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Phone numbers to E.164 with libphonenumber; the one normaliser that needs a UDF. */
public final class Phones {
  private Phones() {}

  /**
   * E.164 ("+33612345678") of a number, read in {@code defaultRegion} when it has no "+"; null if
   * invalid.
   */
  public static String e164(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber n = util.parse(raw.trim(), defaultRegion);
      return util.isValidNumber(n) ? util.format(n, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The Column form of {@link #e164}. */
  public static Column e164(Column raw, String defaultRegion) {
    UDF1<String, String> f = s -> e164(s, defaultRegion);
    UserDefinedFunction udf = functions.udf(f, DataTypes.StringType);
    return udf.apply(raw);
  }
}
