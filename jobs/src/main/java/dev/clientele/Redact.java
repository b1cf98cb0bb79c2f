package dev.clientele;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone numbers in free text (error messages, stack traces) before it
 * reaches a log, the run summary or the {@code runs} table. Our own messages name sources and
 * columns, never values; this is the safety net for messages built by Spark or a library that quote
 * a value from the data (e.g. {@code raise_error} in a mapping, a cast error). Names cannot be
 * recognised in free text; nothing in the job puts one into a message.
 */
public final class Redact {
  private Redact() {}

  public static final String EMAIL_MASK = "<email>";
  public static final String PHONE_MASK = "<phone>";

  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}\\p{N}._%+'-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");

  /**
   * A phone: an optional '+', then digits in groups separated by a space, dot, dash or parentheses,
   * nine digits or more in all (short enough numbers, amounts and ids stay readable).
   */
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w.+-])\\+?\\(?\\d[\\d ().-]{7,}\\d(?![\\w])");

  /** ISO dates and timestamps look like digit groups too; they are kept. */
  private static final Pattern DATE_LIKE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?:[ T]\\d{2})?(?:[ .]\\d+)*");

  public static String text(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    String noEmails = EMAIL.matcher(s).replaceAll(EMAIL_MASK);
    Matcher m = PHONE.matcher(noEmails);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String found = m.group();
      long digits = found.chars().filter(Character::isDigit).count();
      boolean phone = digits >= 9 && digits <= 15 && !DATE_LIKE.matcher(found).matches();
      m.appendReplacement(out, Matcher.quoteReplacement(phone ? PHONE_MASK : found));
    }
    m.appendTail(out);
    return out.toString();
  }
}
